#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kexec the guest into the same kernel and check what survives the jump.
#
# Usage: tests/run-vm tests/vm/kexec-same-kernel.sh
#
# Stage 1 records the kernel version (uname -v), the command line and a
# random payload with its sha256 in /state, then vm-kexec's into stage 2.
# Stage 2 checks that it is stage 2, that its command line is stage 1's
# with stage=2, that the kernel version is the same and that the payload
# arrived intact.

set -eu

fail() {
	echo "kexec-same-kernel: FAIL: $*"
	exit 1
}

case "$STAGE" in
1)
	uname -v > /state/uname-v
	cat /proc/cmdline > /state/cmdline
	head -c 4194304 /dev/urandom > /state/payload
	(cd /state && sha256sum payload > payload.sha256)
	echo "kexec-same-kernel: stage 1: $(uname -r) $(cat /state/uname-v)"
	echo "kexec-same-kernel: payload $(cut -d' ' -f1 /state/payload.sha256)"
	exec vm-kexec
	;;
2)
	grep -qw stage=2 /proc/cmdline || fail "no stage=2 in $(cat /proc/cmdline)"
	expected=$(sed -E 's/(^| )stage=1( |$)/\1stage=2\2/' /state/cmdline)
	[ "$(cat /proc/cmdline)" = "$expected" ] ||
		fail "command line is '$(cat /proc/cmdline)', expected '$expected'"
	[ "$(uname -v)" = "$(cat /state/uname-v)" ] ||
		fail "kernel is '$(uname -v)', stage 1 ran '$(cat /state/uname-v)'"
	(cd /state && sha256sum -c payload.sha256) || fail "payload corrupted"
	echo "kexec-same-kernel: stage 2: same kernel, command line and payload"
	;;
*)
	fail "unexpected stage $STAGE"
	;;
esac
