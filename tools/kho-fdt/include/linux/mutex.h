/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's linux/mutex.h: the type only.
 * kho_fdt.c takes no lock; kho_internal.h embeds one in a struct.
 */
#ifndef _KHO_SHIM_LINUX_MUTEX_H
#define _KHO_SHIM_LINUX_MUTEX_H

struct mutex {
	int locked;
};

#endif
