/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/unaligned.h */
#ifndef _KHO_SHIM_LINUX_UNALIGNED_H
#define _KHO_SHIM_LINUX_UNALIGNED_H

#include <linux/compiler_attributes.h>

/* *@ptr, read through a packed struct: @ptr may have any alignment */
#define get_unaligned(ptr) ({						\
	const struct {							\
		__typeof__(*(ptr)) x;					\
	} __packed *__pptr = (const void *)(ptr);			\
	__pptr->x;							\
})

#endif
