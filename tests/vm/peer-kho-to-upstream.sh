#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kexec HandOver from our 6.12 to upstream Linux 7.1.8, checked by
# upstream's own consumer. Our test user preserves 32 MiB of random
# folios in the format of upstream's lib/test_kho.c (a "kho_test" subtree,
# the folio list as a preserved vmalloc area, the checksum of the bytes);
# our kernel places upstream's image in its scratch CMA area and hands
# over. Upstream accepts the handover, and its test_kho restores every
# folio and compares the checksum at boot: "KHO restore succeeded". The
# FDT segment is 1 MiB (kho_fdt_max=1M), over the 256 KiB upstream maps
# early: the handover must report no more than the root FDT's room, or
# upstream warns in early_memremap() and drops the handover.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0 kho_fdt_max=1M" --peer upstream
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	preserve_for_upstream 33554432
	[ -r $KHO/out/sub_fdts/kho_test ] || fail "no $KHO/out/sub_fdts/kho_test"
	kho_fdt_check
	[ $rc -eq 0 ] || fail "kho-fdt check finds problems in the handover (exit $rc)"
	peer_load
	expect_all cma cma
	expect_area kho_scratch0
	expect_kho_fdt_segment cma 1048576
	vm-kexec --exec
	;;
2)
	check_payload_from 6.12
	logged "KHO: found kexec handover data" "upstream did not take the handover"
	expect_quiet_kernel
	logged "test_kho: KHO restore (succeeded|failed)" \
		"upstream's test_kho said nothing of the handover"
	logged "test_kho: KHO restore succeeded" \
		"upstream's test_kho could not restore our data intact"
	;;
esac
