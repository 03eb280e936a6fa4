#!/bin/sh
# make run: one handover with CMA placement, then one with --no-cma, each
# showing where the segments landed and what the hot phase will copy.
# make run boots it with: --mem 2G --append cma=512M
. /usr/share/kcma/lib.sh

show()
{
	echo "---- /sys/kernel/debug/kexec/segments ($1)"
	cat $SEGMENTS
	echo "---- hot phase will copy $(field hot_copy_bytes) bytes," \
		"purgatory will hash $(field digest_bytes) bytes"
}

case $STAGE in
1)
	echo "stage 1: $(uname -r), CmaTotal $(awk '/^CmaTotal/ { print $2 }' /proc/meminfo) kB"
	make_payload
	vm-kexec --load-only || fail "kexec -s -l failed"
	show "kexec -s -l"
	vm-kexec --exec
	;;
2)
	check_payload
	echo "stage 2: the new kernel booted: $(uname -r) $(cat /proc/cmdline)"
	vm-kexec --load-only --no-cma || fail "kexec -s -l --no-cma failed"
	show "kexec -s -l --no-cma"
	vm-kexec --exec
	;;
3)
	check_payload
	echo "stage 3: the new kernel booted: $(uname -r) $(cat /proc/cmdline)"
	;;
esac
