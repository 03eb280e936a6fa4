/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/bits.h */
#ifndef _KHO_SHIM_LINUX_BITS_H
#define _KHO_SHIM_LINUX_BITS_H

#define BITS_PER_BYTE	8
#define BITS_PER_LONG	(BITS_PER_BYTE * sizeof(long))
#define BIT(nr)		(1UL << (nr))

#endif
