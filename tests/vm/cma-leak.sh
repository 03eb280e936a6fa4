#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# 50 load/unload cycles, failed loads (a non-kernel file, a missing
# initrd, an image over half of memory that fails the sanity check after
# its first segments were placed), and the direct-syscall errno suite:
# afterwards the CMA bitmap is exactly at its baseline and CmaFree too, or
# the whole area can be claimed (expect_cma_at_baseline): a page the
# measurement frees may sit on a per-CPU list or not.
# Then a handover.
#
# run-vm: --mem 3G --append "cma=512M crashkernel=128M" --timeout 900
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	head -c 1048576 /dev/urandom > /tmp/small.img
	used0=$(cma_used)
	free0=$(cma_free)
	echo "baseline: CMA pages in use $used0, CmaFree $free0 kB"

	i=0
	while [ $i -lt 50 ]; do
		kexec -s -l $KERNEL_IMAGE --initrd=/tmp/small.img \
			--command-line=console=ttyS0 || fail "load $i failed"
		[ $i -eq 0 ] && expect_all cma cma
		kexec -s -u || fail "unload $i failed"
		i=$((i + 1))
	done
	echo "50 load/unload cycles done"
	[ "$(cma_used)" = "$used0" ] || fail "after 50 cycles: $(cma_used) CMA pages in use, baseline $used0"

	kexec -s -l /tmp/small.img --initrd=/tmp/small.img 2>/dev/null &&
		fail "a non-kernel file was loaded"
	kexec -s -l $KERNEL_IMAGE --initrd=/tmp/no-such-initrd 2>/dev/null &&
		fail "a load with a missing initrd succeeded"
	truncate -s 1700M /tmp/huge.img
	kexec -s -l $KERNEL_IMAGE --initrd=/tmp/huge.img 2>/dev/null &&
		fail "an image larger than half of memory was loaded"
	rm -f /tmp/huge.img
	expect_loaded default 0 "after the failed loads"

	kexec-file-errno $KERNEL_IMAGE /tmp/small.img || fail "kexec-file-errno failed"

	echo "after: CMA pages in use $(cma_used), CmaFree $(cma_free) kB"
	expect_cma_at_baseline "$used0" "$free0" "after the cycles and failed loads"
	vm-kexec || fail "vm-kexec failed"
	;;
2)
	check_payload
	;;
esac
