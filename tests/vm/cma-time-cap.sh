#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kexec_cma_migrate_ms=0: a segment CMA cannot give whole gets no time to
# be claimed chunk by chunk. With user pages pinned inside CMA
# (CONFIG_KEXEC_CMA_PIN_TEST, one every 8 MiB) the initrd cannot be had
# whole, so it is copied, none of it in place, with the reason time-cap;
# the handover still checks it byte for byte. The default limit, where
# the same pins leave it partly in place, is vm.cma-pinned.
#
# run-vm: --mem 2G --append "cma=512M kexec_cma_migrate_ms=0" --timeout 300
. /usr/share/kcma/lib.sh
stages 2

PIN=/sys/kernel/debug/kexec_cma_pin_test/pin

case $STAGE in
1)
	[ -w $PIN ] || skip "no $PIN: CONFIG_KEXEC_CMA_PIN_TEST is off"
	[ "$(cat /sys/module/kernel/parameters/kexec_cma_migrate_ms)" = 0 ] ||
		fail "kexec_cma_migrate_ms=0 on the command line did not take"
	make_payload
	avail=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
	kcma-pin $((avail - 98304))K 8M || fail "kcma-pin failed"
	[ -n "$(cat $PIN)" ] || fail "no page of kcma-pin's landed in CMA"
	load

	set -- $(segments default 'col("kind") == "initrd" {
		print col("placement"), col("reason"), col("in_place") }')
	[ $# -eq 3 ] || fail "no initrd in the listing"
	echo "initrd: placement $1, reason $2, $(($3)) bytes in place"
	[ "$2" = time-cap ] || fail "the initrd's reason is '$2', expected time-cap"
	[ "$1" = copy ] && [ $(($3)) -eq 0 ] ||
		fail "the initrd is '$1' with $(($3)) bytes in place: a chunk was claimed with no time left"
	ok "the initrd is copied for want of time (time-cap)"
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
