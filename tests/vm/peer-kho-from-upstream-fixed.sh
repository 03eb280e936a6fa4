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
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream_fixed
	[ -r $KHO/out/sub_fdts/kho_test ] ||
		fail "upstream's test_kho preserved nothing: no $KHO/out/sub_fdts/kho_test"
	[ -r $CMA_USED ] || fail "no $CMA_USED: the upstream kernel has no CMA debugfs"
	make_payload
	kho_folios_sum $KHO/out/sub_fdts/kho_test
	cp /tmp/kho-sum /state/kho-sum
	used0=$(cma_used)
	dmesg -c > /dev/null
	peer_load -d
	set -- $(upstream_loaded "64bit kernel") $(upstream_loaded initrd)
	[ $# -eq 6 ] || fail "upstream's kexec -d printed no 'Loaded 64bit kernel' or 'Loaded initrd' line"
	echo "upstream-fixed: kernel at $1, memsz $3; initrd at $4, memsz $6;" \
		"$(($(cma_used) - used0)) CMA pages taken"
	in_cma $1 $3 || fail "with kho=on the kernel segment is not in CMA"
	in_cma $4 $6 || fail "with kho=on the initrd is not in CMA"
	vm-kexec --exec
	;;
2)
	check_payload_from 7.1.8-fixed
	expect_upstream_kho_test
	;;
esac
