#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Our 6.12 hands over to the upstream Linux 7.1.8 kernel: with --no-cma
# every segment of the upstream image is copied (flag), by default every
# one is in CMA and the hot phase copies nothing; the upstream kernel boots
# with its initrd and the payload intact.
#
# run-vm: --mem 2G --append cma=512M --peer upstream
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	peer_load --no-cma
	cat $SEGMENTS
	expect_all copy flag
	kexec -s -u || fail "kexec -s -u failed"
	peer_load
	cat $SEGMENTS
	expect_all cma cma
	expect_field hot_copy_bytes 0
	vm-kexec --exec
	;;
2)
	expect_upstream
	check_payload_from 6.12
	;;
esac
