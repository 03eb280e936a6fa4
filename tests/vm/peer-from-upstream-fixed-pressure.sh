#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vm.peer-from-upstream-pressure on 7.1.8 with upstream-patches/: patch 4
# allocates the control pages of an image with a segment in CMA without
# __GFP_NORETRY, so the same load under pressure succeeds, and our 6.12
# boots with its initrd and the payload intact. Whether the 256 MiB
# initrd itself got a CMA range is up to the pressure (7.1.8 takes a
# segment's range whole or not at all): it is printed, not required.
#
# run-vm: --mem 2G --append cma=768M --kernel upstream-fixed --peer ours --timeout 900
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	expect_upstream_fixed
	make_payload
	dmesg -c > /dev/null
	upstream_pressure_load
	[ "$load_rc" -eq 0 ] ||
		fail "the load under pressure failed: $(dmesg | tail -n 3 | tr '\n' ' ')"
	upstream_placed
	in_cma $up_kernel $up_memsz || echo "the kernel segment is not in CMA"
	in_cma $up_initrd $up_initrd_memsz || echo "the initrd is not in CMA"
	in_cma $up_kernel $up_memsz || in_cma $up_initrd $up_initrd_memsz ||
		skip "no segment in CMA under this pressure: patch 4 not exercised"
	vm-kexec --exec
	;;
2)
	check_payload_from 7.1.8-fixed
	;;
esac
