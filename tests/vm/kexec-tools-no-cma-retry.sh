#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# On a kernel that rejects KEXEC_FILE_NO_CMA with EINVAL, kexec -s -l
# --no-cma retries once without the flag. An old kernel is simulated by
# strace failing the first kexec_file_load with EINVAL. kexec must then
# call kexec_file_load exactly once more, with the same flags minus 0x10,
# say so in one line, not print "not available", not fall back to
# kexec_load, and load: kexec_loaded 1, and since the real call went
# without the flag, every segment in CMA.
#
# run-vm: --mem 2G --append cma=512M
. /usr/share/kcma/lib.sh
stages 1

TRACE=/tmp/strace.out
NOTE="kexec: kernel does not support KEXEC_FILE_NO_CMA; retried without it (this kernel never places segments in CMA)"

command -v strace > /dev/null || fail "strace is not in the guest (the initramfs must ship it for this test)"
run strace -f -qq -e signal=none -o $TRACE -e trace=kexec_file_load,kexec_load \
	-e raw=kexec_file_load,kexec_load -e inject=kexec_file_load:error=EINVAL:when=1 \
	vm-kexec --load-only --no-cma
echo "--- strace:"
cat $TRACE
[ $rc = 0 ] || fail "strace ... vm-kexec --load-only --no-cma exited $rc"

# "FLAGS RESULT" for each kexec_file_load call (raw: flags is the last arg).
calls=$(sed -n 's/.*kexec_file_load(.*, \(0x[0-9a-f]*\|0\)) *= *\(.*\)$/\1 \2/p' $TRACE)
[ "$(echo "$calls" | grep -c .)" = 2 ] || fail "expected 2 kexec_file_load calls, got: $calls"
! grep -q "kexec_load(" $TRACE || fail "kexec fell back to kexec_load"
first=$(echo "$calls" | sed -n 1p)
second=$(echo "$calls" | sed -n 2p)
f1=${first%% *} f2=${second%% *}
case $first in *EINVAL*INJECTED*) ;; *) fail "first call was not the injected EINVAL: $first" ;; esac
[ $((f1 & 0x10)) != 0 ] || fail "first call flags $f1 without KEXEC_FILE_NO_CMA (0x10)"
[ $((f2 & 0x10)) = 0 ] || fail "retry flags $f2 still have KEXEC_FILE_NO_CMA (0x10)"
[ $((f1 & ~0x10)) = $((f2)) ] || fail "retry flags $f2 differ from $f1 by more than 0x10"
[ "${second#* }" = 0 ] || fail "the retry did not succeed: $second"

[ "$(grep -cF "$NOTE" $OUT)" = 1 ] || fail "kexec did not print the one-line note exactly once"
! grep -q "not available" $OUT || fail "kexec printed 'not available'"
! grep -q "kexec_file_load failed" $OUT || fail "kexec reported a failure"

expect_loaded default 1 "after the retried load"
expect_all cma
ok "EINVAL for flags $f1 -> one retry with $f2, note printed, loaded, $(nsegments default) segments in CMA"
