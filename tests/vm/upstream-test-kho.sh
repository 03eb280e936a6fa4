#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Upstream's own Kexec HandOver user, lib/test_kho.c of Linux 7.1.8,
# compiled unchanged into our 6.12 (make upstream-users-kernel), from our
# kernel to itself. At boot with kho=on it fills random folios and
# preserves them, their list as a preserved vmalloc area and their
# checksum under "kho_test"; the next kernel's test_kho restores every
# folio and compares the checksum: "test_kho: KHO restore succeeded".
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --kernel upstream-users --peer upstream-users
# run-vm-arch: x86_64 (KHO is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	upstream_users_hand_over
	;;
2)
	check_payload
	expect_upstream_users
	logged "KHO: (handover accepted|restorable)" "no 'KHO: handover accepted' line"
	expect_upstream_test_kho_restored
	;;
esac
