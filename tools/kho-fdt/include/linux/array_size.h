/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/array_size.h */
#ifndef _KHO_SHIM_LINUX_ARRAY_SIZE_H
#define _KHO_SHIM_LINUX_ARRAY_SIZE_H

#define ARRAY_SIZE(arr) (sizeof(arr) / sizeof((arr)[0]))

#endif
