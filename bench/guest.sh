#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One benchmark run, inside the guest (tests/run-vm runs it; bench/run
# drives it). The configuration comes on the kernel command line:
#
#	bench.placement=cma|nocma  bench.verify=xxh64|sha256|off
#	bench.size=MIB  bench.memory=idle|pressure
#	bench.kho=BYTES:ORDER (bench/kho: preserve that much with the
#	Kexec HandOver test user before the load)
#	bench.kho_ser=N:BYTES  bench.kho_parallel=Y|N  bench.kho_fdt_max=SIZE
#	(bench/kho --fdt: N test serializers writing BYTES each at kexec -e,
#	in parallel or in turn, into a segment of kho_fdt_max= bytes)
#
# Stage 1 (the old kernel) builds a minimal next initrd of bench.size MiB
# (busybox, this script, zero padding), optionally starts stress-ng holding
# about 90 % of memory, loads it with kexec -s -l under perf stat, prints
# the segment listing and the load figures as "BENCH key=value" lines, and
# kexecs; the next command line is vm-kexec's, so it carries this one's.
# Stage 2 (the new kernel, booted from that minimal initrd) prints
# the handover breakdown the kernel measured and powers off.
# bench.peer=1 (bench/peer) measures stage 1 by means upstream's kernel
# has too: see peer_stage1.
# bench.kho_boot=BYTES (bench/kho --peers): 7.1.8's lib/test_kho.c
# preserved BYTES at boot (test_kho.max_mem=, 0: test_kho left out); the
# old kernel hands over to itself (run-vm --peer), and the new one reports
# when it ran /init: see kho_boot_stage1.
SEGMENTS=/sys/kernel/debug/kexec/segments
TIMING=/sys/kernel/debug/kexec/handover

arg()
{
	sed -n "s/.*bench\.$1=\([^ ]*\).*/\1/p" /proc/cmdline
}

out()
{
	echo "BENCH $*"
}

# Only what the next stage needs: busybox, /init and the stage protocol it
# prints, this script, padding
next_initrd()
{
	local dir=/tmp/next mib=$1 used

	rm -rf $dir
	mkdir -p $dir/bin $dir/dev $dir/proc $dir/sys $dir/tmp $dir/test $dir/state \
		$dir/usr/share/kcma
	cp /bin/busybox /usr/bin/kcma-time $dir/bin/
	for applet in sh mount cat poweroff awk sed grep dmesg stat wc; do
		ln -s busybox $dir/bin/$applet
	done
	cp /init $dir/init
	cp /usr/share/kcma/stages.sh $dir/usr/share/kcma/
	cp /test/script $dir/test/script
	mknod $dir/dev/console c 5 1
	used=$(du -sk $dir | awk '{ print $1 }')
	head -c $((mib * 1048576 - used * 1024)) /dev/zero > $dir/pad
	(cd $dir && find . | cpio -o -H newc 2>/dev/null) > /tmp/bench.cpio
	rm -rf $dir
}

events()
{
	local group

	echo "-e task-clock -e page-faults"
	for group in kexec cma migrate compaction; do
		[ -d /sys/kernel/tracing/events/$group ] && echo "-e $group:*"
	done
}

# wait_pressure: until stress-ng holds half of CMA's free pages at the
# start ($free0), at most 90 s
wait_pressure()
{
	local i=0

	while [ "$(cma_free_raw)" -gt $((free0 / 2)) ] && [ $i -lt 90 ]; do
		sleep 1
		i=$((i + 1))
	done
}

# start_pressure: stress-ng holding 90 % of memory, its pid in $stress,
# once it holds half of CMA's free pages ($free0 at the start)
start_pressure()
{
	free0=$(cma_free_raw)
	stress-ng --vm 2 --vm-bytes 90% --vm-keep --timeout 600s --quiet &
	stress=$!
	wait_pressure
}

# What placement met in the kernel: CMA retries, contiguous-range
# migration, the pages isolation found busy
DIAG_EVENTS="kexec/kexec_cma_place cma/cma_alloc_busy_retry cma/cma_alloc_finish
	kmem/mm_alloc_contig_migrate_range_info page_isolation/test_pages_isolated"

diag_trace()
{
	local event

	[ "$1" = 1 ] && { echo 8192 > /sys/kernel/tracing/buffer_size_kb; : > /sys/kernel/tracing/trace; }
	for event in $DIAG_EVENTS; do
		[ -e /sys/kernel/tracing/events/$event/enable ] &&
			echo "$1" > /sys/kernel/tracing/events/$event/enable
	done
}

# kpageflags bit names (Documentation/admin-guide/mm/pagemap.rst)
page_flags()
{
	local word

	word=$(dd if=/proc/kpageflags bs=8 skip="$1" count=1 2>/dev/null | od -An -tu8 | tr -d ' ')
	[ -n "$word" ] || { echo unknown; return; }
	awk -v w="$word" 'BEGIN {
		split("locked error referenced uptodate dirty lru active slab writeback reclaim buddy mmap anon swapcache swapbacked compound_head compound_tail huge unevictable hwpoison nopage ksm thp offline zero_page idle pgtable", n, " ")
		s = ""
		for (b = 0; b < 27; b++) {
			if (int(w / 2 ^ b) % 2)
				s = s (s == "" ? "" : ",") n[b + 1]
		}
		print (s == "" ? "none" : s)
	}'
}

# Summary lines, then the events themselves (bench/report keeps neither)
diagnose()
{
	local trace=/sys/kernel/tracing/trace pfn

	out "diag_oom_kills=$(dmesg | grep -c 'Out of memory: Killed')"
	out "diag_alloc_failures=$(dmesg | grep -c 'page allocation failure')"
	out "diag_busy_retries=$(grep -c 'cma_alloc_busy_retry:' $trace)"
	out "diag_isolation_failed=$(grep 'test_pages_isolated:' $trace | grep -c 'ret=fail')"
	# 6.12 passes this event's arguments one place off: its
	# nr_reclaimed is the pages migrated, nr_mapped those reclaimed
	awk '/mm_alloc_contig_migrate_range_info:/ { for (i = 1; i <= NF; i++) if (split($i, kv, "=") == 2) t[kv[1]] += kv[2] }
		END { printf "BENCH diag_migrated=%d\nBENCH diag_reclaimed=%d\n", t["nr_reclaimed"], t["nr_mapped"] }' $trace
	for pfn in $(sed -n 's/.*test_pages_isolated:.*fin_pfn=0x\([0-9a-f]*\) ret=fail.*/\1/p' $trace | head -n 8); do
		out "diag_busy_pfn=0x$pfn flags=$(page_flags $((0x$pfn)))"
	done
	dmesg | grep -E 'Out of memory: Killed|page allocation failure|Could not allocate|kexec_file' | sed 's/^/DIAG /' | head -n 20
	grep -E 'kexec_cma_place|cma_alloc|mm_alloc_contig|test_pages_isolated' $trace | grep -v '^#' |
		sed 's/^ *//; s/^/DIAG /' | head -n 60
}

# bench/peer: the same load on our kernel and on upstream's, measured by
# what both have: kcma-time around kexec -s -l, the CMA bitmap, and the
# host's stamps of the jump (tests/run-vm). The next kernel is ours.
peer_stage1()
{
	local placement size memory stress= free0 opt= used0

	. /usr/share/kcma/lib.sh
	placement=$(arg placement)
	size=$(arg size)
	memory=$(arg memory)
	out "config kernel=$(uname -r) placement=$placement size_mib=$size memory=$memory"
	[ "$placement" = nocma ] && opt=--no-cma
	next_initrd "$size"
	out "initrd_bytes=$(stat -c %s /tmp/bench.cpio)"
	cmdline=$(vm-kexec --cmdline-only)
	if [ "$memory" = pressure ]; then
		start_pressure
	fi
	used0=$(cma_used)
	kcma-time kexec -s -l $opt /boot/bzImage --initrd=/tmp/bench.cpio \
		--command-line="$cmdline" 2> /tmp/kcma-time ||
		{ cat /tmp/kcma-time; echo "bench: kexec -s -l failed"; exit 1; }
	awk '/^kcma-time / { for (i = 2; i <= NF; i++) if (split($i, kv, "=") == 2 && kv[1] ~ /_ns$/)
		printf "BENCH load_%s=%s\n", kv[1], kv[2] }' /tmp/kcma-time
	out "cma_pages_taken=$(($(cma_used) - used0))"
	out "diag_oom_kills=$(dmesg | grep -c 'Out of memory: Killed')"
	[ -n "$stress" ] && kill $stress && wait
	out "exec_tsc=$(kcma-time --tsc)"
	vm-kexec --exec
}

stage1()
{
	local placement verify size memory stress= free0 opt= kho

	. /usr/share/kcma/lib.sh
	placement=$(arg placement)
	verify=$(arg verify)
	size=$(arg size)
	memory=$(arg memory)
	out "config placement=$placement verify=$verify size_mib=$size memory=$memory"
	[ "$placement" = nocma ] && opt=--no-cma
	echo "$verify" > /sys/module/kernel/parameters/kexec_verify ||
		{ echo "bench: cannot set kexec_verify=$verify"; exit 1; }

	next_initrd "$size"
	out "initrd_bytes=$(stat -c %s /tmp/bench.cpio)"
	kho=$(arg kho)
	if [ -n "$kho" ]; then
		kho_preserve "${kho%:*}" "${kho#*:}"
		kho_status preserve_us | sed 's/^/BENCH kho_old_preserve_us=/'
	fi
	kho=$(arg kho_ser)
	if [ -n "$kho" ]; then
		echo "${kho%:*} ${kho#*:}" > $KHO_TEST/serializers &&
		echo "$(arg kho_parallel)" > $KHO/out/parallel ||
			{ echo "bench: cannot set up the KHO serializers"; exit 1; }
	fi
	kho=$(arg kho_fdt_max)
	if [ -n "$kho" ]; then
		echo "$kho" > /sys/module/kernel/parameters/kho_fdt_max ||
			{ echo "bench: cannot set kho_fdt_max=$kho"; exit 1; }
	fi
	cmdline=$(vm-kexec --cmdline-only)

	if [ "$memory" = pressure ]; then
		start_pressure
	fi

	[ -z "$stress" ] || out "cma_free_kb_idle=$free0 cma_free_kb_loaded=$(cma_free_raw)"

	diag_trace 1
	rc=0
	perf stat -x, -o /tmp/perf-stat.csv $(events) -- \
		kexec -s -l $opt /boot/bzImage --initrd=/tmp/bench.cpio \
		--command-line="$cmdline" || rc=$?
	diag_trace 0
	diagnose
	[ $rc -eq 0 ] || { echo "bench: kexec -s -l failed"; exit 1; }
	# Per segment: the time the placement took, CMA allocation and migration included
	sed -n 's/.*kexec_cma_place: .*kind=\([a-z]*\).*alloc_ns=\([0-9]*\).*/BENCH alloc_ns_\1=\2/p' \
		/sys/kernel/tracing/trace

	cat $SEGMENTS
	awk '/^cma_segments:/ { for (i = 1; i < NF; i += 2) { sub(":", "", $i); printf "BENCH %s=%s\n", $i, $(i + 1) } exit }' $SEGMENTS
	segments default 'col("placement") == "copy" { n[col("reason")]++ }
		END { for (r in n) printf "BENCH fallback_%s=%d\n", r, n[r] }'
	# What the purgatory reads of CMA-resident segments: 0 unless sha256
	segments default 'col("placement") == "cma" && col("check") == "purgatory" { n++ }
		END { printf "BENCH purgatory_cma_segments=%d\n", n }' 
	# perf -x, lines: value,unit,event,...
	awk -F, '$3 != "" && $1 ~ /^[0-9.]+$/ { gsub(/[^A-Za-z0-9_]/, "_", $3); printf "BENCH perf_%s=%s\n", $3, $1 }' /tmp/perf-stat.csv
	# The initrd's placement, whole or in part (hex: busybox awk has no strtonum)
	segments default 'col("kind") == "initrd" {
		printf "BENCH initrd_memsz=%s\nBENCH initrd_in_place=%s\nBENCH initrd_placement=%s\n",
			col("memsz"), col("in_place"), col("placement") }'
	segments default 'col("kind") == "kho-fdt" {
		printf "BENCH kho_fdt_memsz=%s\nBENCH kho_fdt_placement=%s\n", col("memsz"), col("placement") }'

	if [ "$(arg record)" = 1 ]; then
		# Once per configuration: what perf record sees of a load like
		# the measured one, alone (the measured image unloaded first);
		# the handover is then this image's
		kexec -s -u || { echo "bench: kexec -s -u failed"; exit 1; }
		perf record -q -o /tmp/perf.data -e 'kexec:*' -e 'cma:*' -e 'migrate:*' -- \
			kexec -s -l $opt /boot/bzImage --initrd=/tmp/bench.cpio \
			--command-line="$cmdline" || { echo "bench: kexec -s -l failed"; exit 1; }
		echo "BENCH-RECORD-BEGIN"
		perf script -i /tmp/perf.data 2>/dev/null | head -n 300
		echo "BENCH-RECORD-END"
	fi
	[ -n "$stress" ] && kill $stress && wait
	vm-kexec --exec
}

# bench/kho --peers: the same boot on 7.1.8 and on our kernel with 7.1.8's
# test_kho compiled in, timed by what both print: the printk time of
# "Run /init", which includes test_kho's restore and checksum of every
# folio. The next kernel is this one (/test/peer-bzImage).
kho_boot_stage1()
{
	. /usr/share/kcma/lib.sh
	out "config kernel=$(uname -r) kho_boot=$(arg kho_boot)"
	[ "$(arg kho_boot)" = 0 ] || upstream_test_kho_preserved
	next_initrd 16
	kexec -s -l $PEER --initrd=/tmp/bench.cpio \
		--command-line="$(vm-kexec --cmdline-only)" ||
		{ echo "bench: kexec -s -l failed"; exit 1; }
	vm-kexec --exec
}

kho_boot_stage2()
{
	dmesg | sed -n 's/^\[ *\([0-9]*\)\.\([0-9]*\)\] Run \/init as init process.*/BENCH boot_init_us=\1\2/p'
	out "kho_boot_restored=$(dmesg | grep -c 'test_kho: KHO restore succeeded')"
	dmesg | grep -E 'test_kho|KHO: (handover accepted|restorable)' || true
}

stage2()
{
	# The other half of peer_stage1's pair, and what the TSC counts at
	out "init_tsc=$(kcma-time --tsc)"
	dmesg | sed -n 's/.*tsc: Refined TSC clocksource calibration: \([0-9]*\)\.\([0-9]*\) MHz.*/BENCH tsc_mhz=\1.\2/p; s/.*tsc: Detected \([0-9]*\)\.\([0-9]*\) MHz processor.*/BENCH tsc_detected_mhz=\1.\2/p'
	[ "$(stat -c %s /pad)" -gt 0 ] || { echo "bench: the initrd arrived without its padding"; exit 1; }
	if [ -r $TIMING ]; then
		awk -F': *' '$1 ~ /(_ns|^handover|^tsc_khz)$/ { printf "BENCH hot_%s=%s\n", $1, $2 }' $TIMING
	else
		echo "bench: no $TIMING in this kernel"
	fi
	dmesg | grep -m1 'kexec handover' || true
	if [ -r /sys/kernel/debug/kho_test/status ]; then
		awk '{ printf "BENCH kho_%s=%s\n", $1, $2 }' /sys/kernel/debug/kho_test/status
		dmesg | grep -m1 'KHO: handover accepted' || true
	fi
	dmesg | grep -m1 'kexec_verify: initrd' || true
	awk -F': *' '$1 == "initrd" { printf "BENCH successor_initrd=%s\n", $2 }
		$1 == "check_ns" { printf "BENCH successor_check_ns=%s\n", $2 }' /sys/kernel/debug/kexec/verify
}

case $STAGE:$(arg kho_boot) in
1:?*) kho_boot_stage1 ;;
2:?*) kho_boot_stage2 ;;
1:) if [ "$(arg peer)" = 1 ]; then peer_stage1; else stage1; fi ;;
2:) stage2 ;;
esac
