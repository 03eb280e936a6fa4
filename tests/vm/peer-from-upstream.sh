#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The upstream Linux 7.1.8 kernel hands over to our 6.12. A default load
# puts the image in CMA (its CMA bitmap grows by at least the initrd's
# pages); with our kexec-tools' --no-cma its placement keeps out of CMA
# (the bitmap does not move), and that image hands over: our kernel boots
# with its initrd and the payload intact. (Upstream's CMA-placed image
# does not boot: vm.peer-from-upstream-cma.)
#
# run-vm: --mem 2G --append cma=512M --kernel upstream --peer ours
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream
	[ -r $CMA_USED ] || fail "no $CMA_USED: the upstream kernel has no CMA debugfs"
	make_payload
	used0=$(cma_used)
	peer_load
	initrd_pages=$(($(stat -c %s /tmp/next.cpio) / 4096))
	echo "upstream placed $(($(cma_used) - used0)) pages in CMA; the initrd has $initrd_pages"
	[ $(($(cma_used) - used0)) -ge "$initrd_pages" ] ||
		fail "upstream did not place the initrd in CMA"
	kexec -s -u || fail "kexec -s -u failed"
	[ "$(cma_used)" -eq "$used0" ] || fail "kexec -s -u left $(($(cma_used) - used0)) CMA pages taken"
	peer_load --no-cma
	[ "$(cma_used)" -eq "$used0" ] ||
		fail "--no-cma: upstream took $(($(cma_used) - used0)) CMA pages for the image"
	vm-kexec --exec
	;;
2)
	check_payload_from 7.1.8
	;;
esac
