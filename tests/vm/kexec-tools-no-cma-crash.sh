#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run-vm: --mem 2G --append "cma=512M crashkernel=128M"
#
# kexec-tools-no-cma-crash.sh: `kexec -s -p --no-cma` loads a crash kernel;
# `kexec -s -p -u --no-cma` unloads it.
#
# Usage: tests/run-vm tests/vm/kexec-tools-no-cma-crash.sh
#
# Guest test (busybox sh, root, debugfs at /sys/kernel/debug; STAGE=1 on
# the first boot; exit 0 = pass; the runner boots it with crashkernel=64M).
# --no-cma is accepted with -p: the load must succeed (kexec_crash_loaded
# 1), the listing's "image: crash" section must show the segments, none of
# them in CMA (crash kernels stay in the crashkernel reservation), and the
# default image must stay unloaded. --no-cma is accepted with -u as well:
# the unload must succeed and leave kexec_crash_loaded 0.
set -u

. /usr/share/kcma/lib.sh
T=kexec-tools-no-cma-crash
OUT=/tmp/$T.out

[ "$STAGE" = 1 ] || fail "unexpected stage $STAGE (this test does not kexec)"
[ -r $SEGMENTS ] || fail "$SEGMENTS missing: kernel without the kexec segment listing, or debugfs not mounted"
size=$(cat /sys/kernel/kexec_crash_size 2>/dev/null)
[ -n "$size" ] && [ "$size" -gt 0 ] ||
	fail "no crashkernel reservation (kexec_crash_size '$size'): boot the guest with crashkernel=64M"
kexec -s -p -u 2>/dev/null
kexec -s -u 2>/dev/null
[ "$(cat /sys/kernel/kexec_crash_loaded)" = 0 ] || fail "a crash kernel is loaded before the test and kexec -s -p -u did not remove it"

# A tiny initrd: it is never booted, and the guest's own would make the
# load depend on whether the userland fits twice into crashkernel=64M.
initrd=/tmp/$T.initrd
mkdir -p /tmp/$T.d && echo "$T" >/tmp/$T.d/marker &&
	(cd /tmp/$T.d && echo marker | cpio -o -H newc >"$initrd" 2>/dev/null) &&
	[ -s "$initrd" ] || fail "cannot write a small initrd to $initrd"

kexec -s -p --no-cma /boot/bzImage --initrd="$initrd" \
	--append="console=ttyS0 reset_devices maxcpus=1" >"$OUT" 2>&1
rc=$?
cat "$OUT"
[ $rc = 0 ] || fail "kexec -s -p --no-cma exited $rc (crashkernel size $size, initrd $(wc -c <"$initrd") bytes)"
[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "kexec_crash_loaded is not 1 after kexec -s -p --no-cma"
[ "$(cat /sys/kernel/kexec_loaded)" = 0 ] || fail "kexec -s -p --no-cma loaded the default image"
if grep -q "does not support KEXEC_FILE_NO_CMA" "$OUT"; then
	fail "the kernel rejected KEXEC_FILE_NO_CMA with -p (kexec retried without it)"
fi
n=$(segments crash | wc -l)
[ "$n" -gt 0 ] || fail "no segments listed for image crash"
cma=$(segments crash | awk '$6 == "cma"' | wc -l)
[ "$cma" -eq 0 ] || fail "$cma of $n crash kernel segments placed in CMA"
bad=$(segments crash | awk '$6 != "copy" || ($7 != "crash" && $7 != "flag")')
[ -z "$bad" ] || fail "crash segments not 'copy' with reason crash or flag: $bad"
[ "$(field cma_segments crash)" = 0 ] || fail "field for cma_segments image crash is not 0"
[ -z "$(segments default)" ] || fail "segments listed for image default after a crash load"
ok "crash kernel loaded with --no-cma: $n segments, none in CMA"

kexec -s -p -u --no-cma >"$OUT" 2>&1
rc=$?
cat "$OUT"
[ $rc = 0 ] || fail "kexec -s -p -u --no-cma exited $rc"
[ "$(cat /sys/kernel/kexec_crash_loaded)" = 0 ] || fail "kexec_crash_loaded is not 0 after kexec -s -p -u --no-cma"
[ -z "$(segments crash)" ] || fail "segments still listed for image crash after unload"
if grep -q "does not support KEXEC_FILE_NO_CMA" "$OUT"; then
	fail "the kernel rejected KEXEC_FILE_NO_CMA with -u (kexec retried without it)"
fi
ok "crash kernel unloaded with -u --no-cma"
exit 0
