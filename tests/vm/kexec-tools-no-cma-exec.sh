#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run-vm: --mem 2G --append cma=512M
#
# kexec-tools-no-cma-exec.sh: `kexec -s -l --no-cma`, then `kexec -e`.
#
# Usage: tests/run-vm tests/vm/kexec-tools-no-cma-exec.sh
#
# Guest test (busybox sh, root, debugfs at /sys/kernel/debug; STAGE=1 on
# the first boot, +1 after each kexec; exit 0 = pass).
#   stage 1: load with --no-cma through vm-kexec --load-only; the kernel's
#            segment listing must show the image loaded with no segment in
#            CMA (every segment "copy", reason "flag"; the summary agrees,
#            hot_copy_bytes between the sums of bufsz and memsz); then
#            vm-kexec --exec (kexec -e).
#   stage 2: the kexec'ed kernel booted the same initrd: pass.
set -u

. /usr/share/kcma/lib.sh

case $STAGE in
1)
	[ -r $SEGMENTS ] || fail "$SEGMENTS missing: kernel without the kexec segment listing, or debugfs not mounted"
	kexec -s -u 2>/dev/null
	vm-kexec --load-only --no-cma || fail "vm-kexec --load-only --no-cma exited $?"
	[ "$(cat /sys/kernel/kexec_loaded)" = 1 ] || fail "kexec_loaded is not 1 after the load"
	n=$(segments default | wc -l)
	[ "$n" -gt 0 ] || fail "no segments listed for image default"
	cma=$(segments default | awk '$6 == "cma"' | wc -l)
	[ "$cma" -eq 0 ] || fail "$cma of $n segments placed in CMA despite --no-cma"
	bad=$(segments default | awk '$6 != "copy" || $7 != "flag"')
	[ -z "$bad" ] || fail "segments not 'copy' with reason 'flag': $bad"
	[ "$(field cma_segments default)" = 0 ] || fail "summary says cma_segments is not 0"
	[ "$(field copy_segments default)" = "$n" ] || fail "summary says copy_segments is not $n"
	hot=$(field hot_copy_bytes default)
	# Everything is copied at exec time: between the data (bufsz) and the
	# whole segments (memsz). Shell arithmetic: busybox awk has no strtonum.
	lo=0 hi=0
	for v in $(segments default | awk '{ print $5 ":" $4 }'); do
		lo=$((lo + ${v%%:*})) hi=$((hi + ${v#*:}))
	done
	[ -n "$hot" ] && [ "$hot" -ge "$lo" ] && [ "$hot" -le "$hi" ] && [ "$hot" -gt 0 ] ||
		fail "hot_copy_bytes '$hot' not within [sum bufsz $lo, sum memsz $hi]"
	ok "loaded with --no-cma: $n segments, all copy/flag, hot_copy_bytes $hot"
	vm-kexec --exec	# kexec -e -x; returns only if that failed
	fail "vm-kexec --exec returned $?"
	;;
2)
	ok "stage 2 booted after kexec -e of a --no-cma load"
	exit 0
	;;
*)
	fail "unexpected stage $STAGE"
	;;
esac
