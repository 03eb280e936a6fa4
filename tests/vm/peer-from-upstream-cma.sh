#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What upstream Linux 7.1.8's own CMA placement does to the next kernel:
# it allocates the kernel segment with dma_alloc_from_contiguous(), which
# caps the alignment at CONFIG_CMA_ALIGNMENT (1 MiB) where the bzImage
# asks for 2 MiB. The next kernel's decompressor rounds its output up to
# 2 MiB and writes past the segment into the initrd CMA placed right after
# it, so our 6.12 finds no init to run. Stage 1 checks the premise from
# upstream's own kexec -d lines (kernel not 2 MiB aligned, the initrd
# starting within 2 MiB of the kernel segment's end); the run must then
# fail that way.
#
# run-vm: --mem 2G --append cma=512M --kernel upstream --peer ours --expect-fail "kernel panic booting stage 2: .*No working init found"
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream
	make_payload
	dmesg -c > /dev/null
	upstream_load
	kernel=$((up_kernel)) end=$((up_kernel + up_memsz)) initrd=$((up_initrd))
	echo "upstream: the kernel segment starts $((kernel % 2097152)) bytes past 2 MiB"
	[ $((kernel % 2097152)) -ne 0 ] ||
		fail "upstream placed the kernel 2 MiB aligned: nothing to show"
	[ $initrd -ge $end ] && [ $((initrd - end)) -lt 2097152 ] ||
		fail "the initrd is not within 2 MiB after the kernel segment"
	vm-kexec --exec
	;;
2)
	check_payload_from 7.1.8
	;;
esac
