#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A default kexec -s -l (no --no-cma) puts every segment in CMA, each one
# page aligned and the kernel 2 MiB aligned as the loader asks; the summary
# agrees and the hot phase copies nothing; kexec -d prints each decision.
# kexec -s -u leaves the listing saying "none". The next load hands over,
# and the next kernel boots with its initrd intact.
#
# run-vm: --mem 2G --append cma=512M
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	dmesg -c > /dev/null
	load -d
	expect_loaded default 1 "after the load"
	expect_all cma cma
	expect_field cma_segments "$(nsegments default)"
	expect_field copy_segments 0
	expect_field hot_copy_bytes 0
	for kind in kernel initrd purgatory ima; do
		[ "$(nsegments default 'col("kind") == k' -v k=$kind)" -gt 0 ] ||
			fail "no $kind segment in the listing"
	done
	logged 'kexec_cma: segment\[[0-9]*\] kernel: cma at' \
		"kexec -d printed no placement decision"
	for mem in $(segments default '{ print col("mem") }'); do
		[ $((mem % 4096)) -eq 0 ] || fail "CMA segment at $mem is not page aligned"
	done
	kmem=$(segments default 'col("kind") == "kernel" { print col("mem") }')
	[ $((kmem % 2097152)) -eq 0 ] || fail "kernel segment at $kmem is not 2 MiB aligned"

	kexec -s -u || fail "kexec -s -u failed"
	expect_loaded default 0 "after kexec -s -u"
	[ -z "$(segments default)" ] || fail "segments still listed for image default after unload"
	awk '/^image: / { img = $2 } img == "default"' $SEGMENTS | grep -qx none ||
		fail "the listing for image default does not say none after unload"
	vm-kexec || fail "vm-kexec failed"
	;;
2)
	check_payload
	;;
esac
