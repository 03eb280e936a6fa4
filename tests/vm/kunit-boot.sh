#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The KUnit suites have run before init (kunit.enable=1); tests/run reads
# their KTAP from the serial log. Nothing to do here.
#
# run-vm: --append kunit.enable=1
exit 0
