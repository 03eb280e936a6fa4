/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/bitmap.h: the declaration only */
#ifndef _KHO_SHIM_LINUX_BITMAP_H
#define _KHO_SHIM_LINUX_BITMAP_H

#include <linux/bits.h>
#include <linux/math.h>

#define BITS_TO_LONGS(nr)	DIV_ROUND_UP(nr, BITS_PER_LONG)
#define DECLARE_BITMAP(name, bits)	unsigned long name[BITS_TO_LONGS(bits)]

#endif
