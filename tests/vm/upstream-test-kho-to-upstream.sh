#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Upstream's lib/test_kho.c of Linux 7.1.8, compiled unchanged into our
# 6.12 (make upstream-users-kernel), preserves its random folios at boot;
# our kernel hands over to 7.1.8, whose own test_kho restores every folio
# and compares the checksum: the data upstream's user wrote on our kernel
# arrives as upstream's user reads it.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --kernel upstream-users --peer upstream
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	upstream_users_hand_over
	;;
2)
	check_payload_from 6.12
	expect_upstream
	logged "KHO: found kexec handover data" "upstream did not take the handover"
	expect_upstream_test_kho_restored
	;;
esac
