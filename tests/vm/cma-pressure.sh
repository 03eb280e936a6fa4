#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A load while stress-ng keeps memory, CMA included, full of movable pages:
# each segment is migrated into CMA, whole or chunk by chunk (partial), or
# falls back; the initrd is never given up whole, the hot phase copies
# exactly what is not in place, and the handover works.
#
# run-vm: --mem 2G --append cma=512M --timeout 600
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	vm-kexec --initrd-only /tmp/next.cpio || fail "cannot write the initrd"
	cmdline=$(vm-kexec --cmdline-only)
	free0=$(cma_free)
	grep -q '^pgmigrate_success' /proc/vmstat || fail "no pgmigrate_success in /proc/vmstat"
	stress-ng --vm 2 --vm-bytes 90% --vm-keep --timeout 300s --quiet &
	stress=$!
	i=0
	while [ "$(cma_free_raw)" -gt $((free0 / 2)) ] && [ $i -lt 60 ]; do
		sleep 1
		i=$((i + 1))
	done
	under=$(cma_free_raw)
	echo "CmaFree ${free0} kB idle, ${under} kB under stress-ng"
	[ "$under" -le $((free0 / 2)) ] ||
		{ kill $stress; skip "stress-ng did not fill half of CMA within 60 s"; }
	migrated0=$(awk '/^pgmigrate_success/ { print $2 }' /proc/vmstat)
	kexec -s -l $KERNEL_IMAGE --initrd=/tmp/next.cpio \
		--command-line="$cmdline" || fail "kexec -s -l under pressure failed"
	kill -0 $stress 2>/dev/null || fail "stress-ng died during the load"
	cat $SEGMENTS
	bad=$(segments default '!(col("placement") == "cma" && col("reason") == "cma") &&
		!(col("placement") ~ /^(partial|copy)$/ && col("reason") ~ /^(alloc-failed|time-cap)$/)')
	[ -z "$bad" ] || fail "unexpected placement under pressure: $bad"
	initrd=$(segments default 'col("kind") == "initrd" { print col("memsz"), col("in_place"), col("placement") }')
	set -- $initrd
	[ $# -eq 3 ] || fail "no initrd row in the listing"
	echo "initrd under pressure: $3, $(($2 * 100 / $1)) % of $(($1 >> 20)) MiB in place"
	[ $(($2)) -gt 0 ] || fail "the initrd was given up whole to the copy path"
	copied=0
	for row in $(segments default '{ print col("memsz") "-" col("in_place") }'); do
		copied=$((copied + row))
	done
	expect_field hot_copy_bytes "$copied"
	migrated=$(($(awk '/^pgmigrate_success/ { print $2 }' /proc/vmstat) - migrated0))
	echo "in CMA under pressure: $(field cma_segments) of $(nsegments default) segments, $migrated pages migrated"
	[ "$migrated" -gt 0 ] || [ "$(field copy_segments)" -gt 0 ] ||
		fail "CMA served every segment without migrating a page: it was not under pressure"
	kill $stress
	wait
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
