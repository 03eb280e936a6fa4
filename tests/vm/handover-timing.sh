#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The handover times itself (CONFIG_KEXEC_HANDOVER_TIMING). A cold boot has
# no record. After a kexec with every segment in CMA, the next kernel logs
# the breakdown and /sys/kernel/debug/kexec/handover has each figure,
# positive, from stamps in order, the parts adding up to the hot phase.
# After a kexec --no-cma, the relocation figure holds the page-list copy of
# the whole image, so it must be far above the CMA one: the stamps sit on
# either side of the copy.
#
# run-vm: --mem 2G --append cma=512M
# run-vm-arch: x86_64 (the handover timing reads the TSC, x86_64 only)
. /usr/share/kcma/lib.sh
stages 3

HANDOVER=/sys/kernel/debug/kexec/handover
PARTS="shutdown relocation digest decompression early_boot"

key()
{
	awk -v k="$1:" '$1 == k { print $2 }' $HANDOVER
}

# The log line, as Documentation/admin-guide/kexec-cma.rst has it
MS='[0-9]+\.[0-9]{3} ms'
LINE="^kexec handover: shutdown $MS, relocation $MS, digest $MS, decompression $MS, early boot $MS, hot phase $MS; start_kernel->init $MS \\(tsc_khz [0-9]+\\)\$"

check_complete()
{
	local line p v prev=0 sum=0

	line=$(dmesg | sed 's/^\[[^]]*\] //' | grep 'kexec handover:')
	echo "$line"
	echo "$line" | grep -Eq "$LINE" ||
		fail "no 'kexec handover:' line as documented in the kernel log"
	[ "$(key handover)" = complete ] ||
		fail "handover is '$(key handover)', expected complete"
	[ "$(key tsc_khz)" -gt 0 ] || fail "tsc_khz is '$(key tsc_khz)'"
	for p in reboot jump purgatory verified entry start_kernel init; do
		v=$(key tsc_$p)
		[ -n "$v" ] && [ "$v" -gt "$prev" ] ||
			fail "stamp $p '$v' is not after the previous one ($prev)"
		prev=$v
	done
	for p in $PARTS hot_phase boot; do
		v=$(key ${p}_ns)
		[ -n "$v" ] && [ "$v" -gt 0 ] || fail "$p is '$v' ns"
	done
	for p in $PARTS; do
		sum=$((sum + $(key ${p}_cycles)))
	done
	[ "$sum" = "$(key hot_phase_cycles)" ] ||
		fail "parts add up to $sum cycles, hot phase is $(key hot_phase_cycles)"
}

[ -r $HANDOVER ] || skip "no $HANDOVER: CONFIG_KEXEC_HANDOVER_TIMING is off"

case $STAGE in
1)
	cat $HANDOVER
	[ "$(key handover)" = none ] ||
		fail "cold boot: handover is '$(key handover)', expected none"
	[ "$(key boot_ns)" -gt 0 ] || fail "cold boot: no start_kernel->init figure"
	[ -z "$(key hot_phase_ns)" ] || fail "cold boot: a hot phase figure"
	not_logged 'kexec handover:' "cold boot: a handover logged"
	load
	expect_all cma cma
	vm-kexec --exec
	;;
2)
	cat $HANDOVER
	check_complete
	key relocation_ns > /state/relocation-cma
	load --no-cma
	expect_all copy flag
	vm-kexec --exec
	;;
3)
	cat $HANDOVER
	check_complete
	cma=$(cat /state/relocation-cma)
	copy=$(key relocation_ns)
	echo "relocation: $cma ns with every segment in CMA, $copy ns copied"
	[ "$copy" -gt $((cma * 10)) ] ||
		fail "relocation of a copied image ($copy ns) is not far above a CMA one ($cma ns)"
	;;
esac
