#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run-vm: --mem 2G --append cma=512M
#
# kexec-tools-default-cma.sh: `kexec -s -l` without --no-cma places every
# segment in CMA.
#
# Usage: tests/run-vm tests/vm/kexec-tools-default-cma.sh
#
# Guest test (busybox sh, root, debugfs at /sys/kernel/debug; STAGE=1 on
# the first boot; exit 0 = pass). Loads through vm-kexec --load-only with
# no extra option: every segment of image default must be "cma" with
# reason "-", the summary must agree (copy_segments 0, hot_copy_bytes 0),
# and each CMA segment must start on a page boundary. Then unloads with
# `kexec -s -u` and checks that the listing and kexec_loaded say nothing
# is loaded.
set -u

. /usr/share/kcma/lib.sh

[ "$STAGE" = 1 ] || fail "unexpected stage $STAGE (this test does not kexec)"
[ -r $SEGMENTS ] || fail "$SEGMENTS missing: kernel without the kexec segment listing, or debugfs not mounted"
kexec -s -u 2>/dev/null

vm-kexec --load-only || fail "vm-kexec --load-only exited $?"
[ "$(cat /sys/kernel/kexec_loaded)" = 1 ] || fail "kexec_loaded is not 1 after the load"
n=$(segments default | wc -l)
[ "$n" -gt 0 ] || fail "no segments listed for image default"
bad=$(segments default | awk '$6 != "cma" || $7 != "-"')
[ -z "$bad" ] || fail "segments not placed in CMA (placement, reason in the last columns): $bad"
[ "$(field cma_segments default)" = "$n" ] || fail "summary says cma_segments is not $n"
[ "$(field copy_segments default)" = 0 ] || fail "summary says copy_segments is not 0"
[ "$(field hot_copy_bytes default)" = 0 ] || fail "summary says hot_copy_bytes is not 0: something is still copied at exec time"
for mem in $(segments default | awk '{ print $3 }'); do
	[ $((mem & 4095)) = 0 ] || fail "CMA segment at $mem is not page aligned"
done
ok "all $n segments in CMA, nothing to copy at exec time"

kexec -s -u || fail "kexec -s -u exited $?"
[ "$(cat /sys/kernel/kexec_loaded)" = 0 ] || fail "kexec_loaded is not 0 after kexec -s -u"
[ -z "$(segments default)" ] || fail "segments still listed for image default after unload"
awk '/^image:/ { cur = $2 } cur == "default"' $SEGMENTS | grep -qw none ||
	fail "listing for image default does not say none after unload"
ok "unloaded: image default shows none"
exit 0
