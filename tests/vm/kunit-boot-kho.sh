#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kexec_handover KUnit suite has run before init (kunit.enable=1),
# with kho=on for the cases that register with Kexec HandOver; tests/run
# reads its KTAP from the serial log. Nothing to do here.
#
# run-vm: --append "kunit.enable=1 kho=on kunit.filter_glob=kexec_handover"
# run-vm-arch: x86_64 (KHO is x86_64 only in the series)
exit 0
