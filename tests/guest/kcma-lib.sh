# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the VM scenarios, installed in the guest as /usr/share/kcma/lib.sh.
# A scenario sources it: . /usr/share/kcma/lib.sh
# It runs with STAGE set (/init) and set -u (an unset variable is an error).

set -u

SEGMENTS=/sys/kernel/debug/kexec/segments
# The guest's own kernel, under its architecture's name (harness/initramfs),
# which the scenarios load again
KERNEL_IMAGE=/boot/bzImage
[ -f $KERNEL_IMAGE ] || KERNEL_IMAGE=/boot/Image
CMA_DIR=/sys/kernel/debug/cma/reserved
CMA_USED=$CMA_DIR/used
OUT=/tmp/kcma.out

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

# stages N: the scenario runs in N stages (it kexecs N-1 times); fail in
# any other
stages()
{
	[ "$STAGE" -ge 1 ] && [ "$STAGE" -le "$1" ] ||
		fail "unexpected stage $STAGE (this scenario has $1)"
}

# load [kexec options...]: vm-kexec --load-only, then show the listing
load()
{
	vm-kexec --load-only "$@" || fail "vm-kexec --load-only $* failed"
	cat $SEGMENTS
}

# run CMD...: run CMD with its output in $OUT, then show it; $rc is its status
run()
{
	rc=0
	"$@" > $OUT 2>&1 || rc=$?
	cat $OUT
}

# logged ERE WHY: the kernel's log has a line matching the extended regular
# expression ERE (shown), or fail WHY
logged()
{
	dmesg | grep -E "$1" || fail "$2"
}

# not_logged ERE WHY: it has none, or fail WHY (the lines shown)
not_logged()
{
	! dmesg | grep -E "$1" || fail "$2"
}

# segments IMAGE [PROGRAM [-v NAME=VALUE]...]: the segment rows of IMAGE
# (default, crash), or what the awk PROGRAM makes of them: a condition
# selects rows, an action prints what it likes. PROGRAM reads a field by
# its name in the listing's header with col("NAME"): idx kind mem memsz
# bufsz placement reason, and whatever the kernel adds. A name the header
# lacks stops it with a message in place of the rows.
#	segments default 'col("placement") != "cma"'
#	segments default 'col("kind") == k { print col("mem") }' -v k=kernel
segments()
{
	local image=$1 program=${2:-1}

	shift
	[ $# -eq 0 ] || shift
	awk -v want="$image" "$@" '
		function col(name) {
			if (!(name in colno)) {
				print "segments: no column \"" name "\" in \"" header "\""
				exit 2
			}
			return $(colno[name])
		}
		/^image: / { img = $2; next }
		img != want { next }
		$1 == "idx" { header = $0; for (i = 1; i <= NF; i++) colno[$i] = i; next }
		$1 !~ /^[0-9]+$/ { next }
		'"$program" $SEGMENTS
}

# nsegments IMAGE [CONDITION [-v NAME=VALUE]...]: how many rows of IMAGE
# there are, or meet CONDITION (see segments); on an error its message, so
# that a test comparing it with a number fails
nsegments()
{
	local rows

	rows=$(segments "$@") || { echo "$rows"; return 1; }
	echo "$rows" | grep -c .
}

# field NAME [IMAGE]: a total from the summary line of IMAGE (default)
field()
{
	awk -v name="$1:" -v want="${2:-default}" '
		/^image: / { img = $2; next }
		img == want { for (i = 1; i < NF; i++) if ($i == name) print $(i + 1) }' $SEGMENTS
}

# expect_field NAME VALUE [IMAGE]: the summary of IMAGE (default) says so
expect_field()
{
	[ "$(field "$1" "${3:-default}")" = "$2" ] ||
		fail "${3:-default} image: $1 is '$(field "$1" "${3:-default}")', expected $2"
}

# expect_loaded IMAGE 0|1 [WHEN]: /sys/kernel/kexec_loaded (default) or
# kexec_crash_loaded (crash) says so
expect_loaded()
{
	local file=/sys/kernel/kexec_loaded

	[ "$1" = crash ] && file=/sys/kernel/kexec_crash_loaded
	[ "$(cat $file)" = "$2" ] ||
		fail "${file##*/} is $(cat $file)${3:+ $3}, expected $2"
}

# cmdline_value NAME: the value of NAME= on /proc/cmdline, the last one
cmdline_value()
{
	tr ' ' '\n' < /proc/cmdline | sed -n "s/^$1=//p" | tail -n 1
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

	[ "$(nsegments default)" -gt 0 ] || fail "no default image loaded"
	bad=$(segments default 'col("placement") != p || (r != "" && col("reason") != r)' \
		-v p="$1" -v r="${2:-}")
	[ -z "$bad" ] || fail "expected every segment $1${2:+ ($2)}, got: $bad"
}

# expect_quiet_kernel: the kernel log holds no oops, BUG or warning
expect_quiet_kernel()
{
	local warn

	warn=$(dmesg | grep -E 'WARNING:|BUG:|Oops:|general protection fault')
	[ -z "$warn" ] || fail "the kernel complained: $warn"
}

# expect_cma_at_baseline USED FREE WHEN: the default area's bitmap shows
# USED pages allocated, as at the baseline, and CmaFree is FREE kB again.
# A CMA page kexec released passes through the per-CPU lists, where any
# movable allocation can take it (a fork of the shell measuring): that
# lowers CmaFree and is no leak. So if CmaFree is short and nothing was
# allocated at the baseline, every page of the area is claimed once: that
# succeeds only if none is held by anyone (each is free or can be
# migrated). After the claim CmaFree may still be short by the pages the
# measurement itself borrowed, at most 16 of them; it is printed.
expect_cma_at_baseline()
{
	local dir=/sys/kernel/debug/cma/reserved pages free

	[ "$(cma_used)" = "$1" ] || fail "$3: $(cma_used) CMA pages in use, baseline $1"
	free=$(cma_free)
	[ "$free" = "$2" ] && return
	[ "$1" = 0 ] || fail "$3: CmaFree $free kB, baseline $2 kB"
	pages=$(cat $dir/count)
	echo "$pages" > $dir/alloc ||
		fail "$3: CmaFree $free kB, baseline $2 kB, and the area cannot be claimed in full"
	echo "$pages" > $dir/free
	echo 1 > $dir/alloc && echo 1 > $dir/free	# drains the per-CPU lists
	free=$(cma_free)
	echo "$3: the whole area could be claimed; CmaFree $free kB, baseline $2 kB"
	[ $(($2 - free)) -le 64 ] ||
		fail "$3: CmaFree $free kB, baseline $2 kB, after claiming the whole area"
}

# A payload in /state, checked after the handover with the userland image
# against the sum harness/initramfs took of it (under TCG, MD5 takes 60 %
# of SHA-256's time over the userland, about 75 MB, and tells a changed
# byte as well). /dev/urandom read a megabyte at a time is ten times as
# fast as head's small reads of it
make_payload()
{
	local size=${1:-4194304}

	dd if=/dev/urandom bs=1048576 count=$(((size + 1048575) / 1048576)) 2>/dev/null |
		head -c "$size" > /state/payload
	[ "$(stat -c %s /state/payload)" = "$size" ] || fail "cannot write a payload of $size bytes"
	sha256sum /state/payload > /state/sums
	cp /boot/userland.md5 /state/userland.md5 ||
		fail "no /boot/userland.md5: harness/initramfs writes it"
	uname -v > /state/uname
	uname -r > /state/release
}

# check_sums: the payload and the userland as make_payload found them
check_sums()
{
	[ -f /state/sums ] || fail "no /state/sums: state did not cross the kexec"
	sha256sum -c -s /state/sums || fail "payload corrupted: $(sha256sum -c /state/sums 2>&1 | tr '\n' ' ')"
	md5sum -c -s /state/userland.md5 || fail "userland corrupted: $(md5sum -c /state/userland.md5 2>&1 | tr '\n' ' ')"
}

check_payload()
{
	check_sums
	[ "$(uname -v)" = "$(cat /state/uname)" ] || fail "booted $(uname -v), expected $(cat /state/uname)"
	echo "stage $STAGE: payload and userland intact after the handover"
}

# Cross-version handovers: the peer kernel run-vm --peer gave the guest, and
# the checks for the kernel on the other side, which is not this one
PEER=/test/peer-bzImage

# expect_upstream: this is the unpatched upstream 7.1.8 kernel (run-vm
# --kernel upstream), not ours and not 7.1.8 with upstream-patches/
expect_upstream()
{
	case $(uname -r) in
	7.1.8-fixed*) fail "booted $(uname -r), expected the unpatched upstream 7.1.8 kernel" ;;
	7.1.8*) ;;
	*) fail "booted $(uname -r), expected the upstream 7.1.8 kernel" ;;
	esac
}

# expect_upstream_users: this is our kernel with 7.1.8's lib/test_kho.c
# compiled in (run-vm --kernel upstream-users, make upstream-users-kernel)
expect_upstream_users()
{
	case $(uname -r) in
	6.12*-upstream-users) ;;
	*) fail "booted $(uname -r), expected our kernel with upstream's test_kho (make upstream-users-kernel)" ;;
	esac
}

# upstream_test_kho_preserved: 7.1.8's test_kho, in 7.1.8 or compiled
# into our kernel, preserved its folios at boot
upstream_test_kho_preserved()
{
	[ -r $KHO/out/sub_fdts/kho_test ] ||
		fail "upstream's test_kho preserved nothing: no $KHO/out/sub_fdts/kho_test"
}

# upstream_test_kho_hand_over LOAD...: on 7.1.8, whose test_kho preserved
# its folios at boot, run LOAD (a load of the peer kernel) and jump
upstream_test_kho_hand_over()
{
	expect_upstream
	make_payload
	upstream_test_kho_preserved
	"$@"
	vm-kexec --exec
}

# upstream_users_hand_over: on our kernel with 7.1.8's test_kho, which
# preserved its folios at boot, load the peer kernel and jump
upstream_users_hand_over()
{
	expect_upstream_users
	make_payload
	upstream_test_kho_preserved
	peer_load
	vm-kexec --exec
}

# expect_upstream_cma_in_our_scratch: 7.1.8, booted by our handover with
# the default scratch size, took the handover, reserved its 256 MiB cma=
# area while confined to our scratch areas, and its test_kho restored our
# data (preserve_for_upstream)
expect_upstream_cma_in_our_scratch()
{
	check_payload_from 6.12
	logged "KHO: found kexec handover data" "upstream did not take the handover"
	dmesg | grep -E 'cma: (Reserved|Failed)'
	not_logged "cma: Failed to reserve" "upstream could not reserve its cma= area in our scratch"
	logged "cma: Reserved 256 MiB" "upstream reserved no 256 MiB cma= area"
	logged "test_kho: KHO restore succeeded" \
		"upstream's test_kho could not restore our data intact"
	expect_quiet_kernel
}

# expect_upstream_test_kho_restored: 7.1.8's test_kho, in this kernel,
# found the previous kernel's data, restored every folio and matched the
# checksum
expect_upstream_test_kho_restored()
{
	not_logged "test_kho: (KHO restore failed|failed to retrieve)" \
		"test_kho could not restore the previous kernel's data"
	logged "test_kho: KHO restore succeeded" \
		"test_kho said nothing of a restore: it found no data"
	expect_quiet_kernel
}

# expect_upstream_fixed: this is 7.1.8 with the fixes of upstream-patches/
# (run-vm --kernel upstream-fixed, make upstream-fixed-kernel)
expect_upstream_fixed()
{
	case $(uname -r) in
	7.1.8-fixed*) ;;
	*) fail "booted $(uname -r), expected 7.1.8-fixed (make upstream-fixed-kernel)" ;;
	esac
}

# dirty_cma: stress-ng fills memory, CMA included, with patterns for 20 s
# and exits, leaving them in the pages it freed; fails unless CmaFree fell
# below half of what it was
dirty_cma()
{
	local free0 lowest now

	free0=$(cma_free)
	stress-ng --vm 2 --vm-bytes 85% --vm-keep --timeout 20s --quiet &
	lowest=$free0
	while kill -0 $! 2>/dev/null; do
		now=$(cma_free_raw)
		[ "$now" -lt "$lowest" ] && lowest=$now
		sleep 1
	done
	echo "CmaFree ${free0} kB, lowest while filling ${lowest} kB"
	[ "$lowest" -lt $((free0 / 2)) ] ||
		fail "stress-ng did not dirty CMA (CmaFree never below half)"
}

# peer_load [--append ARGS] [--without WORD] [kexec options...]: kexec -s
# -l the peer kernel with the next stage's initrd and command line, ARGS
# added to it, WORD taken out of it
peer_load()
{
	local append= without= cmdline

	if [ "${1:-}" = --append ]; then
		append=$2
		shift 2
	fi
	if [ "${1:-}" = --without ]; then
		without=$2
		shift 2
	fi
	[ -f $PEER ] || fail "no $PEER: run-vm --peer gives the guest the kernel to hand over to"
	vm-kexec --initrd-only /tmp/next.cpio || fail "cannot write the next initrd"
	cmdline=$(vm-kexec --cmdline-only --append "$append")
	[ -z "$without" ] || cmdline=$(echo "$cmdline" | sed -E "s/ $without( |$)/\1/")
	kexec -s -l "$@" $PEER --initrd=/tmp/next.cpio --command-line="$cmdline" ||
		fail "kexec -s -l $* of the peer kernel failed"
}

# upstream_loaded WHAT: "ADDR BUFSZ MEMSZ" of the last segment upstream's
# kexec -d reported as "Loaded WHAT at ADDR bufsz=BUFSZ memsz=MEMSZ"
upstream_loaded()
{
	dmesg | sed -n "s/.*kexec-bzImage64: Loaded $1 at \(0x[0-9a-f]*\) bufsz=\(0x[0-9a-f]*\) memsz=\(0x[0-9a-f]*\).*/\1 \2 \3/p" |
		tail -n 1
}

# upstream_load: peer_load -d on a 7.1.8 kernel, then where its own kexec
# -d lines put the kernel segment (up_kernel, up_bufsz, up_memsz) and the
# initrd (up_initrd, up_initrd_memsz)
upstream_load()
{
	peer_load -d
	upstream_placed
}

# upstream_placed: where the last load's kexec -d lines put the kernel
# segment (up_kernel, up_bufsz, up_memsz) and the initrd (up_initrd,
# up_initrd_memsz)
upstream_placed()
{
	set -- $(upstream_loaded "64bit kernel") $(upstream_loaded initrd)
	[ $# -eq 6 ] || fail "upstream's kexec -d printed no 'Loaded 64bit kernel' or 'Loaded initrd' line"
	up_kernel=$1 up_bufsz=$2 up_memsz=$3 up_initrd=$4 up_initrd_memsz=$6
	echo "$(uname -r): kernel segment at $1, bufsz $2, memsz $3; initrd at $4, memsz $6"
}

# expect_upstream_in_cma: upstream_load's kernel segment and initrd lie in
# the CMA area
expect_upstream_in_cma()
{
	in_cma $up_kernel $up_memsz || fail "$(uname -r) did not place the kernel segment in CMA"
	in_cma $up_initrd $up_initrd_memsz || fail "$(uname -r) did not place the initrd in CMA"
}

# upstream_pressure_load [TRIES]: the default load of the peer kernel
# with a 256 MiB initrd (the next stage's, padded with zeros, which the
# unpacker skips) while stress-ng holds 90 % of memory and at least half
# of CMA, as bench/peer's pressure runs. With TRIES, loads again while
# the loads succeed, at most TRIES times, each time after kexec -s -u
# and with stress-ng started anew: whether a load under pressure fails
# is a matter of timing (2 of the 4 unpatched 7.1.8 loads of 256 MiB in
# one bench/peer), and a load after a first one that succeeded finds
# CMA emptied by it, so a reproducer takes more than one chance, each
# as the first. Leaves the last kexec's exit status in load_rc, its
# output in /tmp/load.out and the number of loads in load_tries,
# stress-ng stopped; skips when stress-ng cannot fill half of CMA within
# 60 s
upstream_pressure_load()
{
	local free0 tries=${1:-1}

	vm-kexec --initrd-only /tmp/next.cpio || fail "cannot write the next initrd"
	truncate -s 256M /tmp/next.cpio || fail "cannot pad the next initrd"
	free0=$(cma_free)
	load_tries=0
	while [ $load_tries -lt $tries ]; do
		[ $load_tries -eq 0 ] || kexec -s -u || fail "kexec -s -u failed"
		load_tries=$((load_tries + 1))
		pressure_start "$free0"
		load_rc=0
		kexec -s -l -d $PEER --initrd=/tmp/next.cpio \
			--command-line="$(vm-kexec --cmdline-only)" > /tmp/load.out 2>&1 || load_rc=$?
		kill -0 $stress 2>/dev/null || fail "stress-ng died during load $load_tries"
		kill $stress
		wait
		echo "load $load_tries of at most $tries under pressure: exit $load_rc"
		[ $load_rc -eq 0 ] || break
	done
	grep -v "^ *[0-9a-f]*: " /tmp/load.out | tail -n 5
}

# pressure_start FREE0: stress-ng holding 90 % of memory, its PID in
# stress, once CmaFree is at most half of FREE0 (kB, CMA idle); skips
# when it is not within 60 s
pressure_start()
{
	local i=0

	stress-ng --vm 2 --vm-bytes 90% --vm-keep --timeout 600s --quiet &
	stress=$!
	while [ "$(cma_free_raw)" -gt $(($1 / 2)) ] && [ $i -lt 60 ]; do
		sleep 1
		i=$((i + 1))
	done
	echo "CmaFree $1 kB idle, $(cma_free_raw) kB under stress-ng"
	[ "$(cma_free_raw)" -le $(($1 / 2)) ] ||
		{ kill $stress; skip "stress-ng did not fill half of CMA within 60 s"; }
}

# upstream_enomem_sweep: kexec-fault-sweep --peer on this 7.1.8 kernel.
# Every slab allocation of a --no-cma load of the peer kernel fails in
# turn (failslab through fail-nth, GFP_KERNEL ones included); --no-cma,
# because a CMA placement never reaches the walk of System RAM whose
# array allocation this is about. Leaves the sweep's output in
# /tmp/sweep.out and its exit status in sweep_rc; fails unless some load
# failed with ENOMEM (the injection worked)
upstream_enomem_sweep()
{
	local knobs=/sys/kernel/debug/failslab

	[ -w /proc/self/fail-nth ] || fail "no /proc/self/fail-nth: CONFIG_FAULT_INJECTION is off (tests/upstream.config)"
	[ -d $knobs ] || fail "no $knobs: CONFIG_FAILSLAB or CONFIG_FAULT_INJECTION_DEBUG_FS is off"
	echo N > $knobs/ignore-gfp-wait || fail "cannot set $knobs/ignore-gfp-wait"
	echo 0 > $knobs/verbose || fail "cannot set $knobs/verbose"
	head -c 1048576 /dev/urandom > /tmp/small.img
	sweep_rc=0
	kexec-fault-sweep --peer --no-cma $PEER /tmp/small.img > /tmp/sweep.out || sweep_rc=$?
	cat /tmp/sweep.out
	grep -q "^# failed loads by errno:.* ENOMEM [1-9]" /tmp/sweep.out ||
		fail "no load failed with ENOMEM: the sweep injected nothing"
}

# in_cma ADDR SIZE: whether [ADDR, ADDR + SIZE) lies in the CMA area
in_cma()
{
	local base=$(($(cat $CMA_DIR/base_pfn) * 4096))
	local end=$((base + $(cat $CMA_DIR/count) * 4096))

	[ $(($1)) -ge $base ] && [ $(($1 + $2)) -le $end ]
}

# largest_kho_block START SIZE: the order of the largest block upstream's
# kho_preserve_pages() cuts [START, START + SIZE) into: min(ctz(pfn),
# ilog2(pages left)) at each step
largest_kho_block()
{
	local pfn=$(($1 >> 12)) end=$((($1 + $2) >> 12)) order largest=0

	while [ $pfn -lt $end ]; do
		order=0
		while [ $((pfn & ((1 << (order + 1)) - 1))) -eq 0 ] &&
		      [ $((1 << (order + 1))) -le $((end - pfn)) ]; do
			order=$((order + 1))
		done
		[ $order -gt $largest ] && largest=$order
		pfn=$((pfn + (1 << order)))
	done
	echo $largest
}

# in_upstream_scratch ADDR SIZE: whether [ADDR, ADDR + SIZE) lies in one
# of the KHO scratch areas of the upstream kernel running
# (kho/out/scratch_phys and scratch_len, an area a line)
in_upstream_scratch()
{
	local i=1 start len

	for start in $(cat $KHO/out/scratch_phys); do
		len=$(sed -n ${i}p $KHO/out/scratch_len)
		i=$((i + 1))
		[ $(($1)) -ge $((start)) ] && [ $(($1 + $2)) -le $((start + len)) ] &&
			return 0
	done
	return 1
}

# preserve_for_upstream BYTES: the test user preserves BYTES of random
# folios in the format of upstream's lib/test_kho.c
preserve_for_upstream()
{
	[ -w $KHO_TEST/upstream ] || skip "no $KHO_TEST/upstream: CONFIG_KEXEC_HANDOVER_TEST is off or kho=on missing"
	echo "$1" > $KHO_TEST/upstream || fail "kho_test cannot preserve data for upstream"
	[ "$(kho_status upstream_preserved_bytes)" = "$1" ] ||
		fail "kho_test preserved $(kho_status upstream_preserved_bytes) bytes for upstream, asked $1"
}

# kho_folios_sum SUBTREE: the SHA-256 of the bytes of every folio a
# kho_test subtree lists, in order, read through /dev/mem by
# kcma-kho-folios, into /tmp/kho-sum
kho_folios_sum()
{
	kcma-kho-folios "$1" > /tmp/kho-folios ||
		fail "kcma-kho-folios cannot read the folios $1 lists"
	sha256sum < /tmp/kho-folios | cut -d' ' -f1 > /tmp/kho-sum
	rm -f /tmp/kho-folios
	echo "SHA-256 of the folios $1 lists: $(cat /tmp/kho-sum)"
}

# check_payload_from RELEASE: as check_payload, after a handover from a
# kernel whose release (uname -r) began with RELEASE to this one, another
check_payload_from()
{
	check_sums
	case $(cat /state/release) in
	"$1"*) ;;
	*) fail "the old kernel was $(cat /state/release), expected $1*" ;;
	esac
	[ "$(uname -v)" != "$(cat /state/uname)" ] || fail "booted the old kernel again: $(uname -v)"
	echo "stage $STAGE: payload and userland intact after the handover from $(cat /state/release) to $(uname -r)"
}

# corrupt_initrd PLACEMENT CHECKER [kexec options...]: load, expect the
# initrd placed and checked so, then flip one of its bytes through
# CONFIG_KEXEC_VERIFY_DEBUG's knob
corrupt_initrd()
{
	local placement=$1 checker=$2 idx knob=/sys/kernel/debug/kexec/corrupt

	shift 2
	[ -w $knob ] || skip "no $knob: CONFIG_KEXEC_VERIFY_DEBUG is off"
	load "$@"
	idx=$(segments default 'col("kind") == "initrd" && col("placement") == p && col("check") == c { print col("idx") }' \
		-v p="$placement" -v c="$checker")
	[ -n "$idx" ] || fail "no initrd placed $placement and checked by the $checker"
	echo "$idx 70000" > $knob || fail "cannot corrupt segment $idx"
	dmesg | grep 'flipped byte'
}

KHO=/sys/kernel/debug/kho
KHO_TEST=/sys/kernel/debug/kho_test

# kho_preserve BYTES [ORDER]: the test user preserves BYTES of patterned
# folios (orders 0, 1, 3, 9 in turn, or all ORDER) for the next kernel
kho_preserve()
{
	[ -w $KHO_TEST/preserve ] || skip "no $KHO_TEST: CONFIG_KEXEC_HANDOVER_TEST is off or kho=on missing"
	echo "$*" > $KHO_TEST/preserve || fail "kho_test cannot preserve $*"
	[ "$(kho_status preserved_bytes)" -ge "$1" ] ||
		fail "kho_test preserved $(kho_status preserved_bytes) bytes, asked $1"
}

# upstream_kho_test_sum: 7.1.8's test_kho preserved its folios; their
# SHA-256 (kho_folios_sum) into /state/kho-sum for expect_upstream_kho_test
upstream_kho_test_sum()
{
	[ -r $KHO/out/sub_fdts/kho_test ] ||
		fail "upstream's test_kho preserved nothing: no $KHO/out/sub_fdts/kho_test"
	kho_folios_sum $KHO/out/sub_fdts/kho_test
	cp /tmp/kho-sum /state/kho-sum
}

# expect_upstream_kho_test: after a handover from 7.1.8, our test user
# found upstream's test_kho data, restored every folio it lists, and the
# bytes match both upstream's checksum and the SHA-256 the old kernel read
# (kho_folios_sum, kept in /state/kho-sum)
expect_upstream_kho_test()
{
	logged "KHO: (handover accepted|restorable)" "no 'KHO: handover accepted' line"
	[ -r $KHO/in/sub_fdts/kho_test ] || fail "no $KHO/in/sub_fdts/kho_test"
	grep -E "^upstream_" $KHO_TEST/status
	[ "$(kho_status upstream_found)" = 1 ] || fail "kho_test found no upstream data"
	[ "$(kho_status upstream_folios)" -gt 0 ] || fail "upstream listed no folios"
	[ "$(kho_status upstream_missing_folios)" = 0 ] ||
		fail "$(kho_status upstream_missing_folios) of upstream's folios could not be restored"
	[ "$(kho_status upstream_restored_folios)" = "$(kho_status upstream_folios)" ] ||
		fail "restored $(kho_status upstream_restored_folios) of $(kho_status upstream_folios) folios"
	[ "$(kho_status upstream_csum_ok)" = 1 ] ||
		fail "upstream's folios do not match upstream's checksum"
	logged "kho_test: upstream's kho_test: .* checksum matches" \
		"no 'checksum matches' line in dmesg"
	[ "$(kho_status upstream_sha256)" = "$(cat /state/kho-sum)" ] ||
		fail "the restored folios' SHA-256 is $(kho_status upstream_sha256), 7.1.8 read $(cat /state/kho-sum) before the handover"
	echo "the restored folios' SHA-256 matches what 7.1.8 read before the handover"
}

# kho_status NAME: a figure of the test user's status
kho_status()
{
	awk -v name="$1" '$1 == name { print $2 }' $KHO_TEST/status
}

# reserve_mem_devmem_sum START SIZE: the SHA-256 of [START, START + SIZE)
# read through /dev/mem (7.1.8: no STRICT_DEVMEM); START and SIZE MiB aligned
reserve_mem_devmem_sum()
{
	dd if=/dev/mem bs=1048576 skip=$(($1 >> 20)) count=$(($2 >> 20)) 2>/dev/null |
		sha256sum | cut -d' ' -f1
}

# reserve_mem_devmem_fill START SIZE: random bytes into the region through
# /dev/mem, then its SHA-256
reserve_mem_devmem_fill()
{
	dd if=/dev/urandom of=/dev/mem bs=1048576 seek=$(($1 >> 20)) \
		count=$(($2 >> 20)) conv=notrunc 2>/dev/null ||
		fail "cannot write the reserve_mem region at $1 through /dev/mem"
	reserve_mem_devmem_sum "$1" "$2"
}

# reserve_mem_fill: our test user (kho_test.reserve_mem=) fills its region
# with random bytes; "START SHA256" of it
reserve_mem_fill()
{
	[ "$(kho_status reserve_mem_found)" = 1 ] ||
		fail "kho_test found no reserve_mem region (kho_test.reserve_mem=)"
	echo 1 > $KHO_TEST/reserve_mem_fill || fail "cannot fill the reserve_mem region"
	echo "$(kho_status reserve_mem_start) $(kho_status reserve_mem_sha256)"
}

# expect_reserve_mem_taken_back NAME START SHA256: this kernel took the
# region NAME back from the handover at START, and our test user found
# SHA256 in it
expect_reserve_mem_taken_back()
{
	logged "reserve_mem: '$1' taken back at $2 " \
		"the region '$1' was not taken back at $2 from the handover"
	[ "$(kho_status reserve_mem_start)" = "$2" ] ||
		fail "kho_test found '$1' at $(kho_status reserve_mem_start), not at $2"
	[ "$(kho_status reserve_mem_sha256)" = "$3" ] ||
		fail "the bytes of '$1' changed across the handover"
	echo "reserve_mem '$1' at $2 taken back with every byte (sha256 $3)"
}

# expect_kho_restored BYTES GENERATION: the test user found the previous
# kernel's data, took back every folio and every byte is as written
expect_kho_restored()
{
	cat $KHO_TEST/status
	[ "$(kho_status handover)" = 1 ] || fail "kho_test found no handover"
	[ "$(kho_status generation)" = "$2" ] ||
		fail "kho_test restored generation $(kho_status generation), expected $2"
	[ "$(kho_status missing_folios)" = 0 ] ||
		fail "$(kho_status missing_folios) preserved folios could not be restored"
	[ "$(kho_status bad_bytes)" = 0 ] ||
		fail "$(kho_status bad_bytes) preserved bytes changed across the handover"
	[ "$(kho_status restored_bytes)" = "$1" ] ||
		fail "restored $(kho_status restored_bytes) bytes, expected $1"
	logged "kho_test: generation $2: .* restored intact" \
		"no 'restored intact' line for generation $2 in dmesg"
}

# expect_kho_refused WHY: this kernel ignored the handover, saying WHY (an
# extended regular expression) in its log, and took nothing back
expect_kho_refused()
{
	logged "KHO: .*$1" "no 'KHO: ...$1' line in dmesg"
	not_logged "KHO: handover accepted" "the handover was accepted"
	[ ! -e $KHO/in ] || fail "$KHO/in exists after a refused handover"
	[ ! -e $KHO_TEST ] || [ "$(kho_status handover)" = 0 ] ||
		fail "kho_test restored from a refused handover"
}

# kho_fdt_check [kho-fdt options...]: tools/kho-fdt's check of what this
# kernel hands over, against its RAM, scratch areas and preserved blocks;
# its status in $rc, its output shown
kho_fdt_check()
{
	run kho-fdt check $KHO/out/fdt --ram-iomem /proc/iomem \
		--scratch-files $KHO/out/scratch_phys $KHO/out/scratch_len \
		--map $KHO/out/preserved "$@"
}

# expect_area AREA: every default segment in CMA but the KHO FDT's is in
# the CMA area AREA (the FDT's: expect_kho_fdt_segment)
expect_area()
{
	local bad

	bad=$(segments default 'col("placement") == "cma" && col("kind") != "kho-fdt" && col("area") != a' -v a="$1")
	[ -z "$bad" ] || fail "expected every CMA segment in area $1, got: $bad"
}

# expect_kho_fdt_segment PLACEMENT [MEMSZ]: the default image has one
# kho-fdt segment, placed so (cma: in an area other than the scratch
# areas), checked by kho in the next kernel, of MEMSZ bytes
expect_kho_fdt_segment()
{
	local bad

	[ "$(nsegments default 'col("kind") == "kho-fdt"')" = 1 ] ||
		fail "expected one kho-fdt segment in the listing"
	bad=$(segments default 'col("kind") == "kho-fdt" &&
		(col("placement") != p || col("check") != "kho" ||
		 (m != "" && col("memsz") + 0 != m + 0) ||
		 (p == "cma" && col("area") ~ /^kho_scratch/))' -v p="$1" -v m="${2:-}")
	[ -z "$bad" ] || fail "expected the kho-fdt segment $1${2:+ of $2 bytes} (outside scratch in CMA), checked by kho; got: $bad"
}

# expect_kexec_refused WHY: kexec -e fails with WHY in its message and a
# "KHO: kexec -e refused" line, the image stays loaded, the system runs on
expect_kexec_refused()
{
	run kexec -e -x
	[ $rc -ne 0 ] || fail "kexec -e returned 0"
	grep -q "$1" $OUT || fail "kexec -e failed, but not with '$1'"
	dmesg | tail -n 20 | grep "KHO: kexec -e refused" ||
		fail "no 'KHO: kexec -e refused' line"
	expect_loaded default 1 "after the refused kexec -e"
	sha256sum -c -s /state/sums || fail "the payload changed after the refused kexec -e"
	echo "kexec -e refused with '$1'; image still loaded, system running"
}

# expect_kho_serialized N BYTES LATE: the test user found N subtrees its
# serializers wrote in the previous kernel, BYTES of pattern intact in all,
# and LATE as the last value written to kho_test/late
expect_kho_serialized()
{
	[ "$(kho_status serializers_found)" = "$1" ] ||
		fail "kho_test found $(kho_status serializers_found) serialized subtrees, expected $1"
	[ "$(kho_status serializers_bad)" = 0 ] ||
		fail "kho_test found $(kho_status serializers_bad) damaged serialized subtrees"
	[ "$(kho_status serializers_bytes)" = "$2" ] ||
		fail "kho_test found $(kho_status serializers_bytes) bytes of serialized pattern, expected $2"
	[ "$(kho_status serializers_late)" = "$3" ] ||
		fail "the serializers wrote late=$(kho_status serializers_late), expected $3"
	dmesg | grep "kho_test: serializers:"
}

# kho_scratch_rows: the scratch areas, "START END" in hex, one per line
kho_scratch_rows()
{
	local phys len

	# The shell's arithmetic is 64-bit; awk's printf %x is not
	paste $KHO/out/scratch_phys $KHO/out/scratch_len |
		while read -r phys len; do
			printf '%x %x\n' $((phys)) $((phys + len))
		done
}

# expect_in_scratch: every segment of the loaded image that is copied at
# the jump has its destination inside a scratch area
expect_in_scratch()
{
	local bad

	kho_scratch_rows > /tmp/scratch
	bad=$(segments default 'col("placement") == "copy" {
			start = col("mem") + 0; end = start + col("memsz")
			inside = 0
			while ((getline area < f) > 0) {
				split(area, a, " ")
				if (start >= ("0x" a[1]) + 0 && end <= ("0x" a[2]) + 0)
					inside = 1
			}
			close(f)
			if (!inside) print
		}' -v f=/tmp/scratch)
	[ "$(nsegments default 'col("placement") == "copy"')" -gt 0 ] ||
		fail "no segment is copied: nothing to check"
	[ -z "$bad" ] || fail "copied segments outside the scratch areas ($(tr '\n' ' ' < /tmp/scratch)): $bad"
}
