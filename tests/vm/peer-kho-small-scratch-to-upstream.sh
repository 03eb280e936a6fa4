#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What still stands between this kernel and 7.1.8: an explicit
# kho_scratch= must hold, beside the image placed in it, what a 7.1.8
# successor reserves while it is confined to scratch, its cma= area
# included. 384 MiB of scratch, about 165 MiB of it taken by the image
# (our kernel and the 150 MiB test userland), leave 7.1.8 no room for its
# 256 MiB cma= area: it must log that it failed to reserve it, and still
# take the handover and restore our data. The default scratch size
# counts the CMA areas (vm.kho-chain-default-scratch).
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --peer upstream
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	preserve_for_upstream 16777216
	peer_load
	vm-kexec --exec
	;;
2)
	check_payload_from 6.12
	logged "KHO: found kexec handover data" "upstream did not take the handover"
	dmesg | grep -E 'cma: (Reserved|Failed)'
	logged "cma: Failed to reserve 256 MiB" \
		"upstream reserved its 256 MiB cma= area in 384 MiB of scratch: the limit this shows is gone"
	logged "test_kho: KHO restore succeeded" \
		"upstream's test_kho could not restore our data intact"
	;;
esac
