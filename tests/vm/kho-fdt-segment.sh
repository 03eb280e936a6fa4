#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The KHO FDT segment, written at kexec -e: five chained KHO handovers.
# Stage 1 first makes kexec -e fail twice and go on running with the
# image loaded: the handover outgrows kho_fdt_max= (ENOSPC), then a
# serializer fails (EIO). With kho_fdt_max raised and the image loaded
# again, the listing shows the kho-fdt segment in the default CMA area
# and every other segment in the scratch CMA area; the test user changes
# its "late" value 100 ms before kexec -e. Each next kernel checks the
# segment with kho-fdt, finds the serialized subtrees with every byte of
# their pattern and the late value, and restores the preserved folios;
# it finds the segment's used pages listed in the map, for a next kernel
# that knows no segment, and takes them as the segment.
# Stage 2 serializes in turn instead of in parallel, stage 3 copies the
# image (--no-cma: the segment too, into scratch). In both, a reboot
# notifier of the test user writes "late" again in the blobs the
# serializers wrote, after kexec -e sealed the segment, as a driver would
# from its shutdown callback: the segment is sealed again once devices
# are shut down, and the next kernel finds that value.
#
# run-vm: --mem 2G --append "cma=256M kho=on kho_scratch=0,256M,0" --timeout 900
# run-vm-arch: x86_64 (KHO is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 6

FDT_MAX=/sys/module/kernel/parameters/kho_fdt_max
NR_SER=4
SER_BYTES=262144

# serialize LATE [AT_SHUTDOWN]: register the serializers, then set the
# late value, and the one a reboot notifier writes into their blobs
serialize()
{
	echo "$NR_SER $SER_BYTES" > $KHO_TEST/serializers ||
		fail "kho_test cannot register $NR_SER serializers"
	echo "$1" > $KHO_TEST/late || fail "cannot write $KHO_TEST/late"
	echo "${2:-0}" > $KHO_TEST/late_at_shutdown ||
		fail "cannot write $KHO_TEST/late_at_shutdown"
}

# restored GENERATION LATE: what the previous kernel handed over is here
restored()
{
	check_payload
	logged "KHO: handover accepted.*segment [1-9][0-9]* bytes, [1-9][0-9]* KiB of it in the map" \
		"no 'KHO: handover accepted ... segment N bytes, M KiB of it in the map' line"
	expect_kho_restored 4194304 "$1"
	expect_kho_serialized $NR_SER $((NR_SER * SER_BYTES)) "$2"
	run kho-fdt check $KHO/in/segment
	[ $rc -eq 0 ] || fail "kho-fdt check refuses $KHO/in/segment (exit $rc)"
	grep -q "xxh64 0x[0-9a-f]* matches" $OUT || fail "kho-fdt did not check the segment's xxh64"
}

case $STAGE in
1)
	[ -w $FDT_MAX ] || skip "no $FDT_MAX: CONFIG_KEXEC_HANDOVER is off"
	make_payload
	kho_preserve 4194304
	serialize 1
	echo 16K > $FDT_MAX
	load
	expect_kho_fdt_segment cma 0x4000
	expect_kexec_refused "No space left on device"
	logged "KHO: the handover needs" "no 'KHO: the handover needs' line"

	echo 0 > $FDT_MAX
	load
	expect_kho_fdt_segment cma
	echo 2 > $KHO_TEST/fail
	expect_kexec_refused "Input/output error"
	logged "KHO: serializer kexec-cma-kho-ser.2 failed \(-5\)" \
		"no 'KHO: serializer ... failed' line"
	echo -1 > $KHO_TEST/fail

	echo 8M > $FDT_MAX
	load
	expect_all cma cma
	expect_area kho_scratch0
	expect_kho_fdt_segment cma 0x800000
	# The handover is written at the jump: change the data after the load
	(sleep 0.1; vm-kexec --exec) &
	echo 42 > $KHO_TEST/late
	wait
	;;
2)
	restored 1 42
	kho_preserve 4194304
	serialize 43 143
	echo N > $KHO/out/parallel
	echo 0 > $FDT_MAX
	load
	expect_kho_fdt_segment cma
	vm-kexec --exec
	;;
3)
	restored 2 143
	kho_preserve 4194304
	serialize 44 144
	load --no-cma
	expect_all copy
	expect_kho_fdt_segment copy
	expect_in_scratch
	vm-kexec --exec
	;;
4|5)
	restored $((STAGE - 1)) $((STAGE == 4 ? 144 : 45))
	kho_preserve 4194304
	serialize $((STAGE + 41))
	load
	expect_area kho_scratch0
	expect_kho_fdt_segment cma
	vm-kexec --exec
	;;
6)
	restored 5 46
	;;
esac
