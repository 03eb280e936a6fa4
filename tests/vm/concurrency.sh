#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Loads, unloads and crash loads race from two processes (one with CMA
# placement, one with --no-cma) while a third reads the segment listing
# in a loop. Every operation either succeeds or fails with EBUSY (the
# other one holds the kexec lock); every listing read either fails with
# EBUSY or is consistent (rows numbered 0..N-1, the summary line counts
# them). No oops or warning; after both images are unloaded CMA is
# exactly at its baseline. Then a handover.
#
# kcma.race_seconds=N on the command line (default 10; make soak: 300).
#
# run-vm: --mem 2G --append "cma=256M crashkernel=128M" --timeout 1800
. /usr/share/kcma/lib.sh
stages 2

RACE=/tmp/race

# racer NAME [--no-cma]: load, crash load, unload, crash unload until
# $RACE/stop exists; one line per operation: NAME OP ok|busy|MESSAGE
racer()
{
	local name=$1 nocma=${2:-} op out

	while [ ! -e $RACE/stop ]; do
		for op in load crash unload crash-unload; do
			case $op in
			load)	out=$(kexec -s -l $nocma $KERNEL_IMAGE --initrd=/tmp/small.img \
					--command-line="console=ttyS0 racer=$name" 2>&1) ;;
			crash)	out=$(kexec -s -p $nocma $KERNEL_IMAGE --initrd=/tmp/small.img \
					--command-line="console=ttyS0 racer=$name" 2>&1) ;;
			unload)	out=$(kexec -s -u 2>&1) ;;
			crash-unload) out=$(kexec -s -p -u 2>&1) ;;
			esac
			if [ $? -eq 0 ]; then
				echo "$name $op ok"
			elif echo "$out" | grep -q 'Device or resource busy'; then
				echo "$name $op busy"
			else
				echo "$name $op $(echo "$out" | tr '\n' ' ')"
			fi
		done
	done > $RACE/$name
}

# reader: reads the listing until $RACE/stop exists; a line per read:
# ok, busy, or the inconsistent listing on one line
reader()
{
	while [ ! -e $RACE/stop ]; do
		if ! cat $SEGMENTS > $RACE/listing 2> $RACE/err; then
			if grep -q 'busy' $RACE/err; then
				echo busy
			else
				echo "error $(cat $RACE/err)"
			fi
			continue
		fi
		awk '
			/^image: / { if (img != "" && !closed) bad = 1; img = $2; rows = 0; closed = 0; next }
			/^none$/ { closed = 1; next }
			$1 == "idx" { next }
			$1 ~ /^[0-9]+$/ { if ($1 != rows) bad = 1; rows++; next }
			/^cma_segments:/ { if ($2 + $4 != rows) bad = 1; closed = 1; next }
			{ bad = 1 }
			END { if (img == "" || !closed) bad = 1; exit bad }' $RACE/listing &&
			echo ok || echo "inconsistent $(tr '\n' '|' < $RACE/listing)"
	done > $RACE/reader
}

case $STAGE in
1)
	make_payload
	head -c 1048576 /dev/urandom > /tmp/small.img
	seconds=$(cmdline_value kcma.race_seconds)
	seconds=${seconds:-10}
	used0=$(cma_used)
	free0=$(cma_free)
	echo "baseline: CMA pages in use $used0, CmaFree $free0 kB; racing for $seconds s"
	rm -rf $RACE
	mkdir -p $RACE
	racer a &
	a=$!
	racer b --no-cma &
	b=$!
	reader &
	r=$!
	sleep "$seconds"
	touch $RACE/stop
	wait $a $b $r

	cat $RACE/a $RACE/b | awk '{ n[$2 " " $3]++ } END { for (k in n) print "  " k ": " n[k] }' | sort
	echo "  listing reads: $(grep -c '^ok' $RACE/reader) consistent, $(grep -c '^busy' $RACE/reader) busy"
	bad=$(cat $RACE/a $RACE/b | awk '$3 != "ok" && $3 != "busy"' | head -n 3)
	[ -z "$bad" ] || fail "an operation failed other than with EBUSY: $bad"
	bad=$(grep -v -e '^ok$' -e '^busy$' $RACE/reader | head -n 2)
	[ -z "$bad" ] || fail "a listing read: $bad"
	[ "$(cat $RACE/a $RACE/b | grep -c ' busy$')" -gt 0 ] ||
		fail "no operation met the other's lock in $seconds s: the race was not run"
	[ "$(grep -c '^busy' $RACE/reader)" -gt 0 ] ||
		fail "no listing read met a load's lock in $seconds s: the race was not run"
	[ "$(grep -c '^ok' $RACE/reader)" -gt 0 ] || fail "no listing read got through"

	expect_quiet_kernel
	# Its logs are movable page cache CMA may hold: gone before CmaFree
	rm -rf $RACE
	kexec -s -u || fail "the final unload failed"
	kexec -s -p -u || fail "the final crash unload failed"
	expect_cma_at_baseline "$used0" "$free0" "after the race"
	echo "after the race: CMA exactly at baseline"
	vm-kexec || fail "vm-kexec failed"
	;;
2)
	check_payload
	;;
esac
