#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# CMA pages dirtied beforehand: stress-ng fills memory, CMA included, with
# patterns and exits; the next load reuses those pages. The purgatory
# hashes each segment's tail as zeros, so a tail left dirty would hang the
# handover here.
#
# run-vm: --mem 2G --append cma=512M --timeout 600
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	free0=$(cma_free)
	stress-ng --vm 2 --vm-bytes 85% --vm-keep --timeout 20s --quiet &
	lowest=$free0
	while kill -0 $! 2>/dev/null; do
		now=$(cma_free_raw)
		[ "$now" -lt "$lowest" ] && lowest=$now
		sleep 1
	done
	echo "CmaFree ${free0} kB, lowest while filling ${lowest} kB"
	[ "$lowest" -lt $((free0 / 2)) ] ||
		fail "stress-ng did not dirty CMA (CmaFree never below half)"
	load
	expect_all cma cma
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
