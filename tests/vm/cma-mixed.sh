#!/bin/sh
# A CMA area too small for the initrd: the initrd is copied (alloc-failed)
# while other segments stay in CMA, and the mixed image hands over.
# run-vm: --mem 1G --append cma=24M
. /usr/share/kcma/lib.sh

case $STAGE in
1)
	make_payload
	vm-kexec --load-only || fail "kexec -s -l failed"
	cat $SEGMENTS
	segments default | awk '$2 == "initrd" && $6 == "copy" && $7 == "alloc-failed"' |
		grep -q . || fail "initrd not copied with reason alloc-failed"
	segments default | awk '$6 == "cma"' | grep -q . ||
		fail "no segment in CMA: not a mixed image"
	[ "$(field hot_copy_bytes)" -gt 0 ] || fail "hot_copy_bytes is 0 with a copied initrd"
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
