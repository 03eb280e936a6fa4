#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vm.peer-kho-from-upstream on 7.1.8 with upstream-patches/: patch 6 tries
# the CMA placement before the KHO scratch areas, which patch 5 makes safe
# by refusing to preserve any page in CMA. Booted with kho=on, upstream's
# test_kho preserves its folios; the default load of our kernel now takes
# CMA pages and puts the kernel and the initrd in the CMA area (its kexec
# -d lines against the area's bounds), where unpatched 7.1.8 puts them in
# its scratch areas. Our kernel accepts the handover and restores every
# folio, whose bytes match upstream's checksum and the SHA-256 7.1.8 read
# through /dev/mem before the jump.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --kernel upstream-fixed --peer ours
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream_fixed
	[ -r $CMA_USED ] || fail "no $CMA_USED: the upstream kernel has no CMA debugfs"
	make_payload
	upstream_kho_test_sum
	used0=$(cma_used)
	dmesg -c > /dev/null
	upstream_load
	echo "upstream-fixed: $(($(cma_used) - used0)) CMA pages taken with kho=on"
	expect_upstream_in_cma
	vm-kexec --exec
	;;
2)
	check_payload_from 7.1.8-fixed
	expect_upstream_kho_test
	;;
esac
