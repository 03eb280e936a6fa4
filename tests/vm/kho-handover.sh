#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kexec HandOver, 6.12 to 6.12, three times: each kernel restores the
# folios the previous one preserved and checks every byte, then preserves
# new ones. The image is placed in the scratch CMA area, then copied
# (--no-cma: into the scratch areas only), then placed again with the
# preserved data changed after the load. KASLR, when on, picks the next kernel's place among the
# scratch areas.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --timeout 600
# run-vm-arch: x86_64 (KHO is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 4

handover_accepted()
{
	logged "KHO: (handover accepted|restorable)" "no 'KHO: handover accepted' line"
	freed=$(dmesg | sed -n 's/.*memory map freed: \([0-9]*\) pages.*/\1/p')
	[ "${freed:-0}" -gt 0 ] || fail "the memory map's pages were not freed"
	[ -r $KHO/in/fdt ] && grep -q kho-v3 $KHO/in/fdt ||
		fail "no kho-v3 FDT in $KHO/in/fdt"
	[ -r $KHO/in/sub_fdts/kexec-cma-kho-test ] ||
		fail "no $KHO/in/sub_fdts/kexec-cma-kho-test"
}

# kernel_in_scratch: with KASLR, this kernel lies in a scratch area of the
# previous one (/state/scratch)
kernel_in_scratch()
{
	local code

	grep -qw nokaslr /proc/cmdline && return
	code=$(awk -F'[- :]+' '/Kernel code/ { print $2 }' /proc/iomem)
	awk -v code="0x$code" '{ if (code + 0 >= ("0x" $1) + 0 && code + 0 < ("0x" $2) + 0) found = 1 }
		END { exit !found }' /state/scratch ||
		fail "KASLR placed the kernel at 0x$code, outside the scratch areas $(tr '\n' ' ' < /state/scratch)"
	echo "kernel code at 0x$code, inside a scratch area of the previous kernel"
}

mem_total()
{
	awk '/^MemTotal:/ { print $2 }' /proc/meminfo
}

case $STAGE in
1)
	make_payload
	mem_total > /state/mem_total
	grep -q kho-v3 $KHO/out/fdt || fail "$KHO/out/fdt is not a kho-v3 FDT"
	[ -n "$(kho_scratch_rows)" ] || fail "no scratch areas in $KHO/out"
	kho_scratch_rows > /state/scratch
	echo "scratch areas: $(tr '\n' ' ' < /state/scratch)"
	kho_preserve 33554432
	[ -r $KHO/out/sub_fdts/kexec-cma-kho-test ] ||
		fail "no $KHO/out/sub_fdts/kexec-cma-kho-test"
	kho_fdt_check
	[ $rc -eq 0 ] || fail "kho-fdt check finds problems in the handover (exit $rc)"
	load
	expect_all cma cma
	expect_area kho_scratch0
	vm-kexec --exec
	;;
2)
	check_payload
	handover_accepted
	expect_kho_restored 33554432 1
	kernel_in_scratch
	# The restored folios and the map's pages are managed memory again;
	# only the root FDT page and boot data stay reserved
	echo "MemTotal: $(cat /state/mem_total) kB before the handover, $(mem_total) kB after the restore"
	[ $(($(cat /state/mem_total) - $(mem_total))) -le 64 ] ||
		fail "MemTotal is $(($(cat /state/mem_total) - $(mem_total))) kB below the previous kernel's"
	kho_preserve 8388608 9
	load --no-cma
	expect_all copy
	expect_in_scratch
	vm-kexec --exec
	;;
3)
	check_payload
	handover_accepted
	expect_kho_restored 8388608 2
	kho_preserve 1048576
	load
	expect_all cma cma
	expect_area kho_scratch0
	# The FDT is current until the jump: change the data after the load
	kho_preserve 6291456 0
	vm-kexec --exec
	;;
4)
	check_payload
	handover_accepted
	expect_kho_restored 6291456 3
	;;
esac
