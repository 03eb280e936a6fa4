#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Three Kexec HandOvers in a row with the default scratch size (no
# kho_scratch=) in a 4 GiB guest with cma=256M: the first preserves 1 GiB.
# The kernel it boots must size its own scratch areas from what it
# allocated, not from what it keeps for the previous kernel, so it can
# still reserve them and hand over again; the third kernel restores that
# second handover and hands 1 GiB in the format of 7.1.8's lib/test_kho.c
# over to upstream Linux 7.1.8. 7.1.8 reserves its own cma= area while it
# is confined to the third kernel's scratch areas, and restores every
# folio.
#
# run-vm: --mem 4G --append "cma=256M kho=on" --peer upstream --timeout 1200
# run-vm-arch: x86_64 (KHO and the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 4

scratch_kb()
{
	awk '{ total += $1 } END { print int(total / 1024) }' $KHO/out/scratch_len
}

scratch_reserved()
{
	not_logged "KHO: cannot reserve the scratch areas" \
		"this kernel could not reserve its scratch areas"
	[ -n "$(kho_scratch_rows)" ] || fail "no scratch areas in $KHO/out"
	echo "scratch areas: $(kho_scratch_rows | tr '\n' ' ')($(scratch_kb) kB)"
}

case $STAGE in
1)
	make_payload
	grep -q kho_scratch= /proc/cmdline && fail "kho_scratch= is on the command line"
	scratch_reserved
	scratch_kb > /state/scratch_kb
	kho_preserve 1073741824
	load
	vm-kexec --exec
	;;
2)
	check_payload
	logged "KHO: (handover accepted|restorable)" "the handover was not accepted"
	expect_kho_restored 1073741824 1
	scratch_reserved
	# The 1 GiB kept for the previous kernel is not this kernel's to scale
	[ "$(scratch_kb)" -le $(($(cat /state/scratch_kb) + 65536)) ] ||
		fail "scratch grew from $(cat /state/scratch_kb) kB to $(scratch_kb) kB with the preserved memory"
	kho_preserve 67108864
	load
	vm-kexec --exec
	;;
3)
	check_payload
	logged "KHO: (handover accepted|restorable)" "the handover was not accepted"
	expect_kho_restored 67108864 2
	scratch_reserved
	preserve_for_upstream 1073741824
	peer_load
	vm-kexec --exec
	;;
4)
	expect_upstream_cma_in_our_scratch
	;;
esac
