#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kexec -c --no-cma is refused: kexec_load (-c) never places segments in
# CMA, so whatever the order of the two options kexec must fail with a
# message naming --no-cma and -c and saying why, and load nothing
# (kexec_loaded 0, no segments listed). -c alone must still get past
# option checking and load through kexec_load (CONFIG_KEXEC is on), so
# the refusal is really about --no-cma.
#
# run-vm: --mem 2G --append cma=512M
. /usr/share/kcma/lib.sh
stages 1

check_refused()
{
	run "$@"
	[ $rc -ne 0 ] || fail "$* exited 0"
	grep -q -- "--no-cma" $OUT && grep -q -- "-c (--kexec-syscall)" $OUT ||
		fail "$*: message does not name --no-cma and -c"
	grep -q "kexec_load never places segments in CMA" $OUT ||
		fail "$*: message does not say why (kexec_load never uses CMA)"
	expect_loaded default 0 "after $*"
	[ -z "$(segments default)" ] || fail "$*: segments listed for image default"
	ok "$* refused (exit $rc), nothing loaded"
}

expect_loaded default 0 "before the test"
initrd=/tmp/next.cpio
vm-kexec --initrd-only $initrd || fail "vm-kexec --initrd-only failed"

check_refused kexec -c --no-cma -l $KERNEL_IMAGE --initrd=$initrd --append=console=ttyS0
check_refused kexec --no-cma -c -l $KERNEL_IMAGE --initrd=$initrd --append=console=ttyS0
check_refused kexec -l -c $KERNEL_IMAGE --initrd=$initrd --append=console=ttyS0 --no-cma
check_refused kexec -c -u --no-cma

# Without --no-cma the same command line loads, and unloads, through
# kexec_load.
run kexec -c -l $KERNEL_IMAGE --initrd=$initrd --append=console=ttyS0
! grep -q -- "--no-cma" $OUT || fail "kexec -c without --no-cma complains about --no-cma"
[ $rc -eq 0 ] || fail "kexec -c -l without --no-cma failed (exit $rc)"
expect_loaded default 1 "after kexec -c -l"
run kexec -c -u
[ $rc -eq 0 ] || fail "kexec -c -u failed (exit $rc)"
expect_loaded default 0 "after kexec -c -u"
ok "kexec -c without --no-cma loads and unloads through kexec_load"
