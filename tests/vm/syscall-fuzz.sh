#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kexec_file_load() with random arguments (kexec-file-fuzz, seeded): real
# kernels and kernels cut short, random files, bad descriptors, random
# flags and command lines, unloads and crash loads in between. Every
# errno is a documented one, every well-formed load succeeds, no oops or
# warning, and after both images are unloaded CMA is exactly at its
# baseline. Then a handover.
#
# kcma.fuzz_calls=N (default 300; make soak: 10000) and kcma.fuzz_seed=S
# (default 1) on the command line; "kexec-file-fuzz --seed S --calls N"
# replays a run.
#
# run-vm: --mem 2G --append "cma=256M crashkernel=128M" --timeout 1800
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	make_payload
	head -c 1048576 /dev/urandom > /tmp/small.img
	calls=$(cmdline_value kcma.fuzz_calls)
	seed=$(cmdline_value kcma.fuzz_seed)
	used0=$(cma_used)
	free0=$(cma_free)
	echo "baseline: CMA pages in use $used0, CmaFree $free0 kB"
	kexec-file-fuzz --seed "${seed:-1}" --calls "${calls:-300}" \
		$KERNEL_IMAGE /tmp/small.img || fail "kexec-file-fuzz found problems"
	expect_quiet_kernel
	# Its files are movable page cache CMA may hold: gone before CmaFree
	rm -rf /tmp/kexec-file-fuzz
	expect_loaded default 0 "after the fuzz"
	expect_loaded crash 0 "after the fuzz"
	expect_cma_at_baseline "$used0" "$free0" "after the fuzz"
	echo "after the fuzz: CMA exactly at baseline"
	vm-kexec || fail "vm-kexec failed"
	;;
2)
	check_payload
	;;
esac
