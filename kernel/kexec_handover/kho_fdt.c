// SPDX-License-Identifier: GPL-2.0-only
/*
 * The root FDT of Kexec HandOver: written by the running kernel for the
 * next, read by the next. Pure functions over a buffer, so that KUnit
 * can try them on anything.
 */

#include <linux/align.h>
#include <linux/array_size.h>
#include <linux/libfdt.h>
#include <linux/list.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <linux/xxhash.h>

#include "kho_internal.h"

static int kho_fdt_add_subtree(void *fdt, const struct kho_subtree *sub)
{
	u64 phys = sub->phys;
	int err;

	err = fdt_begin_node(fdt, sub->name);
	if (err)
		return err;
	err = fdt_property(fdt, KHO_SUB_TREE_PROP_NAME, &phys, sizeof(phys));
	if (err)
		return err;
	err = fdt_property(fdt, KHO_SUB_TREE_SIZE_PROP_NAME, &sub->size,
			   sizeof(sub->size));
	if (err)
		return err;
	return fdt_end_node(fdt);
}

/**
 * kho_fdt_build - write the root FDT
 * @fdt: buffer
 * @fdt_size: its size
 * @map: physical address of the preserved memory map's root
 * @subtrees: &struct kho_subtree entries, in the order to write them;
 *	those without a blob are left out
 *
 * The properties hold host-endian u64 values, as the kho-v3 format has
 * them.
 *
 * Return: 0, or -ENOSPC when the tree does not fit in @fdt_size bytes.
 */
int kho_fdt_build(void *fdt, size_t fdt_size, phys_addr_t map,
		  struct list_head *subtrees)
{
	const struct kho_subtree *sub;
	u64 map_phys = map;
	int err;

	err = fdt_create(fdt, fdt_size);
	err = err ?: fdt_finish_reservemap(fdt);
	err = err ?: fdt_begin_node(fdt, "");
	err = err ?: fdt_property_string(fdt, "compatible", KHO_FDT_COMPATIBLE);
	err = err ?: fdt_property(fdt, KHO_FDT_MEMORY_MAP_PROP_NAME, &map_phys,
				  sizeof(map_phys));
	list_for_each_entry(sub, subtrees, list) {
		if (err)
			break;
		/* A serializer's subtree has no blob until kexec -e */
		if (sub->phys)
			err = kho_fdt_add_subtree(fdt, sub);
	}
	err = err ?: fdt_end_node(fdt);
	err = err ?: fdt_finish(fdt);
	if (err == -FDT_ERR_NOSPACE)
		return -ENOSPC;
	return err ? -EINVAL : 0;
}

/**
 * kho_fdt_check - is this a root FDT this kernel can read
 * @fdt: the FDT
 * @fdt_size: bytes that may be read at @fdt
 * @map: set to the physical address of the preserved memory map
 *
 * Return: 0; -EINVAL for a damaged FDT or a missing or malformed memory
 * map property; -EPROTO for another compatible (another format version).
 */
int kho_fdt_check(const void *fdt, size_t fdt_size, phys_addr_t *map)
{
	const void *prop;
	int len;

	if (fdt_size < sizeof(struct fdt_header) || fdt_check_header(fdt) ||
	    fdt_totalsize(fdt) > fdt_size)
		return -EINVAL;
	if (fdt_node_check_compatible(fdt, 0, KHO_FDT_COMPATIBLE))
		return -EPROTO;
	prop = fdt_getprop(fdt, 0, KHO_FDT_MEMORY_MAP_PROP_NAME, &len);
	if (!prop || len != sizeof(u64))
		return -EINVAL;
	*map = get_unaligned((const u64 *)prop);
	if (!*map || !IS_ALIGNED(*map, PAGE_SIZE))
		return -EINVAL;
	return 0;
}

/**
 * kho_fdt_find - look up a subtree of a root FDT
 * @fdt: a root FDT that passed kho_fdt_check()
 * @name: the subtree's name
 * @phys: set to the physical address of its blob
 * @size: set to the blob's size
 *
 * A blob at physical address 0 is how a serializer's subtree looks before
 * kexec -e writes it, never a blob that was handed over: malformed.
 *
 * Return: 0, -ENOENT when there is no such subtree, -EINVAL when it is
 * malformed.
 */
int kho_fdt_find(const void *fdt, const char *name, phys_addr_t *phys,
		 u64 *size)
{
	const void *prop;
	int node, len;

	node = fdt_subnode_offset(fdt, 0, name);
	if (node < 0)
		return -ENOENT;
	prop = fdt_getprop(fdt, node, KHO_SUB_TREE_PROP_NAME, &len);
	if (!prop || len != sizeof(u64))
		return -EINVAL;
	*phys = get_unaligned((const u64 *)prop);
	if (!*phys)
		return -EINVAL;
	prop = fdt_getprop(fdt, node, KHO_SUB_TREE_SIZE_PROP_NAME, &len);
	if (!prop || len != sizeof(u64))
		return -EINVAL;
	*size = get_unaligned((const u64 *)prop);
	return 0;
}

/**
 * kho_segment_seal - make a written segment valid for the next kernel
 * @seg: the segment, its &struct kho_segment_header at the start
 * @size: the segment's size
 * @used: bytes from @seg that hold the FDT and the blobs
 *
 * The magic goes last: a segment whose writing failed half way, and whose
 * magic was cleared before, is never taken for a valid one.
 */
void kho_segment_seal(void *seg, size_t size, size_t used)
{
	struct kho_segment_header *hdr = seg;

	hdr->size = size;
	hdr->used = used;
	hdr->xxh64 = xxh64((const char *)seg + KHO_SEGMENT_HEADER_SIZE,
			   used - KHO_SEGMENT_HEADER_SIZE, 0);
	memset(hdr->reserved, 0, sizeof(hdr->reserved));
	hdr->magic = KHO_SEGMENT_MAGIC;
}

/**
 * kho_segment_check_header - is this the header of a sealed segment
 * @hdr: the header
 * @size: bytes the segment may have, header included
 * @used: set to the bytes the header says are used
 *
 * Only the header: the checksum is kho_segment_check_sum()'s.
 *
 * Return: 0; -ENODATA without the magic; -EINVAL for sizes that do not
 * hold together (larger than @size, too small for an FDT, or reserved
 * fields set).
 */
int kho_segment_check_header(const struct kho_segment_header *hdr,
			     size_t size, size_t *used)
{
	unsigned int i;

	if (size < KHO_SEGMENT_HEADER_SIZE || hdr->magic != KHO_SEGMENT_MAGIC)
		return -ENODATA;
	for (i = 0; i < ARRAY_SIZE(hdr->reserved); i++)
		if (hdr->reserved[i])
			return -EINVAL;
	if (hdr->size > size || hdr->used > hdr->size ||
	    hdr->used < KHO_SEGMENT_HEADER_SIZE + sizeof(struct fdt_header))
		return -EINVAL;
	*used = hdr->used;
	return 0;
}

/**
 * kho_segment_check_sum - do the used bytes of a segment match its header
 * @seg: a segment whose header passed kho_segment_check_header()
 *
 * Return: 0, or -EBADMSG.
 */
int kho_segment_check_sum(const void *seg)
{
	const struct kho_segment_header *hdr = seg;

	if (xxh64((const char *)seg + KHO_SEGMENT_HEADER_SIZE,
		  hdr->used - KHO_SEGMENT_HEADER_SIZE, 0) != hdr->xxh64)
		return -EBADMSG;
	return 0;
}
