#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Load, replace, fail and unload, over and over: each cycle loads an image
# in CMA, replaces it by a --no-cma one and that by a CMA one again, makes
# a load fail (a file that is not a kernel; every tenth cycle also an image
# over half of memory, refused after its first segments were placed),
# checks the image survived, and unloads it. CMA pages in use and CmaFree
# exactly at baseline at the end, and every hundred cycles on the way.
# Then a handover.
#
# kcma.soak_cycles=N on the command line (default 20; make soak: 1000).
#
# run-vm: --mem 3G --append "cma=512M" --timeout 3600
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	head -c 1048576 /dev/urandom > /tmp/small.img
	truncate -s 1700M /tmp/huge.img
	cycles=$(cmdline_value kcma.soak_cycles)
	cycles=${cycles:-20}
	used0=$(cma_used)
	free0=$(cma_free)
	echo "baseline: CMA pages in use $used0, CmaFree $free0 kB; $cycles cycles"
	i=1
	while [ $i -le "$cycles" ]; do
		kexec -s -l $KERNEL_IMAGE --initrd=/tmp/small.img \
			--command-line="console=ttyS0 cycle=$i" || fail "cycle $i: load failed"
		kexec -s -l --no-cma $KERNEL_IMAGE --initrd=/tmp/small.img \
			--command-line="console=ttyS0 cycle=$i" || fail "cycle $i: --no-cma replacement failed"
		kexec -s -l $KERNEL_IMAGE --initrd=/tmp/small.img \
			--command-line="console=ttyS0 cycle=$i" || fail "cycle $i: CMA replacement failed"
		before=$(cat $SEGMENTS)
		kexec -s -l /tmp/small.img --initrd=/tmp/small.img 2>/dev/null &&
			fail "cycle $i: a file that is not a kernel was loaded"
		# Reading 1.7 GB into the kernel takes seconds under TCG
		if [ $((i % 10)) -eq 1 ]; then
			kexec -s -l $KERNEL_IMAGE --initrd=/tmp/huge.img 2>/dev/null &&
				fail "cycle $i: an image over half of memory was loaded"
		fi
		[ "$(cat $SEGMENTS)" = "$before" ] ||
			fail "cycle $i: the failed loads changed the loaded image"
		expect_all cma cma
		kexec -s -u || fail "cycle $i: unload failed"
		if [ $((i % 100)) -eq 0 ]; then
			expect_cma_at_baseline "$used0" "$free0" "after $i cycles"
			echo "$i cycles: CMA at baseline"
		fi
		i=$((i + 1))
	done
	rm -f /tmp/huge.img
	expect_cma_at_baseline "$used0" "$free0" "after $cycles cycles"
	expect_quiet_kernel
	echo "$cycles cycles of load, two replacements, failed loads and unload: CMA exactly at baseline"
	vm-kexec || fail "vm-kexec failed"
	;;
2)
	check_payload
	;;
esac
