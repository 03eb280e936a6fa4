#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kexec_verify=sha256 restores the classic check: the purgatory reads
# every segment, CMA-resident ones included, so the same flipped byte of
# the CMA-resident initrd stops the handover in the purgatory.
#
# run-vm: --mem 2G --append cma=512M --timeout 90 --stuck-after 30 --expect-fail "kexec from stage 1 never reached stage 2 \(timeout, RIP 0x[0-9a-f]+ in the purgatory\)"
# run-vm-arch: x86_64 (KEXEC_VERIFY is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	echo sha256 > /sys/module/kernel/parameters/kexec_verify || fail "cannot set kexec_verify=sha256"
	corrupt_initrd cma purgatory
	vm-kexec --exec
	;;
2)
	fail "the purgatory let a corrupted image through"
	;;
esac
