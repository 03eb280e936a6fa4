#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One byte of the CMA-resident initrd flipped after the load (the debug
# knob of CONFIG_KEXEC_VERIFY_DEBUG): the purgatory does not read it, the
# successor does, and panics with MISMATCH before it unpacks a byte.
#
# run-vm: --mem 2G --append cma=512M --expect-fail "kernel panic booting stage 2: .*kexec_verify: initrd MISMATCH"
# run-vm-arch: x86_64 (KEXEC_VERIFY is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	corrupt_initrd cma successor
	vm-kexec --exec
	;;
2)
	fail "the successor booted a corrupted initrd"
	;;
esac
