#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kexec HandOver from our 6.12 to upstream Linux 7.1.8, every byte
# compared. As vm.peer-kho-to-upstream, our test user preserves 32 MiB of
# random folios in the format of upstream's lib/test_kho.c and keeps their
# SHA-256. Upstream's test_kho would restore the folios, check them only
# against a 32-bit checksum and free them; booted with
# initcall_blacklist=kho_test_init, it leaves them preserved, and
# kcma-kho-folios reads every folio its kho/in/sub_fdts/kho_test lists
# through /dev/mem: the SHA-256 must match ours.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --peer upstream
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	preserve_for_upstream 33554432
	kho_status upstream_preserved_sha256 > /state/kho-sum
	echo "SHA-256 of the folios preserved for upstream: $(cat /state/kho-sum)"
	peer_load --append initcall_blacklist=kho_test_init
	expect_all cma cma
	vm-kexec --exec
	;;
2)
	check_payload_from 6.12
	logged "KHO: found kexec handover data" "upstream did not take the handover"
	grep -q "initcall_blacklist=kho_test_init" /proc/cmdline ||
		fail "upstream booted without initcall_blacklist=kho_test_init"
	not_logged "test_kho: " \
		"upstream's test_kho ran: it frees what it restores, nothing to read here"
	kho_folios_sum $KHO/in/sub_fdts/kho_test
	[ "$(cat /tmp/kho-sum)" = "$(cat /state/kho-sum)" ] ||
		fail "the folios' SHA-256 is $(cat /tmp/kho-sum) here, ours preserved $(cat /state/kho-sum)"
	echo "the folios upstream found preserved match ours byte for byte"
	;;
esac
