#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A crash (kdump) load never touches CMA, with or without --no-cma: kexec
# -s -p loads it into the crashkernel reservation (kexec_crash_loaded 1,
# the default image untouched), every segment of "image: crash" is copy
# with reason crash (or flag, with --no-cma), the summary counts none in
# CMA, the CMA bitmap does not move, and the kernel accepts
# KEXEC_FILE_NO_CMA for both the load and the unload (kexec does not
# retry without it). Then a normal handover.
#
# run-vm: --mem 2G --append "cma=512M crashkernel=128M"
. /usr/share/kcma/lib.sh
stages 2

# kexec did not have to retry without KEXEC_FILE_NO_CMA: the kernel took it
no_retry()
{
	! grep -q "does not support KEXEC_FILE_NO_CMA" $OUT ||
		fail "the kernel rejected KEXEC_FILE_NO_CMA with $* (kexec retried without it)"
}

case $STAGE in
1)
	make_payload
	size=$(cat /sys/kernel/kexec_crash_size)
	[ "$size" -gt 0 ] ||
		fail "no crashkernel reservation (kexec_crash_size $size): the run-vm line's crashkernel= did not take"
	expect_loaded crash 0 "before the test"
	# A tiny initrd: it is never booted, and the guest's own would make
	# the load depend on whether the userland fits into crashkernel=.
	mkdir -p /tmp/crash && echo crash > /tmp/crash/marker &&
		(cd /tmp/crash && echo marker | cpio -o -H newc > /tmp/crash.cpio 2>/dev/null) ||
		fail "cannot write a small initrd"
	used0=$(cma_used)
	for opt in "" --no-cma; do
		loadcmd="kexec -s -p${opt:+ $opt}" unloadcmd="kexec -s -p -u${opt:+ $opt}"
		run $loadcmd $KERNEL_IMAGE --initrd=/tmp/crash.cpio \
			--append="console=ttyS0 reset_devices maxcpus=1"
		[ $rc = 0 ] || fail "$loadcmd exited $rc (crashkernel size $size)"
		no_retry "$loadcmd"
		expect_loaded crash 1 "after $loadcmd"
		expect_loaded default 0 "after $loadcmd"
		cat $SEGMENTS
		n=$(nsegments crash)
		[ "$n" -gt 0 ] || fail "no segments listed for image crash"
		bad=$(segments crash 'col("placement") != "copy" ||
			(col("reason") != "crash" && col("reason") != r)' -v r="${opt:+flag}")
		[ -z "$bad" ] || fail "crash segments not copy with reason crash${opt:+ or flag}: $bad"
		expect_field cma_segments 0 crash
		[ -z "$(segments default)" ] || fail "segments listed for image default after a crash load"
		[ "$(cma_used)" = "$used0" ] || fail "CMA pages in use went from $used0 to $(cma_used)"
		ok "$loadcmd: $n crash segments, none in CMA"

		run $unloadcmd
		[ $rc = 0 ] || fail "$unloadcmd exited $rc"
		no_retry "$unloadcmd"
		expect_loaded crash 0 "after $unloadcmd"
		[ -z "$(segments crash)" ] || fail "segments still listed for image crash after unload"
	done
	vm-kexec || fail "vm-kexec failed"
	;;
2)
	check_payload
	;;
esac
