#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Chain five kexecs: stages 1 to 6, each one checking that the previous
# stage ran and handed over its marker.
#
# Usage: tests/run-vm tests/vm/kexec-chain.sh
#
# Each stage N checks that /state/marker says stage N-1 and that
# /state/history lists stages 1 to N-1 (one a line), then writes its own
# marker and kexecs, until stage 6 exits 0.

set -eu

last=6

fail() {
	echo "kexec-chain: FAIL: stage $STAGE: $*"
	exit 1
}

prev=$((STAGE - 1))
if [ "$STAGE" -gt 1 ]; then
	[ -f /state/marker ] || fail "no marker from stage $prev"
	marker=$(cat /state/marker)
	[ "$marker" = "stage $prev" ] ||
		fail "marker is '$marker', expected 'stage $prev'"
	history=$(cat /state/history)
	[ "$history" = "$(seq 1 "$prev")" ] ||
		fail "history is '$(echo "$history" | tr '\n' ' ')'," \
		     "expected stages 1 to $prev"
fi
echo "kexec-chain: stage $STAGE of $last, up $(cut -d' ' -f1 /proc/uptime) s"

[ "$STAGE" -lt "$last" ] || exit 0
echo "stage $STAGE" > /state/marker
echo "$STAGE" >> /state/history
exec vm-kexec
