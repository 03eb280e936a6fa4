#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vm.peer-from-upstream-cma on 7.1.8 with upstream-patches/: patch 2
# allocates a CMA segment with cma_alloc() at the alignment the image asks
# for, instead of dma_alloc_from_contiguous(), which caps it at 1 MiB. The
# same default load (no 1 MiB taken first, as vm.peer-from-upstream-cma-
# aligned must) now puts the kernel segment 2 MiB aligned, it and the
# initrd in CMA (from upstream's own kexec -d lines and the area's
# bounds), and our 6.12 boots with its initrd and the payload intact.
#
# run-vm: --mem 2G --append cma=512M --kernel upstream-fixed --peer ours
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream_fixed
	make_payload
	dmesg -c > /dev/null
	upstream_load
	[ $((up_kernel % 2097152)) -eq 0 ] || fail "the kernel segment at $up_kernel is not 2 MiB aligned"
	expect_upstream_in_cma
	vm-kexec --exec
	;;
2)
	check_payload_from 7.1.8-fixed
	;;
esac
