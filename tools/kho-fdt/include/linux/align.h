/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/align.h */
#ifndef _KHO_SHIM_LINUX_ALIGN_H
#define _KHO_SHIM_LINUX_ALIGN_H

/* @a must be a power of two, as in the kernel */
#define ALIGN(x, a)		(((x) + ((__typeof__(x))(a) - 1)) & \
				 ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)

#endif
