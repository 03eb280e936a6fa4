#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Kexec HandOver on a guest of 8 NUMA nodes (numa=fake=8) with a scratch
# area per node (kho_scratch=LOW,GLOBAL,PERNODE): 10 areas. This kernel
# reserved at most 8 before, so from 7 nodes up it turned the handover
# off ("cannot reserve the scratch areas (-28)"), and it refused a
# handover that listed more than 8. Now the first kernel reserves all 10
# and hands them over with 32 MiB of preserved folios; the next kernel
# accepts the 10, restores every byte and reserves its own 10.
#
# run-vm: --mem 4G --append "cma=128M kho=on numa=fake=8 kho_scratch=16M,384M,16M" --timeout 600
# run-vm-arch: x86_64 (KHO is x86_64 only in the series)
. /usr/share/kcma/lib.sh
stages 2

# ten_scratch_areas: 8 nodes, and a scratch area for low memory, one
# anywhere and one on each node
ten_scratch_areas()
{
	local nodes areas

	nodes=$(ls -d /sys/devices/system/node/node[0-9]* | wc -l)
	[ "$nodes" -eq 8 ] || fail "$nodes NUMA nodes, numa=fake=8 asked 8"
	not_logged "KHO: cannot reserve the scratch areas" \
		"this kernel could not reserve a scratch area per node"
	areas=$(kho_scratch_rows | wc -l)
	echo "$nodes nodes, $areas scratch areas: $(kho_scratch_rows | tr '\n' ' ')"
	[ "$areas" -eq 10 ] || fail "$areas scratch areas, expected 10"
}

case $STAGE in
1)
	make_payload
	ten_scratch_areas
	kho_preserve 33554432
	load
	expect_all cma cma
	vm-kexec --exec
	;;
2)
	check_payload
	not_logged "KHO: handover has .* scratch areas: ignoring it" \
		"the handover's 10 scratch areas were refused"
	logged "KHO: (handover accepted|restorable)" "no 'KHO: handover accepted' line"
	expect_kho_restored 33554432 1
	ten_scratch_areas
	;;
esac
