#!/bin/sh
# A default kexec -s -l puts every segment in CMA, the hot phase copies
# nothing, kexec -d prints each decision, and the next kernel boots with
# its initrd intact.
# run-vm: --mem 2G --append cma=512M
. /usr/share/kcma/lib.sh

case $STAGE in
1)
	make_payload
	dmesg -c > /dev/null
	vm-kexec --load-only -d || fail "kexec -s -l failed"
	cat $SEGMENTS
	expect_all cma -
	[ "$(field hot_copy_bytes)" = 0 ] || fail "hot phase copies $(field hot_copy_bytes) bytes"
	for kind in kernel initrd purgatory ima; do
		segments default | awk -v k=$kind '$2 == k' | grep -q . ||
			fail "no $kind segment in the listing"
	done
	dmesg | grep -q 'kexec_cma: segment\[[0-9]*\] kernel: cma at' ||
		fail "kexec -d printed no placement decision"
	# Every CMA segment is aligned as the loader asked: the kernel to 2 MiB
	kmem=$(segments default | awk '$2 == "kernel" { print $3 }')
	[ $((kmem % 2097152)) -eq 0 ] || fail "kernel segment at $kmem is not 2 MiB aligned"
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
