#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Not a scenario: tests/run's vm.expect_fail_names_the_purgatory runs it
# to show that the expected failure of the purgatory scenarios
# (verify-corrupt-copy, verify-corrupt-sha256,
# peer-from-upstream-dirty-cma) cannot be met by another end. Stage 1
# loads the next kernel as they do and announces its purgatory, then, at
# the point of kexec -e, does what kcma_end= on its command line says
# instead: spin in user space, or reset the machine as a triple fault
# would. tests/run gives the run-vm options.
. /usr/share/kcma/lib.sh
stages 2

case $STAGE in
1)
	vm-kexec --load-only || fail "vm-kexec --load-only failed"
	vm-kexec --exec-instead "$(cmdline_value kcma_end)"
	;;
2)
	fail "reached stage 2: vm-kexec --exec-instead jumped"
	;;
esac
