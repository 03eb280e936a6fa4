/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's asm/page.h: x86's 4 KiB pages */
#ifndef _KHO_SHIM_ASM_PAGE_H
#define _KHO_SHIM_ASM_PAGE_H

#include <linux/bits.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	BIT(PAGE_SHIFT)

#endif
