#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vm-kexec into the same kernel, no CMA area: stage 2 runs the same kernel
# (uname -v) with stage 1's command line, stage=2 and the words of
# vm-kexec's --append ARGS and --append=ARGS, and the payload intact.
# vm-kexec refuses, with exit status 2 and a message, the kexec options it
# sets itself.
#
# run-vm: --mem 1G
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	cat /proc/cmdline > /state/cmdline
	for opt in --command-line=x "--append x" --append=x "--initrd /x" \
		   --initrd=/x "--ramdisk /x" --reuse-cmdline; do
		run vm-kexec --load-only -d $opt
		[ $rc = 2 ] && grep -q "^vm-kexec: ${opt%%[ =]*} among the kexec options" $OUT ||
			fail "vm-kexec --load-only -d $opt: exit $rc, expected 2 and a message"
	done
	expect_loaded default 0 "after the refused vm-kexec calls"
	vm-kexec --append "kcma.a=1 kcma.b=2" --append=kcma.c=3 || fail "vm-kexec failed"
	;;
2)
	grep -qw stage=2 /proc/cmdline || fail "no stage=2 in $(cat /proc/cmdline)"
	expected="$(sed -E 's/(^| )stage=1( |$)/\1stage=2\2/' /state/cmdline) kcma.a=1 kcma.b=2 kcma.c=3"
	[ "$(cat /proc/cmdline)" = "$expected" ] ||
		fail "command line is '$(cat /proc/cmdline)', expected '$expected'"
	check_payload
	;;
esac
