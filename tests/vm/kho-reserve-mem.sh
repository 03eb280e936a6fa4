#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A reserve_mem= region across two Kexec HandOvers: from our kernel to
# itself, then to upstream Linux 7.1.8. Our test user fills the 16 MiB
# region with random bytes; the kernel hands it over in upstream's format
# (a "memblock" subtree naming it, its pages preserved), and the next one,
# given the same reserve_mem=, takes it back where it was, with every
# byte, instead of allocating another. The second kernel fills it anew and
# hands over to 7.1.8, which must take it back too ("Revived memory
# reservation") with the same bytes, read through /dev/mem.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0 reserve_mem=16M:4M:kcma kho_test.reserve_mem=kcma" --peer upstream --timeout 900
# run-vm-arch: x86_64 (KHO and the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 3

# handed_over START: this kernel lists the region at START for the next
handed_over()
{
	region=$(kcma-reserve-mem $KHO/out/sub_fdts/memblock kcma) ||
		fail "this kernel hands over no reserve_mem region 'kcma'"
	set -- $region
	[ "$1" = "$start" ] || fail "'kcma' is handed over at $1, the test user found it at $start"
}

case $STAGE in
1)
	make_payload
	reserve_mem_fill > /state/reserve-mem
	read -r start sum < /state/reserve-mem
	handed_over
	load
	vm-kexec --exec
	;;
2)
	check_payload
	expect_reserve_mem_taken_back kcma $(cat /state/reserve-mem)
	reserve_mem_fill > /state/reserve-mem
	read -r start sum < /state/reserve-mem
	handed_over
	peer_load
	vm-kexec --exec
	;;
3)
	check_payload_from 6.12
	read -r start sum < /state/reserve-mem
	logged "Revived memory reservation 'kcma' from KHO" \
		"upstream did not take 'kcma' back from the handover"
	region=$(kcma-reserve-mem $KHO/out/sub_fdts/memblock kcma) ||
		fail "upstream hands over no reserve_mem region 'kcma'"
	set -- $region
	[ "$1" = "$start" ] || fail "upstream has 'kcma' at $1, not at $start"
	[ "$(reserve_mem_devmem_sum $1 $2)" = "$sum" ] ||
		fail "the bytes of 'kcma' changed across the handover to upstream"
	echo "upstream took 'kcma' back at $start with every byte"
	expect_quiet_kernel
	;;
esac
