/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef _KERNEL_KEXEC_HANDOVER_INTERNAL_H
#define _KERNEL_KEXEC_HANDOVER_INTERNAL_H

#include <linux/kho/abi/kexec_handover.h>
#include <linux/list.h>

/*
 * The format's code, shared with tools/kho-fdt, which builds kho_fdt.c in
 * userspace: no type here may need more than tools/include has.
 */

struct kho_radix_tree;

/*
 * A walk of a preserved memory map; every callback is optional. @node is
 * called with the physical address of every table or leaf page before it
 * is read, @block with every preserved block, or, if set instead, @run
 * with every run of @nr adjacent blocks of one order, @node_done after a
 * node's subtree was walked.
 * A non-zero return stops the walk and is returned by kho_radix_walk().
 */
struct kho_radix_walk_ops {
	int (*node)(phys_addr_t phys, void *arg);
	int (*block)(phys_addr_t phys, unsigned int order, void *arg);
	int (*run)(phys_addr_t phys, unsigned int order, unsigned long nr,
		   void *arg);
	void (*node_done)(phys_addr_t phys, void *arg);
};

unsigned long kho_radix_encode_key(phys_addr_t phys, unsigned int order);
int kho_radix_decode_key(unsigned long key, phys_addr_t *phys,
			 unsigned int *order);
int kho_radix_add(struct kho_radix_tree *tree, phys_addr_t phys,
		  unsigned int order);
void kho_radix_del(struct kho_radix_tree *tree, phys_addr_t phys,
		   unsigned int order);
int kho_radix_walk(phys_addr_t root, const struct kho_radix_walk_ops *ops,
		   void *arg);

struct kho_serializer;

/*
 * A named blob in the outgoing FDT: a user's, or the one a serializer
 * writes at kexec -e (@ser set, @phys 0 until then)
 */
struct kho_subtree {
	struct list_head list;
	const char *name;
	phys_addr_t phys;
	u64 size;
	struct kho_serializer *ser;
};

int kho_fdt_build(void *fdt, size_t fdt_size, phys_addr_t map,
		  struct list_head *subtrees);
int kho_fdt_check(const void *fdt, size_t fdt_size, phys_addr_t *map);
int kho_fdt_find(const void *fdt, const char *name, phys_addr_t *phys,
		 u64 *size);
void kho_segment_seal(void *seg, size_t size, size_t used);
int kho_segment_check_header(const struct kho_segment_header *hdr,
			     size_t size, size_t *used);
int kho_segment_check_sum(const void *seg);

#endif /* _KERNEL_KEXEC_HANDOVER_INTERNAL_H */
