#!/bin/sh
# Booted by tests/run with kunit.enable=1: the KUnit suites have run before
# init, their KTAP is in the serial log. Nothing to do here.
exit 0
