#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Handovers the next kernel must refuse, each damaged on purpose through
# kho/out/corrupt (CONFIG_KEXEC_HANDOVER_DEBUG): another format version
# and a byte of the FDT segment flipped after kexec -e sealed it (both
# done at kexec -e), a preserved block outside RAM, one in a scratch area
# (tools/kho-fdt finds these two first), a map node outside RAM, a map
# whose root links back to itself at every free entry (a walk of it would
# not end); then a sound handover into a kernel booted without kho=on.
# Each next kernel
# logs why, takes nothing back, and boots normally with the payload
# intact.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,256M,0" --timeout 900
# run-vm-arch: x86_64 (KHO is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 8

KNOB=$KHO/out/corrupt

# damage HOW [WHAT]: preserve data, damage the handover, check that
# tools/kho-fdt finds WHAT (an extended regular expression) wrong with it,
# and jump
damage()
{
	[ -w $KNOB ] || skip "no $KNOB: CONFIG_KEXEC_HANDOVER_DEBUG is off"
	kho_preserve 4194304
	echo "$1" > $KNOB || fail "cannot damage the handover with '$1'"
	if [ -n "${2:-}" ]; then
		kho_fdt_check
		[ $rc -eq 1 ] && grep -Eq "$2" $OUT ||
			fail "kho-fdt check (exit $rc) does not report '$2'"
	fi
	load
	vm-kexec --exec
}

[ "$STAGE" -eq 1 ] && make_payload
[ "$STAGE" -gt 1 ] && check_payload

case $STAGE in
1)
	damage compatible
	;;
2)
	expect_kho_refused "handover FDT is 'kho-v0', this kernel reads 'kho-v3': ignoring it"
	damage checksum
	;;
3)
	expect_kho_refused "the handover segment's checksum is wrong: ignoring the handover"
	damage outside-ram "is not RAM"
	;;
4)
	expect_kho_refused "preserved range .* is not RAM"
	damage in-scratch "scratch"
	;;
5)
	expect_kho_refused "preserved range .* lies in a scratch area"
	damage bad-node
	;;
6)
	expect_kho_refused "memory map node .* is not RAM"
	damage loop
	;;
7)
	expect_kho_refused "memory map node .* links back to a node above it"
	kho_preserve 4194304
	load --append kho=off
	vm-kexec --exec
	;;
8)
	expect_kho_refused "booted without kho=on: ignoring the handover"
	[ ! -e $KHO_TEST ] || fail "$KHO_TEST exists without kho=on"
	;;
esac
