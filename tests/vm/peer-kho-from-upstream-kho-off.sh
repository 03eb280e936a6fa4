#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What still stands between 7.1.8 and this kernel: 7.1.8 hands over
# whenever its KHO is on, and this kernel takes a handover only when
# booted with kho=on. 7.1.8, booted with kho=on, preserves its test_kho
# folios and loads this kernel with a command line that lacks kho=on;
# this kernel must say it ignores the handover, treat the preserved
# memory as free, and boot normally with the payload intact.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --kernel upstream --peer ours
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	upstream_test_kho_hand_over peer_load --without kho=on
	;;
2)
	check_payload_from 7.1.8
	grep -q 'kho=on' /proc/cmdline && fail "kho=on is on the command line"
	logged "KHO: booted without kho=on: ignoring the handover, preserved memory is free memory" \
		"no line saying the handover is ignored without kho=on"
	[ ! -e $KHO_TEST/status ] || [ "$(kho_status upstream_found)" = 0 ] ||
		fail "the test user restored upstream's data from an ignored handover"
	expect_quiet_kernel
	;;
esac
