# SPDX-License-Identifier: GPL-2.0
#
# The stage protocol: the console lines by which the guest tells
# tests/run-vm where it is.  Sourced by the guest's /init and vm-kexec
# (installed as /usr/share/kcma/stages.sh) and by tests/run-vm, which turns
# them into patterns.  Each is a printf format; every %s is a number.

# /init, before it runs /test/script: the stage
KCMA_STAGE_BEGIN='kcma-guest: stage %s begin'
# /init, when the script returns: the stage, the script's exit status
KCMA_STAGE_EXIT='kcma-guest: stage %s exit %s'
# vm-kexec, just before kexec -e: the stage it leaves
KCMA_STAGE_EXEC='vm-kexec: executing kexec -e from stage %s'
