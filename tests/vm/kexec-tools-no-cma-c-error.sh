#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run-vm: --mem 2G --append cma=512M
#
# kexec-tools-no-cma-c-error.sh: `kexec -c --no-cma` is refused.
#
# Usage: tests/run-vm tests/vm/kexec-tools-no-cma-c-error.sh
#
# Guest test (busybox sh, root, debugfs at /sys/kernel/debug; STAGE=1 on
# the first boot; exit 0 = pass). kexec_load (-c) never places segments in
# CMA, so --no-cma with -c must fail: non-zero exit, a message naming
# --no-cma and -c, and nothing loaded (kexec_loaded 0, no segments listed),
# whatever the order of the two options. -c alone must still get past
# option checking (whether kexec_load then works is not this test's
# business), so the refusal is really about --no-cma.
set -u

. /usr/share/kcma/lib.sh
T=kexec-tools-no-cma-c-error
OUT=/tmp/$T.out

[ "$STAGE" = 1 ] || fail "unexpected stage $STAGE (this test does not kexec)"
kexec -s -u 2>/dev/null
[ "$(cat /sys/kernel/kexec_loaded)" = 0 ] || fail "an image is loaded before the test and kexec -s -u did not remove it"

initrd=/tmp/$T.initrd
vm-kexec --initrd-only "$initrd" || fail "vm-kexec --initrd-only exited $?"

check_refused() {
	"$@" >"$OUT" 2>&1
	rc=$?
	cat "$OUT"
	[ $rc -ne 0 ] || fail "$* exited 0"
	grep -q -- "--no-cma" "$OUT" && grep -q -- "-c (--kexec-syscall)" "$OUT" ||
		fail "$*: message does not name --no-cma and -c"
	grep -q "kexec_load never places segments in CMA" "$OUT" ||
		fail "$*: message does not say why (kexec_load never uses CMA)"
	[ "$(cat /sys/kernel/kexec_loaded)" = 0 ] || fail "$* loaded an image (kexec_loaded 1)"
	if [ -r $SEGMENTS ]; then
		[ -z "$(segments default)" ] || fail "$*: segments listed for image default"
	fi
	ok "$* refused (exit $rc), nothing loaded"
}

check_refused kexec -c --no-cma -l /boot/bzImage --initrd="$initrd" --append=console=ttyS0
check_refused kexec --no-cma -c -l /boot/bzImage --initrd="$initrd" --append=console=ttyS0
check_refused kexec -l -c /boot/bzImage --initrd="$initrd" --append=console=ttyS0 --no-cma
check_refused kexec -c -u --no-cma

# Without --no-cma the same command line must not hit that message.
kexec -c -l /boot/bzImage --initrd="$initrd" --append="console=ttyS0" >"$OUT" 2>&1
rc=$?
if grep -q -- "--no-cma" "$OUT"; then
	cat "$OUT"
	fail "kexec -c without --no-cma complains about --no-cma"
fi
ok "kexec -c without --no-cma is not refused for it (exit $rc)"
kexec -c -u 2>/dev/null
kexec -s -u 2>/dev/null
exit 0
