#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kexec HandOver from upstream Linux 7.1.8 to our 6.12. Booted with
# kho=on, upstream's own test user (lib/test_kho.c) fills random folios
# and preserves them, their list (a preserved vmalloc area) and their
# checksum under "kho_test". Upstream loads our kernel with a default
# load, which with kho=on places every segment in its scratch areas (its
# kexec -d lines against its kho/out/scratch_* files) and none in CMA (the
# CMA bitmap does not move), and hands over; our kernel
# accepts the handover, and our test user restores every listed folio
# and checks their bytes against upstream's checksum. Every byte:
# upstream's side reads the folios through /dev/mem before the handover
# (kcma-kho-folios), ours hashes them as it restores them, and the two
# SHA-256 must match. Upstream sizes its scratch areas for low memory and
# per node 0 here: our kernel skips such empty areas. Upstream also
# preserves a reserve_mem= region of 16 MiB, which its kho_preserve_pages()
# cuts into blocks above MAX_PAGE_ORDER: our kernel must accept such a map
# (it refused the whole handover as "the memory map is unusable" before).
# Upstream fills the region with random bytes through /dev/mem; our
# kernel, given the same reserve_mem=, must take it back where it was
# (from upstream's "memblock" subtree) instead of allocating another, and
# our test user must find the same bytes in it.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0 reserve_mem=16M:4M:kcma kho_test.reserve_mem=kcma" --kernel upstream --peer ours
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream
	[ -r $CMA_USED ] || fail "no $CMA_USED: the upstream kernel has no CMA debugfs"
	region=$(kcma-reserve-mem $KHO/out/sub_fdts/memblock kcma) ||
		fail "upstream hands over no reserve_mem region 'kcma'"
	largest=$(largest_kho_block $region)
	echo "upstream preserves reserve_mem 'kcma' (start, size: $region) in blocks up to order $largest"
	[ "$largest" -gt 10 ] ||
		fail "the region's largest block is order $largest: no block above MAX_PAGE_ORDER to hand over"
	set -- $region
	echo "$1 $(reserve_mem_devmem_fill $1 $2)" > /state/reserve-mem
	make_payload
	upstream_kho_test_sum
	used0=$(cma_used)
	dmesg -c > /dev/null
	upstream_load
	[ "$(cma_used)" -eq "$used0" ] ||
		fail "with kho=on upstream took $(($(cma_used) - used0)) CMA pages for the image"
	echo "upstream: scratch areas at" $(cat $KHO/out/scratch_phys) \
		"sized" $(cat $KHO/out/scratch_len)
	in_upstream_scratch $up_kernel $up_memsz || fail "upstream placed the kernel outside its scratch areas"
	in_upstream_scratch $up_initrd $up_initrd_memsz || fail "upstream placed the initrd outside its scratch areas"
	vm-kexec --exec
	;;
2)
	check_payload_from 7.1.8
	expect_upstream_kho_test
	expect_reserve_mem_taken_back kcma $(cat /state/reserve-mem)
	;;
esac
