/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/xxhash.h: xxh64 of libxxhash */
#ifndef _KHO_SHIM_LINUX_XXHASH_H
#define _KHO_SHIM_LINUX_XXHASH_H

#include <xxhash.h>
#include <linux/types.h>

static inline u64 xxh64(const void *input, size_t length, u64 seed)
{
	return XXH64(input, length, seed);
}

#endif
