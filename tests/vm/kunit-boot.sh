#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The kexec_file_cma KUnit suite has run before init (kunit.enable=1);
# tests/run reads its KTAP from the serial log. Nothing to do here. It
# runs without kho=on: with it, a handover image's segments go to the
# scratch areas first, and the suite places its segments in the default
# CMA area (the kexec_handover suite: kunit-boot-kho.sh).
#
# run-vm: --append "kunit.enable=1 kunit.filter_glob=kexec_file_cma"
exit 0
