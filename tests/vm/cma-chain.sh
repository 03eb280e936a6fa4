#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Five chained kexecs, every one with all segments in CMA and the payload
# checked at each stage (make soak chains 50).
#
# run-vm: --mem 2G --append cma=512M --timeout 900
. /usr/share/kcma/lib.sh
stages 6

[ "$STAGE" -eq 1 ] && make_payload
[ "$STAGE" -gt 1 ] && check_payload
[ "$STAGE" -eq 6 ] && exit 0
load
expect_all cma cma
vm-kexec --exec
