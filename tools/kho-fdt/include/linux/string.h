/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's linux/string.h, which also brings
 * the errno values (through linux/err.h).
 */
#ifndef _KHO_SHIM_LINUX_STRING_H
#define _KHO_SHIM_LINUX_STRING_H

#include <errno.h>
#include <string.h>

#endif
