/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kexec HandOver wire format of the reserve_mem= regions.
 *
 * The subtree named MEMBLOCK_KHO_FDT is an FDT whose root says
 * compatible = MEMBLOCK_KHO_NODE_COMPATIBLE and has one subnode per
 * region, named as on the command line, each with compatible =
 * RESERVE_MEM_KHO_NODE_COMPATIBLE, "start" (the physical address) and
 * "size" (bytes), both u64 in the CPU's byte order. The pages of each
 * region are preserved as a page range.
 *
 * This is the format of upstream Linux 7.1's memblock, so that a region
 * survives a handover between kernels of either kind. Any change to it
 * needs a new compatible.
 */
#ifndef _LINUX_KHO_ABI_MEMBLOCK_H
#define _LINUX_KHO_ABI_MEMBLOCK_H

#define MEMBLOCK_KHO_FDT			"memblock"
#define MEMBLOCK_KHO_NODE_COMPATIBLE		"memblock-v1"
#define RESERVE_MEM_KHO_NODE_COMPATIBLE		"reserve-mem-v1"

#endif /* _LINUX_KHO_ABI_MEMBLOCK_H */
