#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Ten chained kexecs, every one with all segments in CMA and the payload
# checked at each stage.
#
# run-vm: --mem 2G --append cma=512M --timeout 900
. /usr/share/kcma/lib.sh
stages 11

[ "$STAGE" -eq 1 ] && make_payload
[ "$STAGE" -gt 1 ] && check_payload
[ "$STAGE" -eq 11 ] && exit 0
load
expect_all cma cma
vm-kexec --exec
