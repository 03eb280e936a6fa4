#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A CMA area too small for the initrd: the initrd is copied (alloc-failed)
# while other segments stay in CMA, and the mixed image hands over.
#
# run-vm: --mem 1G --append cma=24M
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	load
	[ "$(nsegments default 'col("kind") == "initrd" && col("placement") == "copy" &&
				col("reason") == "alloc-failed"')" -gt 0 ] ||
		fail "initrd not copied with reason alloc-failed"
	[ "$(nsegments default 'col("placement") == "cma"')" -gt 0 ] ||
		fail "no segment in CMA: not a mixed image"
	[ "$(field hot_copy_bytes)" -gt 0 ] || fail "hot_copy_bytes is 0 with a copied initrd"
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
