#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Injected failures at every step of a load. fail_kexec_cma fails the CMA
# placement of each segment in turn (times=1, space=N: the N-th segment
# only; times=-1: the N-th and every one after it); each such load
# succeeds with exactly those segments copied for the reason "injected".
# Then kexec-fault-sweep fails every fault point of a load through
# fail-nth (failslab, fail_page_alloc, fail_kexec_cma), with CMA placement
# and with --no-cma: a load either succeeds as expected or fails with
# ENOMEM and leaves the loaded image and the CMA pages in use as they
# were. Afterwards CMA is exactly at its baseline and MemFree within
# noise, and an image whose kernel segment placement was failed hands
# over.
#
# kcma.fault_stride=N on the command line (make soak: 1) tries every N-th
# fault point of the --no-cma sweep, which has one per page copied; by
# default every 16th. The CMA sweep always tries every point.
#
# run-vm: --mem 2G --append "cma=512M" --timeout 1200
. /usr/share/kcma/lib.sh
stages 2

FAIL_CMA=/sys/kernel/debug/fail_kexec_cma

# knob DIR NAME VALUE
knob()
{
	echo "$3" > "$1/$2" || fail "cannot set $1/$2 to $3"
}

# injected_segments: the indices of the default image's segments copied
# because the fault attribute failed their placement
injected_segments()
{
	segments default 'col("reason") == "injected" { printf "%s ", col("idx") }' |
		tr -d '\n'
}

# cma_attempt SPACE TIMES EXPECTED: a load with fail_kexec_cma armed
cma_attempt()
{
	knob $FAIL_CMA space "$1"
	knob $FAIL_CMA times "$2"
	kexec -s -l $KERNEL_IMAGE --initrd=/tmp/small.img \
		--command-line=console=ttyS0 ||
		fail "a load with space=$1 times=$2 failed: a failed placement must fall back"
	got=$(injected_segments)
	[ "$got" = "$3" ] ||
		fail "space=$1 times=$2: segments copied for 'injected': '$got', expected '$3'"
	bad=$(segments default 'col("reason") != "injected" && col("reason") != "cma"')
	[ -z "$bad" ] || fail "space=$1 times=$2: unexpected placement: $bad"
	kexec -s -u || fail "unload failed"
	reached=$((reached + 1))
}

case $STAGE in
1)
	make_payload
	[ -d $FAIL_CMA ] || skip "no $FAIL_CMA: CONFIG_FAIL_KEXEC_CMA is off"
	[ -w /proc/self/fail-nth ] || skip "no /proc/self/fail-nth"
	head -c 1048576 /dev/urandom > /tmp/small.img
	sync
	echo 3 > /proc/sys/vm/drop_caches
	used0=$(cma_used)
	free0=$(cma_free)
	memfree0=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo)
	echo "baseline: CMA pages in use $used0, CmaFree $free0 kB, MemFree $memfree0 kB"

	kexec -s -l $KERNEL_IMAGE --initrd=/tmp/small.img --command-line=console=ttyS0 ||
		fail "a load without injection failed"
	nseg=$(nsegments default)
	kexec -s -u
	knob $FAIL_CMA verbose 0
	knob $FAIL_CMA probability 100
	reached=0
	k=1
	while [ $k -le "$nseg" ]; do
		cma_attempt $k 1 "$((k - 1)) "
		expected=
		i=$((k - 1))
		while [ $i -lt "$nseg" ]; do
			expected="$expected$i "
			i=$((i + 1))
		done
		cma_attempt $k -1 "$expected"
		k=$((k + 1))
	done
	knob $FAIL_CMA probability 0
	echo "fail_kexec_cma: $reached loads, each of the $nseg segments failed alone and with all after it"
	[ "$(cma_used)" = "$used0" ] || fail "after the fail_kexec_cma loads: $(cma_used) CMA pages in use, baseline $used0"

	for attr in failslab fail_page_alloc; do
		knob /sys/kernel/debug/$attr ignore-gfp-wait N
		knob /sys/kernel/debug/$attr verbose 0
	done
	knob /sys/kernel/debug/fail_page_alloc ignore-gfp-highmem N
	knob /sys/kernel/debug/fail_page_alloc min-order 0

	kexec-fault-sweep $KERNEL_IMAGE /tmp/small.img ||
		fail "the sweep with CMA placement found problems"
	stride=$(cmdline_value kcma.fault_stride)
	kexec-fault-sweep --no-cma --stride "${stride:-16}" $KERNEL_IMAGE /tmp/small.img ||
		fail "the sweep with --no-cma found problems"

	expect_cma_at_baseline "$used0" "$free0" "after the injected failures"
	sync
	echo 3 > /proc/sys/vm/drop_caches
	memfree=$(awk '/^MemFree:/ { print $2 }' /proc/meminfo)
	echo "after: CMA exactly at baseline, MemFree $memfree kB ($((memfree - memfree0)) kB)"
	expect_quiet_kernel
	[ $((memfree0 - memfree)) -lt 8192 ] ||
		fail "MemFree fell by $((memfree0 - memfree)) kB over the injected failures (noise is < 8 MiB)"

	# A handover with the first segment copied
	knob $FAIL_CMA probability 100
	knob $FAIL_CMA space 1
	knob $FAIL_CMA times 1
	load
	knob $FAIL_CMA probability 0
	[ "$(injected_segments)" = "0 " ] || fail "segment 0 was not copied for 'injected'"
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
