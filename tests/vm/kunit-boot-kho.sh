#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kexec_handover KUnit suite has run before init (kunit.enable=1),
# with kho=on for the cases that register with Kexec HandOver; tests/run
# reads its KTAP from the serial log. Nothing to do here.
#
# run-vm: --append "kunit.enable=1 kho=on kunit.filter_glob=kexec_handover"
exit 0
