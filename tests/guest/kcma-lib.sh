# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the VM scenarios, installed in the guest as /usr/share/kcma/lib.sh.
# A scenario sources it: . /usr/share/kcma/lib.sh

SEGMENTS=/sys/kernel/debug/kexec/segments
CMA_USED=/sys/kernel/debug/cma/reserved/used

fail()
{
	echo "FAIL (stage $STAGE): $*"
	[ -r $SEGMENTS ] && sed 's/^/  | /' $SEGMENTS
	exit 1
}

ok()
{
	echo "ok: $*"
}

skip()
{
	echo "skip: $*"
	exit 4
}

# segments IMAGE: the segment lines of IMAGE (default, crash):
# "idx kind mem memsz bufsz placement reason"
segments()
{
	awk -v want="$1" '/^image: / { img = $2; next }
		img == want && $1 ~ /^[0-9]+$/' $SEGMENTS
}

# field NAME [IMAGE]: a total from the summary line of IMAGE (default)
field()
{
	awk -v name="$1:" -v want="${2:-default}" '
		/^image: / { img = $2; next }
		img == want { for (i = 1; i < NF; i++) if ($i == name) print $(i + 1) }' $SEGMENTS
}

cma_used()
{
	cat $CMA_USED
}

# CmaFree in kB as /proc/meminfo has it, for watching it move
cma_free_raw()
{
	awk '/^CmaFree:/ { print $2 }' /proc/meminfo
}

# CmaFree in kB, settled: pages freed to CMA wait on the per-CPU free lists,
# uncounted, until something drains them. A one-page CMA allocation through
# debugfs drains them (alloc_contig_range() does); the page it frees again
# is on a per-CPU list at every measurement alike. Then the per-CPU vmstat
# deltas are folded in.
cma_free()
{
	local dir=/sys/kernel/debug/cma/reserved

	echo 1 > $dir/alloc && echo 1 > $dir/free
	echo 1 > /proc/sys/vm/stat_refresh
	awk '/^CmaFree:/ { print $2 }' /proc/meminfo
}

# expect_all PLACEMENT [REASON]: every default segment is placed so
expect_all()
{
	local bad

	[ -n "$(segments default)" ] || fail "no default image loaded"
	bad=$(segments default | awk -v p="$1" -v r="${2:-}" \
		'$6 != p || (r != "" && $7 != r)')
	[ -z "$bad" ] || fail "expected every segment $1${2:+ ($2)}, got: $bad"
}

# A payload in /state, checked after the handover with the userland image
make_payload()
{
	head -c "${1:-4194304}" /dev/urandom > /state/payload
	sha256sum /state/payload /boot/userland.cpio > /state/sums
	uname -v > /state/uname
}

check_payload()
{
	[ -f /state/sums ] || fail "no /state/sums: state did not cross the kexec"
	sha256sum -c -s /state/sums || fail "payload or userland corrupted: $(sha256sum -c /state/sums 2>&1 | tr '\n' ' ')"
	[ "$(uname -v)" = "$(cat /state/uname)" ] || fail "booted $(uname -v), expected $(cat /state/uname)"
	echo "stage $STAGE: payload and userland intact after the handover"
}
