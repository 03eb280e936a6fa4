#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# No CMA area (cma=0): every segment falls back to the page-list copy with
# reason no-area, and the handover works.
#
# run-vm: --append cma=0
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	load
	expect_all copy no-area
	[ "$(field hot_copy_bytes)" -gt 0 ] || fail "copy image but hot_copy_bytes is 0"
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
