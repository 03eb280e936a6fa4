#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kexec_cma=0 turns placement off system-wide (reason disabled); writing 1
# to /sys/module/kernel/parameters/kexec_cma turns it back on for the next
# load, which then hands over.
#
# run-vm: --mem 2G --append "cma=512M kexec_cma=0"
. /usr/share/kcma/lib.sh
stages 2
param=/sys/module/kernel/parameters/kexec_cma

case $STAGE in
1)
	make_payload
	[ "$(cat $param)" = N ] || fail "kexec_cma=0 on the command line, $param says $(cat $param)"
	load
	expect_all copy disabled
	echo 1 > $param
	load
	expect_all cma cma
	vm-kexec --exec
	;;
2)
	check_payload
	;;
esac
