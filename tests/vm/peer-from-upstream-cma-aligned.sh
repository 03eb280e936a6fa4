#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Upstream Linux 7.1.8's own CMA placement hands over to our 6.12 once its
# kernel segment happens to be 2 MiB aligned. vm.peer-from-upstream-cma
# shows the default case failing: dma_alloc_from_contiguous() caps the
# alignment at 1 MiB, and the next kernel's decompressor, which rounds its
# output up to 2 MiB, overwrites the initrd placed right after it. Here
# the purgatory's page and the boot parameters, which come first and put
# the kernel at the next MiB, are pushed one MiB up by taking 1 MiB at the
# start of the CMA area (its debugfs "alloc"), and the load places the
# kernel 2 MiB aligned, it and the initrd in CMA (from upstream's own
# kexec -d lines and the area's bounds): our kernel boots with its initrd
# and the payload intact. The cause of the failure is the alignment alone.
# Nothing else is loaded first: upstream leaves the tail [bufsz, memsz) of
# a CMA kernel segment as it finds it, and a trial image unloaded there
# stops the real one's purgatory (vm.peer-from-upstream-dirty-cma).
#
# run-vm: --mem 2G --append cma=512M --kernel upstream --peer ours
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream
	[ -w $CMA_DIR/alloc ] || fail "no $CMA_DIR/alloc: the upstream kernel has no CMA debugfs"
	[ $(($(cat $CMA_DIR/base_pfn) % 512)) -eq 0 ] || fail "the CMA area does not start 2 MiB aligned"
	echo 256 > $CMA_DIR/alloc || fail "cannot take 1 MiB of the CMA area"
	make_payload
	dmesg -c > /dev/null
	upstream_load
	[ $((up_kernel % 2097152)) -eq 0 ] || fail "upstream placed the kernel at $up_kernel, not 2 MiB aligned"
	expect_upstream_in_cma
	vm-kexec --exec
	;;
2)
	check_payload_from 7.1.8
	;;
esac
