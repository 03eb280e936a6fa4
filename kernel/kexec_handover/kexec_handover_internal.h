/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kexec HandOver: what the files of the kernel side share, and the stubs
 * of the optional ones.
 */
#ifndef _KERNEL_KEXEC_HANDOVER_KEXEC_HANDOVER_INTERNAL_H
#define _KERNEL_KEXEC_HANDOVER_KEXEC_HANDOVER_INTERNAL_H

#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/mutex.h>
#include <linux/sizes.h>

#include "kho_internal.h"

/* page->private of the first page of a preserved block the next kernel holds */
#define KHO_PAGE_MAGIC		0x4b484f50UL	/* "KHOP" */
#define KHO_PAGE_TAG(order)	((KHO_PAGE_MAGIC << 32) | (order))

/* The most bytes a handover segment takes, header included */
#define KHO_SEGMENT_MAX_SIZE	SZ_1G

struct cma;
struct dentry;

/* The preserved memory map of the running kernel */
struct kho_radix_tree {
	struct kho_radix_node *root;
	struct mutex lock;	/* serializes add and del */
};

/* What this kernel hands to the next */
struct kho_out {
	struct kho_radix_tree tree;
	void *fdt;
	struct list_head subtrees;
	struct mutex lock;		/* subtrees and fdt */
	struct kho_scratch scratch[KHO_SCRATCH_MAX];
	struct cma *scratch_cma[KHO_SCRATCH_MAX];
	unsigned int nr_scratch;
};

/* What the previous kernel handed to this one */
struct kho_in {
	phys_addr_t fdt_phys;
	phys_addr_t segment;		/* its header, if the FDT has one */
	size_t segment_used;
	bool segment_reserved;
	phys_addr_t map;
	bool accepted;			/* preserved memory is reserved */
	unsigned long nr_blocks;
	unsigned long nr_nodes;
};

extern bool kho_enable;
extern bool kho_parallel;
extern unsigned long kho_fdt_max;
extern struct kho_out kho_out;
extern struct kho_in kho_in;
extern phys_addr_t kho_reserved_not_ours;

unsigned int kho_block_order(unsigned long pfn, unsigned long end_pfn);
int kho_preserve_range(unsigned long pfn, unsigned long end_pfn);
void kho_unpreserve_range(unsigned long pfn, unsigned long end_pfn);
void kho_serialize_work(struct work_struct *work);
void kho_scratch_trim(struct kho_scratch *areas, unsigned int nr,
		      phys_addr_t start, phys_addr_t size);

#ifdef CONFIG_KEXEC_HANDOVER_DEBUGFS
void kho_debugfs_add_subtree(struct kho_subtree *sub);
void kho_debugfs_remove_subtree(struct kho_subtree *sub);
#else
static inline void kho_debugfs_add_subtree(struct kho_subtree *sub) { }
static inline void kho_debugfs_remove_subtree(struct kho_subtree *sub) { }
#endif

#ifdef CONFIG_KEXEC_HANDOVER_DEBUG
void kho_debug_corrupt(void *seg, bool sealed);
void kho_debug_debugfs(struct dentry *dir);
#else
static inline void kho_debug_corrupt(void *seg, bool sealed) { }
static inline void kho_debug_debugfs(struct dentry *dir) { }
#endif

#endif /* _KERNEL_KEXEC_HANDOVER_KEXEC_HANDOVER_INTERNAL_H */
