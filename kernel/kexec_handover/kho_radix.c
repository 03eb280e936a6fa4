// SPDX-License-Identifier: GPL-2.0-only
/*
 * The preserved memory map of Kexec HandOver: a radix tree of pages,
 * laid out as include/linux/kho/abi/kexec_handover.h says.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/bitops.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>

#include "kexec_handover_internal.h"

#define KHO_LEAF_BITS		BIT(KHO_BITMAP_SIZE_LOG2)
#define KHO_TABLE_ENTRIES	BIT(KHO_TABLE_SIZE_LOG2)
#define KHO_ROOT_LEVEL		(KHO_TREE_MAX_DEPTH - 1)

/**
 * kho_radix_encode_key - the key of a preserved block
 * @phys: physical address of the block, aligned to its size
 * @order: the block is 2^@order pages
 *
 * Return: the key under which the map records the block.
 */
unsigned long kho_radix_encode_key(phys_addr_t phys, unsigned int order)
{
	return (1UL << (KHO_ORDER_0_LOG2 - order)) |
	       (phys >> (PAGE_SHIFT + order));
}

/**
 * kho_radix_decode_key - the block a key stands for
 * @key: a key found in a map
 * @phys: set to the block's physical address
 * @order: set to the block's order
 *
 * Blocks above MAX_PAGE_ORDER are valid: upstream cuts kho_preserve_pages()
 * ranges into the largest aligned blocks, with no cap.
 *
 * Return: 0, or -EINVAL when @key encodes a block larger than the
 * physical address space (a corrupt map).
 */
int kho_radix_decode_key(unsigned long key, phys_addr_t *phys,
			 unsigned int *order)
{
	int order_bit = fls64(key) - 1;

	if (order_bit > KHO_ORDER_0_LOG2 ||
	    KHO_ORDER_0_LOG2 - order_bit > MAX_PHYSMEM_BITS - PAGE_SHIFT)
		return -EINVAL;
	*order = KHO_ORDER_0_LOG2 - order_bit;
	*phys = (phys_addr_t)(key & ~(1UL << order_bit)) << (PAGE_SHIFT + *order);
	return 0;
}

static unsigned int kho_radix_index(unsigned long key, unsigned int level)
{
	unsigned int shift = (level - 1) * KHO_TABLE_SIZE_LOG2 +
			     KHO_BITMAP_SIZE_LOG2;

	return (key >> shift) & (KHO_TABLE_ENTRIES - 1);
}

/**
 * kho_radix_add - record a preserved block in the running kernel's map
 * @tree: the map
 * @phys: physical address of the block
 * @order: the block is 2^@order pages
 *
 * Missing nodes are allocated; on failure the ones this call allocated
 * are freed again, so the map is as before.
 *
 * Return: 0, or -ENOMEM.
 */
int kho_radix_add(struct kho_radix_tree *tree, phys_addr_t phys,
		  unsigned int order)
{
	unsigned long key = kho_radix_encode_key(phys, order);
	struct kho_radix_node *node, *new[KHO_TREE_MAX_DEPTH] = { };
	u64 *first_link = NULL;
	unsigned int level, idx;

	mutex_lock(&tree->lock);
	node = tree->root;
	for (level = KHO_ROOT_LEVEL; level > 0; level--) {
		idx = kho_radix_index(key, level);
		if (!node->table[idx]) {
			new[level] = (void *)get_zeroed_page(GFP_KERNEL);
			if (!new[level])
				goto err_free;
			node->table[idx] = virt_to_phys(new[level]);
			if (!first_link)
				first_link = &node->table[idx];
		}
		node = phys_to_virt(node->table[idx]);
	}
	__set_bit(key & (KHO_LEAF_BITS - 1),
		  ((struct kho_radix_leaf *)node)->bitmap);
	mutex_unlock(&tree->lock);
	return 0;

err_free:
	if (first_link)
		*first_link = 0;
	for (level = 0; level < KHO_TREE_MAX_DEPTH; level++)
		free_page((unsigned long)new[level]);
	mutex_unlock(&tree->lock);
	return -ENOMEM;
}

/**
 * kho_radix_del - forget a preserved block
 * @tree: the map
 * @phys: physical address of the block
 * @order: the order it was added with
 *
 * Nodes stay allocated: a later preservation nearby will use them again.
 */
void kho_radix_del(struct kho_radix_tree *tree, phys_addr_t phys,
		   unsigned int order)
{
	unsigned long key = kho_radix_encode_key(phys, order);
	struct kho_radix_node *node;
	unsigned int level, idx;

	mutex_lock(&tree->lock);
	node = tree->root;
	for (level = KHO_ROOT_LEVEL; level > 0; level--) {
		idx = kho_radix_index(key, level);
		if (WARN_ON_ONCE(!node->table[idx]))
			goto out;
		node = phys_to_virt(node->table[idx]);
	}
	__clear_bit(key & (KHO_LEAF_BITS - 1),
		    ((struct kho_radix_leaf *)node)->bitmap);
out:
	mutex_unlock(&tree->lock);
}

/*
 * A leaf's bits share the key bits above them, the order bit among them:
 * a run of set bits is a run of adjacent blocks of one order.
 */
static int kho_radix_walk_runs(struct kho_radix_leaf *leaf, unsigned long key,
			       const struct kho_radix_walk_ops *ops, void *arg)
{
	unsigned long bit, end;
	unsigned int order;
	phys_addr_t block;
	int err;

	for (bit = find_first_bit(leaf->bitmap, KHO_LEAF_BITS);
	     bit < KHO_LEAF_BITS;
	     bit = find_next_bit(leaf->bitmap, KHO_LEAF_BITS, end)) {
		end = find_next_zero_bit(leaf->bitmap, KHO_LEAF_BITS, bit);
		err = kho_radix_decode_key(key | bit, &block, &order);
		if (err)
			return err;
		err = ops->run(block, order, end - bit, arg);
		if (err)
			return err;
	}
	return 0;
}

static int kho_radix_walk_leaf(phys_addr_t phys, unsigned long key,
			       const struct kho_radix_walk_ops *ops, void *arg)
{
	struct kho_radix_leaf *leaf = phys_to_virt(phys);
	unsigned int order;
	phys_addr_t block;
	unsigned long bit;
	int err;

	if (ops->run)
		return kho_radix_walk_runs(leaf, key, ops, arg);
	if (!ops->block)
		return 0;
	for_each_set_bit(bit, leaf->bitmap, KHO_LEAF_BITS) {
		err = kho_radix_decode_key(key | bit, &block, &order);
		if (err)
			return err;
		err = ops->block(block, order, arg);
		if (err)
			return err;
	}
	return 0;
}

/*
 * A map from another kernel may link a node back to itself or to one above
 * it, and a walk of it would never end: @path holds the nodes above @level.
 */
static bool kho_radix_links_back(phys_addr_t child, const phys_addr_t *path,
				 unsigned int level)
{
	for (; level <= KHO_ROOT_LEVEL; level++)
		if (path[level] == child)
			return true;
	return false;
}

static int kho_radix_walk_node(phys_addr_t phys, unsigned int level,
			       unsigned long key, phys_addr_t *path,
			       const struct kho_radix_walk_ops *ops, void *arg)
{
	struct kho_radix_node *node = phys_to_virt(phys);
	unsigned long child_key;
	unsigned int idx;
	phys_addr_t child;
	int err;

	path[level] = phys;
	for (idx = 0; idx < KHO_TABLE_ENTRIES; idx++) {
		child = node->table[idx];
		if (!child)
			continue;
		if (kho_radix_links_back(child, path, level)) {
			pr_warn("memory map node %pa links back to a node above it\n",
				&child);
			return -ELOOP;
		}
		if (ops->node) {
			err = ops->node(child, arg);
			if (err)
				return err;
		}
		child_key = key | ((unsigned long)idx <<
			((level - 1) * KHO_TABLE_SIZE_LOG2 + KHO_BITMAP_SIZE_LOG2));
		if (level == 1)
			err = kho_radix_walk_leaf(child, child_key, ops, arg);
		else
			err = kho_radix_walk_node(child, level - 1, child_key,
						  path, ops, arg);
		if (err)
			return err;
		if (ops->node_done)
			ops->node_done(child, arg);
	}
	return 0;
}

/**
 * kho_radix_walk - visit every node and preserved block of a map
 * @root: physical address of the root node
 * @ops: what to call, each optional; @ops->node may refuse a node before
 *	 it is read
 * @arg: passed to every call
 *
 * Every node must be in the direct map: a map that came from another
 * kernel is only walked with an @ops->node that checks each address.
 *
 * Return: 0, -EINVAL for a key no order fits, -ELOOP for a node that links
 * back to one above it, or what a callback returned.
 */
int kho_radix_walk(phys_addr_t root, const struct kho_radix_walk_ops *ops,
		   void *arg)
{
	phys_addr_t path[KHO_TREE_MAX_DEPTH];
	int err;

	if (ops->node) {
		err = ops->node(root, arg);
		if (err)
			return err;
	}
	err = kho_radix_walk_node(root, KHO_ROOT_LEVEL, 0, path, ops, arg);
	if (!err && ops->node_done)
		ops->node_done(root, arg);
	return err;
}
