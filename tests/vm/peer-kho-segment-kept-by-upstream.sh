#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Our KHO segment on an upstream Linux 7.1.8 successor, which knows no
# segment: it keeps only what the memory map lists, and boots in the
# scratch areas before it reads the map. With cma=0 there is no default
# CMA area, so the kho-fdt segment lands in the scratch area with the rest
# of the image. Upstream must then
# - be handed scratch areas that leave the segment out (it takes them
#   over as its own: kho/out/scratch_phys and scratch_len);
# - reserve every page of the segment's used part as preserved memory
#   (memblock=debug: "__memblock_reserve: [START-END] ...
#   kho_preserved_memory_reserve" lines cover it);
# - still read the same root FDT (kho/in/fdt) after stress-ng has filled
#   its memory with patterns, its test_kho having restored our folios.
#
# run-vm: --mem 2G --append "cma=0 kho=on kho_scratch=0,384M,0" --peer upstream
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

# reserved_by_upstream START END: every page of [START, END) lies in a
# range upstream's KHO reserved as preserved memory
reserved_by_upstream()
{
	dmesg | sed -n 's/.*memblock_reserve: \[\(0x[0-9a-f]*\)-\(0x[0-9a-f]*\)\].* kho_preserved_memory_reserve.*/\1 \2/p' \
		> /tmp/kho-reserved
	[ -s /tmp/kho-reserved ] ||
		fail "no 'memblock_reserve: ... kho_preserved_memory_reserve' lines: memblock=debug missing?"
	page=$(($1))
	while [ $page -lt $(($2)) ]; do
		found=
		while read -r start last; do
			[ $page -ge $((start)) ] && [ $page -le $((last)) ] && found=1 && break
		done < /tmp/kho-reserved
		[ -n "$found" ] || fail "page $(printf '0x%x' $page) of the segment is not reserved by upstream"
		page=$((page + 4096))
	done
}

# handover_fdt: the root FDT's address the handover's setup_data names
# (SETUP_KEXEC_KHO, 10: struct kho_data starts with it)
handover_fdt()
{
	local d

	for d in /sys/kernel/boot_params/setup_data/*; do
		[ "$(cat $d/type)" = 0xa ] || continue
		od -An -tu8 -N8 $d/data | tr -d ' '
		return
	done
	fail "no SETUP_KEXEC_KHO setup_data in /sys/kernel/boot_params/setup_data"
}

# segment_field OFFSET: a u64 of the segment header, through /dev/mem
segment_field()
{
	dd if=/dev/mem bs=8 skip=$(((seg + $1) / 8)) count=1 2>/dev/null | od -An -tu8 | tr -d ' '
}

case $STAGE in
1)
	make_payload
	preserve_for_upstream 1048576
	peer_load --append memblock=debug
	expect_all cma cma
	area=$(segments default 'col("kind") == "kho-fdt" { print col("placement"), col("area") }')
	[ "$area" = "cma kho_scratch0" ] ||
		fail "expected the kho-fdt segment in CMA area kho_scratch0 (no default area), got '$area'"
	echo "kho-fdt segment: $(segments default 'col("kind") == "kho-fdt"')"
	vm-kexec --exec
	;;
2)
	check_payload_from 6.12
	logged "KHO: found kexec handover data" "upstream did not take the handover"
	logged "test_kho: KHO restore succeeded" \
		"upstream's test_kho could not restore our data intact"
	# The FDT follows the segment's 64-byte header
	seg=$(($(handover_fdt) - 64))
	magic=$(dd if=/dev/mem bs=8 skip=$((seg / 8)) count=1 2>/dev/null)
	[ "$magic" = KHOSEGM1 ] ||
		fail "no segment header at $(printf '0x%x' $seg) through /dev/mem"
	memsz=$(segment_field 8)
	used=$(segment_field 16)
	echo "segment at $(printf '0x%x' $seg): $used bytes used of $memsz"

	kho_scratch_rows > /tmp/scratch
	while read -r start end; do
		[ $((0x$end)) -le $((seg)) ] || [ $((seg + memsz)) -le $((0x$start)) ] ||
			fail "upstream's scratch area 0x$start-0x$end overlaps the segment"
	done < /tmp/scratch
	echo "upstream's scratch areas leave the segment out: $(tr '\n' ' ' < /tmp/scratch)"

	reserved_by_upstream $seg $((seg + (used + 4095) / 4096 * 4096))
	echo "upstream reserved every page of the segment's used part"

	sum=$(sha256sum < $KHO/in/fdt)
	stress-ng --vm 2 --vm-bytes 85% --vm-keep --timeout 15s --quiet
	[ "$(sha256sum < $KHO/in/fdt)" = "$sum" ] ||
		fail "upstream's root FDT (kho/in/fdt) changed while stress-ng filled memory"
	run kho-fdt check $KHO/in/fdt
	[ $rc -eq 0 ] || fail "kho-fdt check refuses upstream's kho/in/fdt after stress-ng (exit $rc)"
	echo "the root FDT upstream reads is unchanged after stress-ng"
	;;
esac
