#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kexec_verify=warn set at run time: the image loaded after the change is
# checked in warn mode, so a byte of its CMA-resident initrd flipped after
# the load (CONFIG_KEXEC_VERIFY_DEBUG) makes the successor warn, with the
# MISMATCH line, and boot on instead of panicking. The byte is the
# initrd's last, in the padding after the archives, so the successor's
# userland still unpacks and runs.
#
# run-vm: --mem 2G --append cma=512M
# run-vm-arch: x86_64 (KEXEC_VERIFY is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 2

KNOB=/sys/kernel/debug/kexec/corrupt
MODE=/sys/module/kernel/parameters/kexec_verify

case $STAGE in
1)
	[ -w $KNOB ] || skip "no $KNOB: CONFIG_KEXEC_VERIFY_DEBUG is off"
	echo warn > $MODE || fail "cannot set kexec_verify=warn at run time"
	[ "$(cat $MODE)" = warn ] || fail "kexec_verify reads '$(cat $MODE)' after writing warn"
	load
	set -- $(segments default 'col("kind") == "initrd" && col("placement") == "cma" &&
		col("check") == "successor" { print col("idx"), col("bufsz") }')
	[ $# -eq 2 ] || fail "no CMA-resident initrd checked by the successor"
	echo "$1 $(($2 - 1))" > $KNOB || fail "cannot corrupt segment $1"
	dmesg | grep 'flipped byte'
	vm-kexec --exec
	;;
2)
	logged 'kexec_verify: initrd MISMATCH: ' "no MISMATCH warning in the successor's log"
	not_logged 'Kernel panic' "the successor panicked in warn mode"
	grep -q '^initrd: MISMATCH$' /sys/kernel/debug/kexec/verify ||
		fail "/sys/kernel/debug/kexec/verify does not say MISMATCH: $(cat /sys/kernel/debug/kexec/verify)"
	ok "warn mode: the successor warned about its initrd and booted"
	;;
esac
