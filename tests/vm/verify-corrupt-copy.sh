#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The default mode still checks what can be corrupted: a flipped byte in
# the source pages of an initrd on the page-list copy path (--no-cma)
# stops the handover in the purgatory's xxh64 check.
#
# run-vm: --mem 2G --append cma=512M --timeout 90 --stuck-after 30 --expect-fail "kexec from stage 1 never reached stage 2 \(timeout, RIP 0x[0-9a-f]+ in the purgatory\)"
# run-vm-arch: x86_64 (KEXEC_VERIFY is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	corrupt_initrd copy purgatory --no-cma
	vm-kexec --exec
	;;
2)
	fail "the purgatory let a corrupted image through"
	;;
esac
