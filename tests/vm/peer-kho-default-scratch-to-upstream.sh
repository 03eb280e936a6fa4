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
	expect_upstream_cma_in_our_scratch
	;;
esac
