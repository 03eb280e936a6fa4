#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kexec HandOver of page ranges of 8, 16 and 64 MiB, each at an odd page
# offset from an aligned boundary (kho_test's ranges file). The range is
# cut as upstream cuts it, into the largest aligned blocks with no cap at
# MAX_PAGE_ORDER: the map must list blocks above order 10, tools/kho-fdt
# must find nothing wrong with it, and the next kernel must accept the map,
# restore each range with kho_restore_pages() and find every byte intact.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --timeout 600
# run-vm-arch: x86_64 (KHO is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	[ -w $KHO_TEST/ranges ] ||
		skip "no $KHO_TEST/ranges: CONFIG_KEXEC_HANDOVER_TEST is off or kho=on missing"
	echo "8 16 64" > $KHO_TEST/ranges || fail "kho_test cannot preserve the ranges"
	[ "$(kho_status ranges_preserved)" = 3 ] ||
		fail "kho_test preserved $(kho_status ranges_preserved) ranges, not 3"
	dmesg | grep "kho_test: range"
	large=$(awk '$2 > 10 { n++ } END { print n + 0 }' $KHO/out/preserved)
	largest=$(awk '$2 > m { m = $2 } END { print m + 0 }' $KHO/out/preserved)
	echo "the map lists $large blocks above order 10, the largest of order $largest"
	[ "$largest" = 13 ] ||
		fail "the largest preserved block is order $largest, not 13 (upstream's cut of 64 MiB at offset 5 pages)"
	kho_fdt_check
	[ $rc -eq 0 ] || fail "kho-fdt check finds problems in the handover (exit $rc)"
	load
	vm-kexec --exec
	;;
2)
	check_payload
	logged "KHO: handover accepted" "no 'KHO: handover accepted' line"
	cat $KHO_TEST/status | grep '^ranges_'
	[ "$(kho_status ranges_handover)" = 1 ] || fail "kho_test found no ranges in the handover"
	[ "$(kho_status ranges_missing)" = 0 ] ||
		fail "$(kho_status ranges_missing) ranges could not be restored"
	[ "$(kho_status ranges_restored)" = 3 ] ||
		fail "restored $(kho_status ranges_restored) ranges, not 3"
	[ "$(kho_status ranges_restored_bytes)" = $((88 << 20)) ] ||
		fail "restored $(kho_status ranges_restored_bytes) bytes, not 88 MiB"
	[ "$(kho_status ranges_bad_bytes)" = 0 ] ||
		fail "$(kho_status ranges_bad_bytes) bytes of the ranges changed across the handover"
	echo "3 ranges, 88 MiB, restored with every byte intact"
	;;
esac
