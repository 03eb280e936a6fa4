#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kexec HandOver from our 6.12 on a guest of 8 NUMA nodes (numa=fake=8)
# to upstream Linux 7.1.8. Our kernel reserves a scratch area for low
# memory, one anywhere and one per node, 10 (it turned the handover off
# from 7 nodes up before), preserves 32 MiB in the format of 7.1.8's
# lib/test_kho.c and hands the 10 areas over; 7.1.8's test_kho restores
# every folio and compares the checksum at boot. The 7.1.8 guest kernel
# has no NUMA (tests/upstream.config says why): it takes the 10 areas
# as ranges, whatever its nodes.
#
# run-vm: --mem 4G --append "cma=128M kho=on numa=fake=8 kho_scratch=16M,384M,16M" --peer upstream --timeout 600
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	not_logged "KHO: cannot reserve the scratch areas" \
		"this kernel could not reserve a scratch area per node"
	areas=$(kho_scratch_rows | wc -l)
	echo "$areas scratch areas: $(kho_scratch_rows | tr '\n' ' ')"
	[ "$areas" -eq 10 ] || fail "$areas scratch areas, expected 10"
	preserve_for_upstream 33554432
	peer_load
	expect_all cma cma
	vm-kexec --exec
	;;
2)
	check_payload_from 6.12
	logged "KHO: found kexec handover data" "upstream did not take the handover"
	expect_quiet_kernel
	logged "test_kho: KHO restore succeeded" \
		"upstream's test_kho could not restore our data intact"
	;;
esac
