#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The scratch area is CMA: under stress-ng, movable pages fill it (CmaFree
# falls below what the scratch area alone holds), data is preserved and
# the image loaded under that pressure, and the next kernel, which boots
# in the scratch area, accepts the handover (it refuses one with a
# preserved block in scratch) and finds every byte intact.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --timeout 600
# run-vm-arch: x86_64 (KHO is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	[ -d /sys/kernel/debug/cma/kho_scratch0 ] || fail "no CMA area kho_scratch0"
	scratch_kb=$(($(head -n1 $KHO/out/scratch_len) / 1024))
	total_kb=$(awk '/^CmaTotal:/ { print $2 }' /proc/meminfo)
	[ "$total_kb" -eq $((262144 + scratch_kb)) ] ||
		fail "CmaTotal $total_kb kB, expected the 256 MiB area plus $scratch_kb kB of scratch"
	# stress-ng leaves room for what the load itself needs: the kernel's
	# copy of the initrd, the non-CMA pages the scratch area's movable
	# pages migrate to, and the preserved data; with a percentage it
	# drove the load into the OOM killer and, at times, to -ENOMEM.
	vm-kexec --initrd-only /tmp/next.cpio || fail "cannot write the initrd"
	cmdline=$(vm-kexec --cmdline-only)
	initrd_kb=$(($(stat -c %s /tmp/next.cpio) / 1024))
	avail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
	stress_kb=$((avail_kb - 2 * initrd_kb - 16384 - 131072))
	[ "$stress_kb" -gt "$scratch_kb" ] ||
		fail "only $avail_kb kB available with a $initrd_kb kB initrd: too little to fill the scratch area"
	stress-ng --vm 1 --vm-bytes ${stress_kb}k --vm-keep --timeout 300s --quiet &
	stress=$!
	i=0
	while [ "$(cma_free_raw)" -ge "$scratch_kb" ] && [ $i -lt 60 ]; do
		sleep 1
		i=$((i + 1))
	done
	under=$(cma_free_raw)
	echo "CmaFree ${under} kB of $total_kb kB under stress-ng ($stress_kb kB); scratch is $scratch_kb kB"
	[ "$under" -lt "$scratch_kb" ] ||
		{ kill $stress; fail "movable allocations did not reach the scratch area in 60 s"; }
	kho_preserve 16777216
	kexec -s -l $KERNEL_IMAGE --initrd=/tmp/next.cpio --command-line="$cmdline" ||
		fail "kexec -s -l under pressure failed"
	kill -0 $stress 2>/dev/null || fail "stress-ng died during the load"
	cat $SEGMENTS
	kill $stress
	wait $stress 2>/dev/null
	vm-kexec --exec
	;;
2)
	check_payload
	logged "KHO: handover accepted" "the handover was not accepted"
	expect_kho_restored 16777216 1
	;;
esac
