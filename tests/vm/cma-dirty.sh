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
	dirty_cma
	load
	expect_all cma cma
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
