#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make run: one handover with CMA placement, then one with --no-cma. Each
# shows where the segments landed and who checks them, the new kernel's
# handover line, and at the end the two side by side: bytes copied and
# checked in the hot phase, and each phase's time. The lines meant for a
# person start with "demo:" (make run shows only those; V=1 shows all).
#
# run-vm: --mem 2G --append cma=512M
. /usr/share/kcma/lib.sh
stages 3

HANDOVER=/sys/kernel/debug/kexec/handover
PHASES="shutdown relocation digest decompression early_boot hot_phase boot"

say()
{
	sed 's/^/demo: /'
}

# load_show NAME [kexec options...]: load, show the listing, and keep what
# the hot phase will copy and read for the summary. /state travels in the
# initrd, written at load: the figures are kept, then the image is loaded
# again to carry them.
load_show()
{
	local name=$1

	shift
	vm-kexec --load-only "$@" > /dev/null || fail "kexec -s -l $* failed"
	echo "---- kexec -s -l $*: /sys/kernel/debug/kexec/segments" | say
	say < $SEGMENTS
	echo "copied $(field hot_copy_bytes)" > /state/$name.load
	echo "read $(field digest_bytes)" >> /state/$name.load
	vm-kexec --load-only "$@" > /dev/null || fail "kexec -s -l $* failed"
}

# handed NAME: show how the handover went, keep its figures; a kernel
# without the handover timing (x86_64 only) has none to keep
handed()
{
	check_payload | say
	dmesg | sed -n 's/^\[[^]]*\] //; /kexec handover:\|kexec_verify: initrd/p' | say
	if [ ! -r $HANDOVER ]; then
		echo "no $HANDOVER: this kernel does not time its handover" | say
		: > /state/$1.handover
		return
	fi
	awk -F': *' '$1 ~ /_ns$/ { sub(/_ns$/, "", $1); print $1, $2 }' $HANDOVER \
		> /state/$1.handover
}

summary()
{
	echo "---- side by side" | say
	awk '
		FNR == 1 { file++ }
		file <= 2 { v[file, $1] = $2; next }
		FNR == 1 { printf "%-28s %14s %14s\n", "", "CMA", "--no-cma" }
		v[1, $2] v[2, $2] != "" { printf "%-28s %14s %14s\n", $1, v[1, $2], v[2, $2] }
	' /state/cma.all /state/nocma.all - <<-EOF | say
	bytes_copied copied
	bytes_purgatory_reads read
	shutdown_ms shutdown
	relocation_ms relocation
	purgatory_check_ms digest
	decompression_ms decompression
	early_boot_ms early_boot
	hot_phase_ms hot_phase
	start_kernel->init_ms boot
	EOF
}

# all NAME: the load and handover figures in one file, times in ms
all()
{
	{
		cat /state/$1.load
		awk '{ printf "%s %.1f\n", $1, $2 / 1e6 }' /state/$1.handover
	} > /state/$1.all
}

case $STAGE in
1)
	echo "stage 1: $(uname -r), CmaTotal $(awk '/^CmaTotal/ { print $2 }' /proc/meminfo) kB" | say
	make_payload
	load_show cma
	vm-kexec --exec
	;;
2)
	handed cma
	load_show nocma --no-cma
	vm-kexec --exec
	;;
3)
	handed nocma
	all cma
	all nocma
	summary
	;;
esac
