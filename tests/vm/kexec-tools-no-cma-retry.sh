#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# run-vm: --mem 2G --append cma=512M
#
# kexec-tools-no-cma-retry.sh: on a kernel that rejects KEXEC_FILE_NO_CMA
# with EINVAL, `kexec -s -l --no-cma` retries once without the flag.
#
# Usage: tests/run-vm tests/vm/kexec-tools-no-cma-retry.sh
#
# Guest test (busybox sh, root, debugfs at /sys/kernel/debug; STAGE=1 on
# the first boot; exit 0 = pass; needs strace in the guest). An old kernel
# is simulated by strace failing the first kexec_file_load with EINVAL.
# kexec must then call kexec_file_load exactly once more, with the same
# flags minus 0x10, say so in one line, not print "not available", not
# fall back to kexec_load, and load: kexec_loaded 1, and since the real
# call went without the flag, every segment in CMA.
set -u

. /usr/share/kcma/lib.sh
T=kexec-tools-no-cma-retry
OUT=/tmp/$T.out
TRACE=/tmp/$T.strace
NOTE="kexec: kernel does not support KEXEC_FILE_NO_CMA; retried without it (this kernel never places segments in CMA)"

[ "$STAGE" = 1 ] || fail "unexpected stage $STAGE (this test does not kexec)"
[ -r $SEGMENTS ] || fail "$SEGMENTS missing: kernel without the kexec segment listing, or debugfs not mounted"
command -v strace >/dev/null || fail "strace is not in the guest (the initramfs must ship it for this test)"
kexec -s -u 2>/dev/null

strace -f -qq -e signal=none -o "$TRACE" -e trace=kexec_file_load,kexec_load -e raw=kexec_file_load,kexec_load \
	-e inject=kexec_file_load:error=EINVAL:when=1 \
	vm-kexec --load-only --no-cma >"$OUT" 2>&1
rc=$?
cat "$OUT"
echo "--- strace:"
cat "$TRACE"
[ $rc = 0 ] || fail "strace ... vm-kexec --load-only --no-cma exited $rc"

# "FLAGS RESULT" for each kexec_file_load call (raw: flags is the last arg).
calls=$(sed -n 's/.*kexec_file_load(.*, \(0x[0-9a-f]*\|0\)) *= *\(.*\)$/\1 \2/p' "$TRACE")
[ "$(echo "$calls" | grep -c .)" = 2 ] || fail "expected 2 kexec_file_load calls, got: $calls"
grep -q "kexec_load(" "$TRACE" && fail "kexec fell back to kexec_load"
first=$(echo "$calls" | sed -n 1p)
second=$(echo "$calls" | sed -n 2p)
f1=${first%% *} f2=${second%% *}
case $first in *EINVAL*INJECTED*) ;; *) fail "first call was not the injected EINVAL: $first" ;; esac
[ $((f1 & 0x10)) != 0 ] || fail "first call flags $f1 without KEXEC_FILE_NO_CMA (0x10)"
[ $((f2 & 0x10)) = 0 ] || fail "retry flags $f2 still have KEXEC_FILE_NO_CMA (0x10)"
[ $((f1 & ~0x10)) = $((f2)) ] || fail "retry flags $f2 differ from $f1 by more than 0x10"
[ "${second#* }" = 0 ] || fail "the retry did not succeed: $second"

[ "$(grep -cF "$NOTE" "$OUT")" = 1 ] || fail "kexec did not print the one-line note exactly once"
grep -q "not available" "$OUT" && fail "kexec printed 'not available'"
grep -q "kexec_file_load failed" "$OUT" && fail "kexec reported a failure"

[ "$(cat /sys/kernel/kexec_loaded)" = 1 ] || fail "kexec_loaded is not 1 after the retried load"
n=$(segments default | wc -l)
[ "$n" -gt 0 ] || fail "no segments listed for image default"
bad=$(segments default | awk '$6 != "cma"')
[ -z "$bad" ] || fail "the retry went without the flag, yet segments are not in CMA: $bad"
ok "EINVAL for flags $f1 -> one retry with $f2, note printed, loaded, $n segments in CMA"
kexec -s -u || fail "kexec -s -u exited $?"
exit 0
