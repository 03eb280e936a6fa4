#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kexec HandOver from upstream Linux 7.1.8 on a guest of 8 NUMA nodes
# (numa=fake=8) to our 6.12. 7.1.8 lists a scratch area for low memory,
# one anywhere and one per node: 10, where this kernel accepted at most 8
# and dropped the whole handover before ("handover has 160 bytes of
# scratch areas: ignoring it"). 7.1.8's test_kho preserves its folios at
# boot; our kernel must accept the 10 areas and restore every byte.
#
# run-vm: --mem 4G --append "cma=128M kho=on numa=fake=8 kho_scratch=16M,384M,16M" --kernel upstream --peer ours --timeout 600
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream
	areas=$(wc -l < $KHO/out/scratch_len)
	echo "upstream: $(ls -d /sys/devices/system/node/node[0-9]* | wc -l) nodes," \
		"$areas scratch areas at" $(cat $KHO/out/scratch_phys)
	[ "$areas" -gt 8 ] || fail "upstream lists $areas scratch areas: no more than 8 to hand over"
	make_payload
	upstream_kho_test_sum
	upstream_load
	vm-kexec --exec
	;;
2)
	check_payload_from 7.1.8
	not_logged "KHO: handover has .* scratch areas: ignoring it" \
		"upstream's scratch areas were refused"
	expect_upstream_kho_test
	;;
esac
