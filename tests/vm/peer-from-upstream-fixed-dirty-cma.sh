#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vm.peer-from-upstream-dirty-cma on 7.1.8 with upstream-patches/: patch 1
# clears the part of each CMA page the source does not fill. stress-ng
# fills memory, CMA included, and exits; the default load puts the kernel
# segment (memsz > bufsz) in those pages. Stage 1 reads the segment's
# tail [bufsz, memsz) through /dev/mem and finds only zeros, where the
# unpatched kernel leaves stress-ng's bytes; the purgatory's digest then
# matches and our 6.12 boots with the payload intact.
#
# Stage 1 (stress-ng, then the load) reaches kexec -e about 35 s in;
# beside another guest it may take twice that.
# run-vm: --mem 2G --append cma=512M --kernel upstream-fixed --peer ours --timeout 240
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream_fixed
	[ -r $CMA_DIR/base_pfn ] || fail "no $CMA_DIR: the upstream kernel has no CMA debugfs"
	make_payload
	dirty_cma

	dmesg -c > /dev/null
	upstream_load
	bufsz=$((up_bufsz)) memsz=$((up_memsz))
	in_cma $up_kernel $up_memsz || fail "the kernel segment is not in CMA"
	[ $memsz -gt $bufsz ] || fail "the kernel segment has no tail to clear"
	# The tail from bufsz on, the rest of the page bufsz ends in included
	tail=$((up_kernel + bufsz))
	dirty=$(dd if=/dev/mem bs=4096 skip=$((tail / 4096)) \
		count=$(((up_kernel + memsz) / 4096 - tail / 4096)) 2>/dev/null |
		tail -c +$((tail % 4096 + 1)) | tr -d '\000' | wc -c)
	echo "upstream-fixed: $dirty non-zero bytes in the kernel segment's tail"
	[ "$dirty" -eq 0 ] || fail "the kernel segment's tail holds $dirty non-zero bytes"
	vm-kexec --exec
	;;
2)
	check_payload_from 7.1.8-fixed
	;;
esac
