#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vm.cma-dirty on the upstream Linux 7.1.8 kernel: stress-ng fills memory,
# CMA included, with patterns and exits; upstream's default load then puts
# the image in those CMA pages. Its kimage_load_cma_segment() copies bufsz
# bytes and clears the rest with a memset whose count has already run down
# to zero, so the tail [bufsz, memsz) of the kernel segment (about 12 MiB
# of a bzImage's memsz) keeps what stress-ng left there, while the digest
# hashes that tail as zeros: the purgatory finds a mismatch and stops, and
# no next kernel ever starts. Stage 1 checks the premise (CMA dirtied, the
# kernel segment in CMA with memsz > bufsz, from upstream's own kexec -d
# lines, and non-zero bytes in the segment's tail read through /dev/mem);
# the run must then end in the purgatory. Where CMA was clean
# (vm.peer-from-upstream-cma) the same load reaches the next kernel, and
# our 6.12 boots the dirty case whole (vm.cma-dirty).
#
# Stage 1 (stress-ng, then the load) reaches kexec -e about 35 s into a
# run of its own, about twice that beside another guest; --stuck-after
# ends the run 30 s after the jump, the CPUs read first, and the timeout
# only bounds a run that never jumps.
# run-vm: --mem 2G --append cma=512M --kernel upstream --peer ours --timeout 180 --stuck-after 30 --expect-fail "kexec from stage 1 never reached stage 2 \(timeout, RIP 0x[0-9a-f]+ in the purgatory\)"
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream
	[ -r $CMA_DIR/base_pfn ] || fail "no $CMA_DIR: the upstream kernel has no CMA debugfs"
	make_payload
	dirty_cma

	used0=$(cma_used)
	dmesg -c > /dev/null
	upstream_load
	bufsz=$((up_bufsz)) memsz=$((up_memsz))
	echo "upstream: $(($(cma_used) - used0)) CMA pages taken"
	in_cma $up_kernel $up_memsz || fail "upstream did not place the kernel segment in CMA"
	[ $memsz -gt $bufsz ] || fail "the kernel segment has no tail to leave dirty"
	# The premise, seen before the jump: the tail's whole pages, read
	# through /dev/mem, still hold what stress-ng left
	tail=$(((up_kernel + bufsz + 4095) / 4096))
	pages=$(((up_kernel + memsz) / 4096 - tail))
	dirty=$(dd if=/dev/mem bs=4096 skip=$tail count=$pages 2>/dev/null |
		tr -d '\000' | wc -c)
	echo "upstream: $dirty non-zero bytes in the $pages whole pages of the kernel segment's tail"
	[ "$dirty" -gt 0 ] || fail "the kernel segment's tail reads all zeros: nothing for the digest to miss"
	vm-kexec --exec
	;;
2)
	fail "upstream's purgatory let a segment with a dirty tail through"
	;;
esac
