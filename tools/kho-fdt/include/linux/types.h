/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/types.h: the kernel's names */
#ifndef _KHO_SHIM_LINUX_TYPES_H
#define _KHO_SHIM_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64;
typedef u64 phys_addr_t;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;

#endif
