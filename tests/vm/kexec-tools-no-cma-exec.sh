#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kexec -s -l --no-cma, then kexec -e: the image is loaded with no segment
# in CMA (every segment copy, reason flag; the summary agrees, and the hot
# phase copies between the sums of bufsz and memsz), and the kexec'ed
# kernel boots with its initrd intact.
#
# run-vm: --mem 2G --append cma=512M
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	load --no-cma
	expect_loaded default 1 "after the load"
	n=$(nsegments default)
	expect_all copy flag
	expect_field cma_segments 0
	expect_field copy_segments "$n"
	hot=$(field hot_copy_bytes)
	# Everything is copied at exec time: between the data (bufsz) and the
	# whole segments (memsz). Shell arithmetic: busybox awk has no strtonum.
	lo=0 hi=0
	for v in $(segments default '{ print col("bufsz") ":" col("memsz") }'); do
		lo=$((lo + ${v%%:*})) hi=$((hi + ${v#*:}))
	done
	[ -n "$hot" ] && [ "$hot" -ge "$lo" ] && [ "$hot" -le "$hi" ] && [ "$hot" -gt 0 ] ||
		fail "hot_copy_bytes '$hot' not within [sum bufsz $lo, sum memsz $hi]"
	ok "loaded with --no-cma: $n segments, all copy/flag, hot_copy_bytes $hot"
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
