#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What upstream Linux 7.1.8's kexec_file_load() returns when it cannot
# allocate: every slab allocation of a --no-cma load fails in turn
# (upstream_enomem_sweep). walk_system_ram_res_rev() returns -ENOMEM when
# it cannot allocate its array of System RAM ranges, and
# kexec_locate_mem_hole() turns every result of the walk but success
# into -EADDRNOTAVAIL, "no room", which sends a user looking for memory
# that is there. The sweep must find that load among ENOMEM ones; the run
# then fails saying so. vm.peer-upstream-fixed-enomem is the same sweep
# on 7.1.8 with upstream-patches/.
#
# run-vm: --mem 2G --append cma=512M --kernel upstream --peer ours --expect-fail "exited 1 in stage 1: a failed allocation returned EADDRNOTAVAIL"
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 1

expect_upstream
upstream_enomem_sweep
grep -q "load failed with EADDRNOTAVAIL, expected ENOMEM" /tmp/sweep.out &&
	fail "a failed allocation returned EADDRNOTAVAIL"
fail "every failed load returned ENOMEM: nothing to show (sweep exit $sweep_rc)"
