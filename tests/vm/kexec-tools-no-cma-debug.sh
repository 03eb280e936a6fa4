#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kexec -d -s -l --no-cma prints the kexec_file_load flags: exactly one
# "kexec_file_load: ... flags = 0x.." line (the kernel accepted the flag,
# so there was no retry), with 0x10 (NO_CMA) and 0x8 (DEBUG) set and
# 0x1/0x2 (UNLOAD, ON_CRASH) clear; the image is loaded and no segment is
# in CMA. Without --no-cma the flags line has 0x10 clear.
#
# run-vm: --mem 2G --append cma=512M
. /usr/share/kcma/lib.sh
stages 1

# The flags of each "kexec_file_load: ... flags = 0xNN" debug line in $OUT
flags_lines()
{
	sed -n 's/^kexec_file_load: .*flags = \(0x[0-9a-fA-F]*\)$/\1/p' $OUT
}

run vm-kexec --load-only -d --no-cma
[ $rc = 0 ] || fail "vm-kexec --load-only -d --no-cma exited $rc"
! grep -q "retrying with flags" $OUT ||
	fail "kexec retried without KEXEC_FILE_NO_CMA: the kernel rejected the flag"
[ "$(flags_lines | wc -l)" = 1 ] ||
	fail "expected one 'kexec_file_load: ... flags = 0x..' line, got: $(flags_lines | tr '\n' ' ')"
f=$(flags_lines)
[ $((f & 0x10)) != 0 ] || fail "flags $f: KEXEC_FILE_NO_CMA (0x10) not set"
[ $((f & 0x8)) != 0 ] || fail "flags $f: KEXEC_FILE_DEBUG (0x8) not set with -d"
[ $((f & 0x3)) = 0 ] || fail "flags $f: UNLOAD or ON_CRASH set for a plain load"
expect_loaded default 1 "after the load"
n=$(nsegments default)
[ "$n" -gt 0 ] || fail "no segments listed for image default"
cma=$(nsegments default 'col("placement") == "cma"')
[ "$cma" -eq 0 ] || fail "$cma of $n segments placed in CMA with flags $f"
ok "kexec -d -s -l --no-cma: kexec_file_load flags $f, $n segments, none in CMA"
kexec -s -u || fail "kexec -s -u failed"

run vm-kexec --load-only -d
[ $rc = 0 ] || fail "vm-kexec --load-only -d exited $rc"
f=$(flags_lines)
[ -n "$f" ] || fail "no 'kexec_file_load: ... flags = 0x..' line without --no-cma"
[ $((f & 0x10)) = 0 ] || fail "flags $f: KEXEC_FILE_NO_CMA (0x10) set without --no-cma"
ok "kexec -d -s -l: kexec_file_load flags $f (no 0x10)"
kexec -s -u || fail "kexec -s -u failed"
