#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Linux 7.1.8's test_kho preserves its random folios at boot and 7.1.8
# hands over to our 6.12 with the same lib/test_kho.c compiled unchanged
# into it (make upstream-users-kernel), which restores every folio and
# compares the checksum.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --kernel upstream --peer upstream-users
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	upstream_test_kho_hand_over upstream_load
	;;
2)
	check_payload_from 7.1.8
	expect_upstream_users
	logged "KHO: (handover accepted|restorable)" "no 'KHO: handover accepted' line"
	expect_upstream_test_kho_restored
	;;
esac
