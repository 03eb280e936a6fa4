#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# vm.peer-upstream-enomem on 7.1.8 with upstream-patches/: patch 3 has
# kexec_locate_mem_hole() pass on the walk's -ENOMEM, so every load that
# a failed slab allocation stops returns ENOMEM, and leaves the image
# loaded before it in place with the CMA pages in use unchanged.
#
# run-vm: --mem 2G --append cma=512M --kernel upstream-fixed --peer ours
# run-vm-arch: x86_64 (the peer kernels are x86_64 only)
. /usr/share/kcma/lib.sh
stages 1

expect_upstream_fixed
upstream_enomem_sweep
[ "$sweep_rc" -eq 0 ] || fail "the sweep found problems (exit $sweep_rc)"
