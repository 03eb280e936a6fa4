#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A handover upstream Linux 7.1.8 cannot read: our kernel hands over data
# for upstream's test_kho (as vm.peer-kho-to-upstream does) under a root
# FDT whose compatible it rewrites at kexec -e to a version neither kernel
# knows ("kho-v0", through kho/out/corrupt). Upstream logs that the FDT is
# incompatible, disables KHO revival, takes nothing back and boots
# normally with the payload intact. (Both kernels speak "kho-v3", so that
# is the one way to make them disagree; our kernel's refusal of a version
# it does not know is vm.kho-refused.)
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,384M,0" --peer upstream
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	[ -w $KHO/out/corrupt ] || skip "no $KHO/out/corrupt: CONFIG_KEXEC_HANDOVER_DEBUG is off"
	[ -w $KHO_TEST/upstream ] || skip "no $KHO_TEST/upstream: CONFIG_KEXEC_HANDOVER_TEST is off"
	echo 4194304 > $KHO_TEST/upstream || fail "kho_test cannot preserve data for upstream"
	echo compatible > $KHO/out/corrupt || fail "cannot damage the handover"
	peer_load
	vm-kexec --exec
	;;
2)
	check_payload_from 6.12
	logged "KHO: setup: handover FDT .* is incompatible with 'kho-v3'" \
		"no 'incompatible' line from upstream"
	logged "KHO: disabling KHO revival" "no 'disabling KHO revival' line from upstream"
	not_logged "KHO: found kexec handover data" "upstream took the handover"
	[ ! -e $KHO/in ] || fail "$KHO/in exists after a refused handover"
	not_logged "test_kho: KHO restore" "upstream's test_kho restored from a refused handover"
	echo "upstream refused the kho-v0 handover and booted"
	;;
esac
