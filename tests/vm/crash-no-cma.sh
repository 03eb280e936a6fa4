#!/bin/sh
# A crash (kdump) load never touches CMA, with or without --no-cma: its
# segments stay in the crashkernel reservation and the CMA bitmap does not
# move. Then a normal handover.
# run-vm: --mem 2G --append "cma=512M crashkernel=256M"
. /usr/share/kcma/lib.sh

case $STAGE in
1)
	make_payload
	vm-kexec --initrd-only /tmp/next.cpio || fail "cannot write the initrd"
	used0=$(cma_used)
	kexec -s -p /boot/bzImage --initrd=/tmp/next.cpio \
		--command-line="console=ttyS0" || fail "kexec -s -p failed"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || fail "crash image not loaded"
	cat $SEGMENTS
	bad=$(segments crash | awk '$6 != "copy" || $7 != "crash"')
	[ -n "$(segments crash)" ] && [ -z "$bad" ] ||
		fail "crash segments not all copy (crash): $bad"
	[ "$(cma_used)" = "$used0" ] || fail "CMA pages in use went from $used0 to $(cma_used)"
	kexec -s -p -u || fail "crash unload failed"
	vm-kexec || fail "vm-kexec failed"
	;;
2)
	check_payload
	;;
esac
