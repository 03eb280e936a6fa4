#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A load while user pages pinned inside CMA (CONFIG_KEXEC_CMA_PIN_TEST, one
# every 8 MiB) cannot be migrated: each segment in CMA is claimed around
# them, the pageblocks holding a pin are copied and the rest is in place,
# exactly; the initrd is among them, and the handover checks it byte for
# byte.
#
# run-vm: --mem 2G --append cma=512M --timeout 300
. /usr/share/kcma/lib.sh
stages 2

PIN=/sys/kernel/debug/kexec_cma_pin_test/pin

# expected_copy MEM MEMSZ BLOCK: bytes of [MEM, MEM + MEMSZ) in the
# BLOCK-sized pageblocks that hold a pinned page (busybox awk has no
# strtonum: shell arithmetic)
expected_copy()
{
	local mem=$1 end=$(($1 + $2)) block=$3 pin start last=-1 lo hi sum=0

	for pin in $(sort $PIN); do
		pin=$((pin))
		[ $pin -ge $mem ] && [ $pin -lt $end ] || continue
		start=$((pin - pin % block))
		[ $start -ne $last ] || continue
		last=$start
		lo=$((start < mem ? mem : start))
		hi=$((start + block > end ? end : start + block))
		sum=$((sum + hi - lo))
	done
	echo $sum
}

case $STAGE in
1)
	[ -w $PIN ] || skip "no $PIN: CONFIG_KEXEC_CMA_PIN_TEST is off"
	make_payload
	avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
	kcma-pin $((avail - 98304))K 8M || fail "kcma-pin failed"
	[ -n "$(cat $PIN)" ] || fail "no page of kcma-pin's landed in CMA"
	block=$(awk '/^Pages per block:/ { print $4 * 4096 }' /proc/pagetypeinfo)
	[ -n "$block" ] || fail "no 'Pages per block' in /proc/pagetypeinfo"
	echo "pinned in CMA: $(tr '\n' ' ' < $PIN)(pageblock $block bytes)"
	load

	rows=$(segments default 'col("placement") == "cma" || col("placement") == "partial" {
		print col("idx"), col("kind"), col("mem"), col("memsz"), col("in_place"), col("placement") }')
	copied=0
	while read -r idx kind mem memsz in_place placement; do
		[ -n "$idx" ] || continue
		want=$(expected_copy $((mem)) $((memsz)) "$block")
		echo "segment $idx ($kind, $placement): $((memsz - in_place)) bytes copied, $want in pinned pageblocks"
		[ $((memsz - in_place)) -eq "$want" ] ||
			fail "segment $idx: $((memsz - in_place)) bytes copied, expected $want (the pageblocks holding a pin)"
	done <<-EOF
	$rows
	EOF
	[ "$(nsegments default 'col("kind") == "initrd" && col("placement") == "partial"')" -eq 1 ] ||
		fail "the initrd is not partly in CMA: no pin inside its range, or placement gave it up"
	for row in $(segments default '{ print col("memsz") "-" col("in_place") }'); do
		copied=$((copied + row))
	done
	expect_field hot_copy_bytes "$copied"
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
