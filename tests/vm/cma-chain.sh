#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Three chained kexecs, every one with all segments in CMA and the payload
# checked at each stage: a kernel booted from CMA places in CMA in turn
# (make soak chains 50, vm.soak-chain five under pressure).
#
# run-vm: --mem 2G --append cma=512M --timeout 900
. /usr/share/kcma/lib.sh
stages 4

[ "$STAGE" -eq 1 ] && make_payload
[ "$STAGE" -gt 1 ] && check_payload
[ "$STAGE" -eq 4 ] && exit 0
load
expect_all cma cma
vm-kexec --exec
