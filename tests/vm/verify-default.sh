#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The default kexec_verify mode: with every segment in CMA the purgatory
# reads nothing (digest_bytes 0, no segment checked by it), the listing
# gives the initrd to the successor, and the successor reports its initrd
# verified before it unpacks it. An unknown kexec_verify= value, on the
# command line and written at run time, is refused with a message and the
# default kept.
#
# run-vm: --mem 2G --append "cma=512M kexec_verify=bogus"
# run-vm-arch: x86_64 (KEXEC_VERIFY is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 2

PARAM=/sys/module/kernel/parameters/kexec_verify
VERIFY=/sys/kernel/debug/kexec/verify

check_bad_input()
{
	logged "kexec_verify: unknown mode 'bogus', keeping xxh64" \
		"kexec_verify=bogus on the command line was not refused with a message"
	[ "$(cat $PARAM)" = xxh64 ] || fail "mode is '$(cat $PARAM)', expected the default xxh64"
	! echo sha512 > $PARAM 2>/dev/null || fail "writing kexec_verify=sha512 succeeded"
	[ "$(cat $PARAM)" = xxh64 ] || fail "a refused write changed the mode to '$(cat $PARAM)'"
}

case $STAGE in
1)
	check_bad_input
	grep -q '^initrd: none$' $VERIFY || fail "cold boot: $(cat $VERIFY)"
	make_payload
	vm-kexec --load-only || fail "kexec -s -l failed"
	cat $SEGMENTS
	expect_all cma
	[ "$(field digest_bytes)" = 0 ] || fail "the purgatory reads $(field digest_bytes) bytes"
	[ "$(segments default 'col("check") == "purgatory"')" = "" ] ||
		fail "a CMA segment is checked by the purgatory"
	[ "$(segments default 'col("check") == "successor" { print col("kind") }')" = initrd ] ||
		fail "the initrd is not left to the successor"
	vm-kexec --exec
	;;
2)
	cat $VERIFY
	dmesg | grep 'kexec_verify: initrd'
	logged 'kexec_verify: initrd verified: [0-9]* bytes, xxh64 [0-9a-f]*' \
		"no 'initrd verified' line in the successor's log"
	grep -q '^initrd: verified$' $VERIFY || fail "debugfs says: $(grep initrd: $VERIFY)"
	check_bad_input
	check_payload
	;;
esac
