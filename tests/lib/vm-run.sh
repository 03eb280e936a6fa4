# SPDX-License-Identifier: GPL-2.0
#
# tests/lib/vm-run.sh: what every driver of many VM runs does alike:
# tests/run, tests/soak, tests/dma-proof and the benchmarks (bench/run,
# bench/peer, bench/kho, bench/kho-fdt). A driver sources it once it has
# cd'd to the top of the tree:
#
#	. tests/lib/vm-run.sh
#
# A run is one tests/run-vm of a script in a fresh guest. It leaves two
# files: LOG, the guest's serial console, and LOG.summary, what run-vm
# itself printed (its verdict, the host's clock on each handover).
#
#   vm_run LOG SCRIPT [OPTION...]	one run, with those run-vm options;
#					returns run-vm's status
#   vm_scenario LOG SCRIPT [OPTION...]	the same with the options of
#					SCRIPT's "# run-vm:" line first
#   vm_why LOG				why a run failed, in at most 3 lines
#   vm_skip_reason LOG			why a scenario skipped
#   vm_failure LOG			the first error of a failed run, as
#					one word (a CSV field)
#   vm_took WHAT LOG			run-vm's host seconds of the first
#					"WHAT 1->2" (jump, handover)
#
# The benchmark loop: each run of bench/guest.sh is one row of
# OUT/results.csv and one progress line.
#
#   bench_start NAME OUT TOTAL		sets csv, total, n=0 and failed=0; the
#					last results.csv becomes results.csv.old
#   bench_guest LOG [OPTION...]		one run of bench/guest.sh: counts it in
#					n, its status in rc
#   bench_values LOG [KEYS]		its "BENCH key=value" lines as one line
#					(only the keys matching the extended
#					regular expression KEYS)
#   bench_row ROW			appends ROW ("key=value ...") to the CSV,
#					with failure=... and counted in failed
#					when the run failed
#   bench_progress LABEL [DETAIL]	"NAME: [n/total] LABEL: ok|FAILED ..."
#   bench_usage				the "# Usage:" lines of the driver; exit 2

vm_run()
{
	local log=$1 script=$2

	shift 2
	mkdir -p "$(dirname "$log")"
	tests/run-vm "$@" --log "$log" "$script" > "$log.summary" 2>&1
}

vm_scenario()
{
	local log=$1 script=$2 opts

	shift 2
	opts=$(sed -n 's/^# run-vm: //p' "$script")
	eval "set -- $opts \"\$@\""
	vm_run "$log" "$script" "$@"
}

# run-vm's verdict, then what the script itself said failed
vm_why()
{
	grep -a -h -m 3 -E '^(run-vm: )?FAIL' "$1.summary" "$1" 2>/dev/null |
		head -n 3 | tr -d '\r'
}

vm_skip_reason()
{
	grep -a -m1 -o 'skip: .*' "$1" | tr -d '\r' | sed 's/^skip: //'
}

# The guest's own words first (the load's error, the kernel's allocation
# failure, bench/guest.sh's "bench: ..."), else run-vm's verdict without
# its frame, else run-vm's last line (a run-vm that could not start)
vm_failure()
{
	{ grep -a -m1 -E 'kexec_file: Could not allocate|^(kexec_file_load failed|bench: )' "$1"
	  grep -a -m1 'run-vm: FAIL' "$1.summary" |
		sed 's/.*FAIL: //; s/ (after .*//; s/.*not syncing: //'
	  tail -n 1 "$1.summary"; } |
		head -n 1 | tr -d '\r' | sed 's/^\[ *[0-9.]*\] //' | cut -c 1-60 |
		tr -s ' \t,:.' '_'
}

vm_took()
{
	sed -n "s/.*$1 1->2 took \\([0-9.]*\\) s.*/\\1/p" "$2.summary"
}

bench_start()
{
	bench_name=$1 csv=$2/results.csv total=$3 n=0 failed=0
	bench_series=$(harness/series-hash)
	mkdir -p "$2/logs"
	[ -s "$csv" ] && mv "$csv" "$csv.old"
	echo "$bench_name: $total runs, results in $csv"
}

bench_guest()
{
	bench_log=$1
	shift
	n=$((n + 1))
	vm_run "$bench_log" bench/guest.sh "$@"
	rc=$?
}

bench_values()
{
	grep -a -E "^BENCH (${2:-.})" "$1" | grep -av '^BENCH config ' |
		tr -d '\r' | sed 's/^BENCH //' | tr '\n' ' '
}

bench_row()
{
	local row="$1 series=$bench_series"

	if [ "$rc" -ne 0 ]; then
		row+=" failure=$(vm_failure "$bench_log")"
		failed=$((failed + 1))
	fi
	echo "$row" | python3 bench/csv-append "$csv"
}

bench_progress()
{
	printf '%s: [%d/%d] %s: %s%s\n' "$bench_name" "$n" "$total" "$1" \
		"$([ "$rc" -eq 0 ] && echo ok || echo "FAILED rc $rc, $bench_log")" \
		"${2:-}"
}

bench_usage()
{
	sed -n '/^# Usage:/,/^[^#]/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}
