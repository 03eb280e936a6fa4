/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/libfdt.h: the system's libfdt */
#ifndef _KHO_SHIM_LINUX_LIBFDT_H
#define _KHO_SHIM_LINUX_LIBFDT_H

#include <libfdt.h>

#endif
