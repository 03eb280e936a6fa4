#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kexec HandOver from our 6.12 to upstream Linux 7.1.8 with the default
# scratch size (no kho_scratch=), 1 GiB preserved in the format of 7.1.8's
# lib/test_kho.c, in a 4 GiB guest with cma=256M. 7.1.8 allocates from
# the scratch areas only until it has read the memory map, and so
# reserves its own cma= area, its memory map and the rest of its early
# allocations there: our default size must leave room for them beside
# the image. 7.1.8 must reserve its 256 MiB area and its test_kho must
# restore every folio.
#
# run-vm: --mem 4G --append "cma=256M kho=on" --peer upstream --timeout 900
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	grep -q kho_scratch= /proc/cmdline && fail "kho_scratch= is on the command line"
	not_logged "KHO: cannot reserve the scratch areas" \
		"this kernel could not reserve its scratch areas"
	echo "scratch areas: $(kho_scratch_rows | tr '\n' ' ')"
	preserve_for_upstream 1073741824
	peer_load
	vm-kexec --exec
	;;
2)
	check_payload_from 6.12
	logged "KHO: found kexec handover data" "upstream did not take the handover"
	dmesg | grep -E 'cma: (Reserved|Failed)'
	not_logged "cma: Failed to reserve" "upstream could not reserve its cma= area in our scratch"
	logged "cma: Reserved 256 MiB" "upstream reserved no 256 MiB cma= area"
	logged "test_kho: KHO restore succeeded" \
		"upstream's test_kho could not restore our data intact"
	expect_quiet_kernel
	;;
esac
