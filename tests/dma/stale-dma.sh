#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# One trial of the stale-DMA proof (tests/dma-proof runs it): QEMU's edu
# device, driven by CONFIG_KEXEC_DMA_TEST, writes a page of pattern into
# memory after kexec -e has shut the kernel down, aimed at a payload at the
# start of the next stage's initrd.
#
# The first kernel's command line says how:
#   kcma.dma=MODE,DELAY_MS	stale (the driver leaves the transfer running,
#				DELAY_MS after starting it) or quiesce (it
#				waits for it)
#   kcma.dma_path=cma|copy	the image placed in CMA, or --no-cma
#
# Stage 2 first shows that the write happened: "dma-proof: write proven:
# to ADDRESS" when the device's last transfer went to RAM with bus
# mastering on (stale: still on when the new kernel found the device;
# quiesce: the old kernel waited for it); tests/dma-proof checks that
# ADDRESS is the "dma-proof: target" of stage 1. Then what the new
# kernel got: "dma-proof: intact" when the retained initrd
# (/sys/firmware/initrd) is the one loaded, byte for byte, and the payload
# unpacked from it is too; a FAIL line naming what is corrupted otherwise,
# and whether the device's pattern is what changed it. A handover the
# purgatory's check stopped never reaches stage 2: run-vm's verdict names
# the purgatory then.
. /usr/share/kcma/lib.sh
stages 2

ARM=/sys/kernel/debug/kexec_dma_test/arm
STATUS=/sys/kernel/debug/kexec_dma_test/status
PATTERN="kexec_dma_test: stale DMA"

# initrd_phys: where the boot loader (kexec) put this kernel's initrd:
# ramdisk_image and ext_ramdisk_image of the boot parameters
initrd_phys()
{
	local bp=/sys/kernel/boot_params/data lo hi

	lo=$(od -An -tu4 -j $((0x218)) -N4 $bp)
	hi=$(od -An -tu4 -j $((0xc0)) -N4 $bp)
	echo $(((hi << 32) + lo))
}

dma_status()
{
	awk -v name="$1" '$1 == name { print $2 }' $STATUS
}

case $STAGE in
1)
	[ -w $ARM ] || skip "no $ARM: CONFIG_KEXEC_DMA_TEST is off"
	[ "$(dma_status device)" != none ] ||
		skip "no edu device: run-vm needs --qemu -device --qemu edu,dma_mask=..."
	dma=$(cmdline_value kcma.dma)
	path=$(cmdline_value kcma.dma_path)
	[ -n "$dma" ] && [ -n "$path" ] ||
		fail "no kcma.dma=MODE,DELAY_MS and kcma.dma_path=cma|copy on the command line"
	mode=${dma%,*}
	delay=${dma#*,}
	nocma=
	[ "$path" = copy ] && nocma=--no-cma

	# The initrd starts with an archive of /dma-payload, so that the
	# aimed page, 1 MiB into the initrd, holds payload, not the userland:
	# what a write there breaks is found, not a boot that cannot run the
	# check. The rest is vm-kexec's initrd, with the payload's sum in /state.
	mkdir -p /tmp/dma &&
		dd if=/dev/urandom of=/tmp/dma/dma-payload bs=1048576 count=4 2>/dev/null
	(cd /tmp/dma && sha256sum dma-payload) > /state/dma-sum
	(cd /tmp/dma && echo dma-payload | cpio -o -H newc) > /tmp/next.cpio 2>/dev/null ||
		fail "cannot write the payload archive"
	vm-kexec --initrd-only /tmp/rest.cpio
	cat /tmp/rest.cpio >> /tmp/next.cpio && rm /tmp/rest.cpio /tmp/dma/dma-payload
	size=$(stat -c %s /tmp/next.cpio)
	sum=$(sha256sum /tmp/next.cpio | cut -d' ' -f1)
	aim=1048576
	cmdline=$(vm-kexec --cmdline-only --append \
		"retain_initrd kcma.initrd=$size,$sum,$aim")
	kexec -s -l /boot/bzImage $nocma --initrd=/tmp/next.cpio \
		--command-line="$cmdline" || fail "kexec -s -l $nocma failed"
	rm /tmp/next.cpio
	cat $SEGMENTS
	if [ "$path" = cma ]; then
		expect_all cma
	else
		expect_all copy
	fi

	echo "$mode $delay $aim" > $ARM || fail "cannot arm $ARM with '$mode $delay $aim'"
	cat $STATUS
	seg=$(dma_status segment)
	if [ "$path" = cma ] && [ "$seg" != -1 ]; then
		fail "the driver owns a page of segment $seg, which is in CMA"
	fi
	if [ "$path" = copy ] && [ "$seg" = -1 ]; then
		fail "the driver owns no page of the copied image"
	fi
	echo "dma-proof: target $(dma_status target) segment $seg offset $(dma_status offset) aim $aim"
	vm-kexec --exec
	;;
2)
	cat $STATUS
	dma=$(cmdline_value kcma.dma)
	dst=$(dma_status previous_dst)
	[ "$(dma_status previous_to_ram)" = 1 ] ||
		fail "write not proven: the device's last transfer was not to RAM"
	if [ "${dma%,*}" = stale ]; then
		[ "$(dma_status bus_master_at_probe)" = 1 ] ||
			fail "write not proven: bus mastering was off when this kernel found the device"
		echo "dma-proof: write proven: to $dst, bus mastering still on at probe"
	else
		echo "dma-proof: write proven: to $dst, finished before shutdown"
	fi
	initrd=$(cmdline_value kcma.initrd)
	size=$(echo "$initrd" | cut -d, -f1)
	sum=$(echo "$initrd" | cut -d, -f2)
	[ -r /sys/firmware/initrd ] || fail "no /sys/firmware/initrd: retain_initrd missing"
	got=$(sha256sum /sys/firmware/initrd | cut -d' ' -f1)
	if [ "$got" != "$sum" ]; then
		# The page the device wrote, if it is in the initrd
		written=$(($(printf '%d' "$dst") - $(initrd_phys)))
		hits=0
		[ "$written" -ge 0 ] && [ "$written" -lt "$size" ] &&
			hits=$(dd if=/sys/firmware/initrd bs=4096 skip=$((written / 4096)) count=1 2>/dev/null |
			       grep -ac "$PATTERN")
		[ "${hits:-0}" -gt 0 ] ||
			fail "retained initrd changed (sha256 $got, loaded $sum), but not by the stale DMA pattern"
		fail "retained initrd corrupted by the stale DMA pattern: $hits times in the written page"
	fi
	if ! (cd / && sha256sum -c -s /state/dma-sum); then
		hits=$(grep -ac "$PATTERN" /dma-payload)
		[ "${hits:-0}" -gt 0 ] ||
			fail "payload changed, but not by the stale DMA pattern"
		fail "payload corrupted by the stale DMA pattern: $hits times"
	fi
	echo "dma-proof: intact"
	;;
esac
