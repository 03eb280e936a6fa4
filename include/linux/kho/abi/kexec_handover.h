/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kexec HandOver wire format, "kho-v3".
 *
 * What one kernel leaves for the next: an FDT whose root says
 * compatible = "kho-v3", holds the physical address of the preserved
 * memory map in "preserved-memory-map" (u64), and has one subnode per
 * user, each with "preserved-data" (u64 physical address of the user's
 * blob) and "blob-size" (u64 bytes).
 *
 * The preserved memory map is a radix tree of page-sized nodes. A
 * preserved block of 2^order pages at physical address pa is the key
 *
 *	(1 << (KHO_ORDER_0_LOG2 - order)) | (pa >> (PAGE_SHIFT + order))
 *
 * so the position of the highest set bit says the order. The low
 * KHO_BITMAP_SIZE_LOG2 bits of the key select a bit in a leaf (a page
 * used as a bitmap); each KHO_TABLE_SIZE_LOG2 bits above them select an
 * entry in the table (a page of u64 physical addresses, 0 for none) of
 * one level, level 1 pointing at leaves, the root being level
 * KHO_TREE_MAX_DEPTH - 1.
 *
 * This is the format of upstream Linux 7.1 (its
 * Documentation/core-api/kho/abi.rst), so that kernels of either kind
 * can hand over to each other. Any change to it needs a new compatible.
 */
#ifndef _LINUX_KHO_ABI_KEXEC_HANDOVER_H
#define _LINUX_KHO_ABI_KEXEC_HANDOVER_H

#include <linux/bitmap.h>
#include <linux/log2.h>
#include <linux/math.h>
#include <linux/types.h>
#include <asm/page.h>

#define KHO_FDT_COMPATIBLE		"kho-v3"
#define KHO_FDT_MEMORY_MAP_PROP_NAME	"preserved-memory-map"
#define KHO_SUB_TREE_PROP_NAME		"preserved-data"
#define KHO_SUB_TREE_SIZE_PROP_NAME	"blob-size"

enum kho_radix_consts {
	/* Where the order bit of an order-0 key lies */
	KHO_ORDER_0_LOG2 = 64 - PAGE_SHIFT,
	/* Entries in a table node, log2 */
	KHO_TABLE_SIZE_LOG2 = const_ilog2(PAGE_SIZE / sizeof(u64)),
	/* Bits in a leaf, log2 */
	KHO_BITMAP_SIZE_LOG2 = PAGE_SHIFT + const_ilog2(BITS_PER_BYTE),
	/* Table levels above the leaves, plus the leaf level */
	KHO_TREE_MAX_DEPTH =
		DIV_ROUND_UP(KHO_ORDER_0_LOG2 - KHO_BITMAP_SIZE_LOG2 + 1,
			     KHO_TABLE_SIZE_LOG2) + 1,
};

struct kho_radix_node {
	u64 table[1 << KHO_TABLE_SIZE_LOG2];
};

struct kho_radix_leaf {
	DECLARE_BITMAP(bitmap, 1 << KHO_BITMAP_SIZE_LOG2);
};

/**
 * struct kho_scratch - a scratch area the next kernel may boot in
 * @addr: physical start
 * @size: bytes
 *
 * Scratch areas hold nothing that is preserved, so the next kernel can
 * use them for its early allocations. On x86 an array of these follows
 * &struct kho_data.
 */
struct kho_scratch {
	phys_addr_t addr;
	phys_addr_t size;
};

/**
 * struct kho_vmalloc_chunk - a page of the list that describes a vmalloc area
 * @next: physical address of the next chunk, 0 for none
 * @phys: physical addresses of the area's blocks of 1 << order pages, in
 *	order, ending at the first 0 or at the end of the chunk
 *
 * Each chunk is one preserved page; each block is preserved as
 * 1 << order pages.
 */
struct kho_vmalloc_chunk {
	__u64 next;
	__u64 phys[PAGE_SIZE / sizeof(__u64) - 1];
};

/* &struct kho_vmalloc flags */
#define KHO_VMALLOC_ALLOC	0x0001
#define KHO_VMALLOC_HUGE_VMAP	0x0002

/**
 * struct kho_vmalloc - a vmalloc area preserved for the next kernel
 * @first: physical address of the first &struct kho_vmalloc_chunk
 * @total_pages: pages of the area
 * @flags: how it was allocated: KHO_VMALLOC_ALLOC, KHO_VMALLOC_HUGE_VMAP
 * @order: log2 of the pages of each block
 *
 * A user stores this in its blob, as upstream Linux 7.1's
 * kho_preserve_vmalloc() fills it.
 */
struct kho_vmalloc {
	__u64 first;
	__u32 total_pages;
	__u16 flags;
	__u16 order;
};

/*
 * Not part of kho-v3, an addition of this tree that kho-v3 readers need
 * not know: the root FDT is written at kexec -e into a segment reserved
 * at load, right after a struct kho_segment_header at the segment's
 * start. Such an FDT is never page aligned; one that is has no header.
 * The users' blobs follow the FDT in the same segment.
 */
#define KHO_SEGMENT_MAGIC	0x314d4745534f484bULL	/* "KHOSEGM1" */
#define KHO_SEGMENT_HEADER_SIZE	64

/*
 * A root FDT takes at most this many bytes, and the architecture hands
 * over at most this as its size: the next kernel maps that much before it
 * has a direct map, and upstream's early_memremap() refuses more than
 * 256 KiB, dropping the whole handover.
 */
#define KHO_FDT_MAX_SIZE	0x10000

/**
 * struct kho_segment_header - what the next kernel checks a segment by
 * @magic: KHO_SEGMENT_MAGIC, written after everything else
 * @size: bytes of the segment, header included
 * @used: bytes from the segment's start that hold the FDT and the blobs
 * @xxh64: xxh64 (seed 0) of bytes [KHO_SEGMENT_HEADER_SIZE, @used)
 * @reserved: 0
 */
struct kho_segment_header {
	__u64 magic;
	__u64 size;
	__u64 used;
	__u64 xxh64;
	__u64 reserved[4];
};

#endif /* _LINUX_KHO_ABI_KEXEC_HANDOVER_H */
