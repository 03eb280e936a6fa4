#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Chained handovers under pressure: in every stage stress-ng keeps memory
# busy while the next image is loaded, with CMA placement in odd stages
# and --no-cma in even ones; Kexec HandOver is on in three stages of
# every six (kho=on on the next kernel's command line), and where both sides
# have it on, the old kernel preserves data the new one restores byte for
# byte. Every stage checks
# the payload and the userland the first one wrote, and that its kernel
# logged no oops or warning.
#
# kcma.soak_stages=N on the command line (default 6, one period of the
# pattern: KHO off to on, on to on twice, on to off, each placement with
# KHO on and off; make soak: 50).
#
# run-vm: --mem 2G --append "cma=256M kho_scratch=0,256M,0" --timeout 3600
. /usr/share/kcma/lib.sh
total=$(cmdline_value kcma.soak_stages)
total=${total:-6}
stages "$total"

if [ "$STAGE" -eq 1 ]; then
	make_payload
	echo 0 > /state/kho_bytes
	echo 0 > /state/kho_restores
else
	check_payload
	bytes=$(cat /state/kho_bytes)
	if [ "$bytes" -gt 0 ]; then
		expect_kho_restored "$bytes" "$(cat /state/kho_generation)"
		echo "stage $STAGE: $bytes bytes of Kexec HandOver data restored"
		echo $(($(cat /state/kho_restores) + 1)) > /state/kho_restores
	fi
fi
expect_quiet_kernel
if [ "$STAGE" -eq "$total" ]; then
	restores=$(cat /state/kho_restores)
	echo "soak: $total stages, $((total - 1)) handovers under pressure, every payload intact, $restores KHO restores"
	[ "$total" -lt 5 ] || [ "$restores" -gt 0 ] || fail "no stage restored Kexec HandOver data"
	exit 0
fi

kho=off
[ $(((STAGE + 1) / 3 % 2)) -eq 1 ] && kho=on	# kernels 3-5, 9-11, ...
nocma=
[ $((STAGE % 2)) -eq 0 ] && nocma=--no-cma
# What the next kernel must restore goes into /state before the initrd
# takes a copy of it; the data itself is preserved under pressure below
preserve=0
if [ -w $KHO_TEST/preserve ] && [ $kho = on ]; then
	preserve=4194304
	echo $(($(kho_status generation) + 1)) > /state/kho_generation
fi
echo $preserve > /state/kho_bytes

vm-kexec --initrd-only /tmp/next.cpio || fail "cannot write the initrd"
initrd_kb=$(($(stat -c %s /tmp/next.cpio) / 1024))
avail_kb=$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)
stress_kb=$(((avail_kb - 2 * initrd_kb - 16384) / 2))
stress-ng --vm 1 --vm-bytes ${stress_kb}k --vm-keep --timeout 300s --quiet &
stress=$!
sleep 3

[ $preserve -eq 0 ] || kho_preserve $preserve
cmdline="$(vm-kexec --cmdline-only | sed -E 's/(^| )kho=[a-z]+//g') kho=$kho"
kexec -s -l $nocma $KERNEL_IMAGE --initrd=/tmp/next.cpio --command-line="$cmdline" ||
	fail "kexec -s -l $nocma under pressure failed"
kill -0 $stress 2>/dev/null || fail "stress-ng died during the load"
kill $stress
wait $stress 2>/dev/null
rm -f /tmp/next.cpio
if [ -n "$nocma" ]; then
	expect_all copy flag
else
	bad=$(segments default '!(col("placement") == "cma" && col("reason") == "cma") &&
		!(col("placement") == "copy" && col("reason") == "alloc-failed")')
	[ -z "$bad" ] || fail "unexpected placement under pressure: $bad"
fi
echo "stage $STAGE: ${nocma:-CMA placement}, stress-ng $stress_kb kB, $(field cma_segments) segments in CMA, $preserve bytes preserved, next kernel kho=$kho"
vm-kexec --exec
