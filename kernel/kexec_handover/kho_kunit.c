// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit cases for Kexec HandOver: the memory map's encoding and walk, how a
 * range is cut into blocks, the root FDT, the scratch areas handed over
 * around the segment, a serializer registered twice, vmalloc areas and
 * zeroed allocations preserved in upstream's layout, and restore's
 * refusal of memory that was never preserved.
 */

#include <kunit/test.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/vmalloc.h>

#include "kexec_handover_internal.h"

struct kho_kunit_block {
	phys_addr_t phys;
	unsigned int order;
};

static const struct kho_kunit_block kho_kunit_blocks[] = {
	{ 0, 0 },
	{ SZ_4K, 0 },
	{ SZ_2M, 9 },
	{ SZ_2M, 0 },		/* same address, another order: another key */
	{ SZ_4M + SZ_8K, 1 },
	{ (phys_addr_t)SZ_1G * 3, 10 },
	{ (phys_addr_t)SZ_1G * 4, 13 },	/* above MAX_PAGE_ORDER, as upstream cuts */
	{ (phys_addr_t)1 << 40, 0 },
	{ ((phys_addr_t)1 << 46) - SZ_4K, 0 },
};

static void kho_kunit_key_round_trip(struct kunit *test)
{
	unsigned int i, order, got_order;
	unsigned long key;
	phys_addr_t phys, got;

	for (order = 0; order <= MAX_PHYSMEM_BITS - PAGE_SHIFT; order++) {
		for (i = 0; i < 64; i++) {
			phys = ((phys_addr_t)i * 0x1234567ULL << (PAGE_SHIFT + order)) &
			       (((phys_addr_t)1 << 52) - 1);
			phys &= ~((PAGE_SIZE << order) - 1);
			key = kho_radix_encode_key(phys, order);
			KUNIT_ASSERT_EQ(test, 0,
					kho_radix_decode_key(key, &got, &got_order));
			KUNIT_EXPECT_EQ(test, got, phys);
			KUNIT_EXPECT_EQ(test, got_order, order);
		}
	}
	/* No order bit, or one above order 0: not a key */
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_radix_decode_key(0, &got, &order));
	key = 1UL << (KHO_ORDER_0_LOG2 + 1);
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_radix_decode_key(key, &got, &order));
	/* A block larger than the physical address space: a corrupt map */
	order = MAX_PHYSMEM_BITS - PAGE_SHIFT + 1;
	key = 1UL << (KHO_ORDER_0_LOG2 - order);
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_radix_decode_key(key, &got, &order));
}

/*
 * Ranges of 8, 16 and 64 MiB at odd page offsets from a 128 MiB boundary
 * of RAM: the blocks tile the range, each aligned to its size, the largest
 * is the one upstream's rule gives, above MAX_PAGE_ORDER, and the orders
 * rise and fall by upstream's min(ctz(pfn), ilog2(remaining)).
 */
static void kho_kunit_block_order(struct kunit *test)
{
	static const struct {
		unsigned long mib, offset;
		unsigned int largest;
	} ranges[] = {
		{ 8, 1, 10 }, { 16, 3, 11 }, { 64, 5, 13 }, { 64, 0, 14 },
	};
	unsigned long base = PHYS_PFN(SZ_128M), pfn, end_pfn;
	unsigned int i, order, largest;

	KUNIT_ASSERT_TRUE(test, pfn_valid(base + PHYS_PFN(SZ_64M) + 5));
	for (i = 0; i < ARRAY_SIZE(ranges); i++) {
		pfn = base + ranges[i].offset;
		end_pfn = pfn + PHYS_PFN(ranges[i].mib * SZ_1M);
		largest = 0;
		while (pfn < end_pfn) {
			order = kho_block_order(pfn, end_pfn);
			KUNIT_EXPECT_EQ(test, order,
					min_t(unsigned int, __ffs(pfn),
					      ilog2(end_pfn - pfn)));
			KUNIT_EXPECT_EQ(test, pfn & ((1UL << order) - 1), 0);
			largest = max(largest, order);
			pfn += 1UL << order;
		}
		KUNIT_EXPECT_EQ(test, pfn, end_pfn);
		KUNIT_EXPECT_EQ_MSG(test, largest, ranges[i].largest,
				    "%lu MiB at page offset %lu", ranges[i].mib,
				    ranges[i].offset);
	}
}

struct kho_kunit_walk {
	struct kunit *test;
	unsigned int found[ARRAY_SIZE(kho_kunit_blocks)];
	unsigned int extra;
	unsigned int nodes;
	unsigned long longest_run;
};

static int kho_kunit_block(phys_addr_t phys, unsigned int order, void *arg)
{
	struct kho_kunit_walk *walk = arg;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(kho_kunit_blocks); i++) {
		if (kho_kunit_blocks[i].phys == phys &&
		    kho_kunit_blocks[i].order == order) {
			walk->found[i]++;
			return 0;
		}
	}
	walk->extra++;
	return 0;
}

static int kho_kunit_run(phys_addr_t phys, unsigned int order,
			 unsigned long nr, void *arg)
{
	struct kho_kunit_walk *walk = arg;
	unsigned long i;
	int err = 0;

	walk->longest_run = max(walk->longest_run, nr);
	for (i = 0; i < nr && !err; i++)
		err = kho_kunit_block(phys + i * (PAGE_SIZE << order), order, arg);
	return err;
}

static int kho_kunit_node(phys_addr_t phys, void *arg)
{
	struct kho_kunit_walk *walk = arg;

	walk->nodes++;
	return 0;
}

static void kho_kunit_free_node(phys_addr_t phys, void *arg)
{
	free_page((unsigned long)phys_to_virt(phys));
}

/* Every block but the first (deleted) found once, and @extra others */
static void kho_kunit_expect_blocks(struct kunit *test,
				    const struct kho_kunit_walk *walk,
				    unsigned int extra)
{
	unsigned int i;

	KUNIT_EXPECT_EQ(test, walk->found[0], 0);
	for (i = 1; i < ARRAY_SIZE(kho_kunit_blocks); i++)
		KUNIT_EXPECT_EQ_MSG(test, walk->found[i], 1, "block %u", i);
	KUNIT_EXPECT_EQ(test, walk->extra, extra);
}

static void kho_kunit_map_round_trip(struct kunit *test)
{
	static const struct kho_radix_walk_ops count_ops = {
		.node = kho_kunit_node,
		.block = kho_kunit_block,
	};
	static const struct kho_radix_walk_ops run_ops = {
		.run = kho_kunit_run,
	};
	static const struct kho_radix_walk_ops free_ops = {
		.node_done = kho_kunit_free_node,
	};
	struct kho_radix_tree tree = { };
	struct kho_kunit_walk walk = { .test = test }, runs = { .test = test };
	unsigned int i;

	mutex_init(&tree.lock);
	tree.root = (void *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tree.root);
	for (i = 0; i < ARRAY_SIZE(kho_kunit_blocks); i++)
		KUNIT_ASSERT_EQ(test, 0,
				kho_radix_add(&tree, kho_kunit_blocks[i].phys,
					      kho_kunit_blocks[i].order));
	kho_radix_del(&tree, kho_kunit_blocks[0].phys,
		      kho_kunit_blocks[0].order);

	KUNIT_EXPECT_EQ(test, 0,
			kho_radix_walk(virt_to_phys(tree.root), &count_ops, &walk));
	kho_kunit_expect_blocks(test, &walk, 0);
	/* The root and at least one path of five more nodes */
	KUNIT_EXPECT_GE(test, walk.nodes, KHO_TREE_MAX_DEPTH);

	/* Adjacent blocks come as one run; the runs cover the same blocks */
	KUNIT_ASSERT_EQ(test, 0, kho_radix_add(&tree, SZ_4M + SZ_16K, 1));
	KUNIT_EXPECT_EQ(test, 0,
			kho_radix_walk(virt_to_phys(tree.root), &run_ops, &runs));
	kho_kunit_expect_blocks(test, &runs, 1);
	KUNIT_EXPECT_EQ(test, runs.longest_run, 2);

	kho_radix_walk(virt_to_phys(tree.root), &free_ops, NULL);
}

static void kho_kunit_fdt(struct kunit *test)
{
	struct kho_subtree a = { .name = "alpha", .phys = SZ_1M, .size = 100 };
	struct kho_subtree b = { .name = "beta", .phys = SZ_2M, .size = 8 };
	phys_addr_t map, phys;
	LIST_HEAD(subtrees);
	u64 size, no_blob = 0;
	void *fdt;

	fdt = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fdt);
	list_add_tail(&a.list, &subtrees);
	list_add_tail(&b.list, &subtrees);
	KUNIT_ASSERT_EQ(test, 0, kho_fdt_build(fdt, PAGE_SIZE, SZ_64K,
					       &subtrees));

	KUNIT_ASSERT_EQ(test, 0, kho_fdt_check(fdt, PAGE_SIZE, &map));
	KUNIT_EXPECT_EQ(test, map, SZ_64K);
	KUNIT_ASSERT_EQ(test, 0, kho_fdt_find(fdt, "beta", &phys, &size));
	KUNIT_EXPECT_EQ(test, phys, SZ_2M);
	KUNIT_EXPECT_EQ(test, size, 8);
	KUNIT_ASSERT_EQ(test, 0, kho_fdt_find(fdt, "alpha", &phys, &size));
	KUNIT_EXPECT_EQ(test, phys, SZ_1M);
	KUNIT_EXPECT_EQ(test, size, 100);
	KUNIT_EXPECT_EQ(test, -ENOENT, kho_fdt_find(fdt, "gamma", &phys, &size));

	/* A blob at 0 is a serializer's subtree never written */
	KUNIT_ASSERT_EQ(test, 0,
			fdt_setprop_inplace(fdt, fdt_subnode_offset(fdt, 0, "beta"),
					    KHO_SUB_TREE_PROP_NAME, &no_blob,
					    sizeof(no_blob)));
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_fdt_find(fdt, "beta", &phys, &size));

	/* Shorter than it says, another version, no room */
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_fdt_check(fdt, 64, &map));
	KUNIT_ASSERT_EQ(test, 0, fdt_setprop_inplace(fdt, 0, "compatible",
						     "kho-v9", 7));
	KUNIT_EXPECT_EQ(test, -EPROTO, kho_fdt_check(fdt, PAGE_SIZE, &map));
	KUNIT_EXPECT_EQ(test, -ENOSPC, kho_fdt_build(fdt, 160, SZ_64K,
						     &subtrees));
}

static void kho_kunit_segment(struct kunit *test)
{
	struct kho_subtree a = { .name = "alpha", .phys = SZ_1M, .size = 100 };
	struct kho_segment_header *hdr;
	size_t size = 2 * PAGE_SIZE, used;
	LIST_HEAD(subtrees);
	void *seg, *fdt;

	seg = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seg);
	hdr = seg;
	fdt = seg + KHO_SEGMENT_HEADER_SIZE;
	list_add_tail(&a.list, &subtrees);
	KUNIT_ASSERT_EQ(test, 0, kho_fdt_build(fdt, PAGE_SIZE, SZ_64K,
					       &subtrees));
	used = KHO_SEGMENT_HEADER_SIZE + fdt_totalsize(fdt);

	/* Not sealed yet: no magic */
	KUNIT_EXPECT_EQ(test, -ENODATA, kho_segment_check_header(hdr, size,
								 &used));
	kho_segment_seal(seg, size, used);
	KUNIT_ASSERT_EQ(test, 0, kho_segment_check_header(hdr, size, &used));
	KUNIT_EXPECT_EQ(test, used, KHO_SEGMENT_HEADER_SIZE + fdt_totalsize(fdt));
	KUNIT_EXPECT_EQ(test, 0, kho_segment_check_sum(seg));

	/* A byte of the FDT changed after sealing */
	((u8 *)fdt)[fdt_totalsize(fdt) - 1] ^= 1;
	KUNIT_EXPECT_EQ(test, -EBADMSG, kho_segment_check_sum(seg));
	((u8 *)fdt)[fdt_totalsize(fdt) - 1] ^= 1;
	/* The unused tail is not covered */
	((u8 *)seg)[size - 1] ^= 1;
	KUNIT_EXPECT_EQ(test, 0, kho_segment_check_sum(seg));

	/* Sizes that do not hold together */
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_segment_check_header(hdr, size / 2,
								&used));
	hdr->used = size + 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_segment_check_header(hdr, size,
								&used));
	hdr->used = KHO_SEGMENT_HEADER_SIZE;
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_segment_check_header(hdr, size,
								&used));
	kho_segment_seal(seg, size, size);
	hdr->reserved[3] = 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_segment_check_header(hdr, size,
								&used));
}

/* Where a segment falls in a scratch area, the area keeps its larger side */
static void kho_kunit_scratch_trim(struct kunit *test)
{
	struct kho_scratch areas[] = {
		{ .addr = SZ_1G, .size = SZ_256M },
		{ .addr = SZ_2G, .size = SZ_64M },
	};

	/* Outside both, and touching the first one's end: nothing changes */
	kho_scratch_trim(areas, 2, SZ_1G + SZ_256M, SZ_1M);
	kho_scratch_trim(areas, 2, SZ_512M, SZ_1M);
	KUNIT_EXPECT_EQ(test, areas[0].addr, SZ_1G);
	KUNIT_EXPECT_EQ(test, areas[0].size, SZ_256M);
	KUNIT_EXPECT_EQ(test, areas[1].size, SZ_64M);

	/* At the top, as a top-down placement puts it */
	kho_scratch_trim(areas, 2, SZ_1G + SZ_256M - SZ_1M, SZ_1M);
	KUNIT_EXPECT_EQ(test, areas[0].addr, SZ_1G);
	KUNIT_EXPECT_EQ(test, areas[0].size, SZ_256M - SZ_1M);

	/* Near the bottom: the part above is kept */
	kho_scratch_trim(areas, 2, SZ_2G + SZ_4M, SZ_1M);
	KUNIT_EXPECT_EQ(test, areas[1].addr, SZ_2G + SZ_4M + SZ_1M);
	KUNIT_EXPECT_EQ(test, areas[1].size, SZ_64M - SZ_4M - SZ_1M);

	/* Over a whole area: it is left empty, which readers skip */
	kho_scratch_trim(areas, 2, SZ_2G, SZ_128M);
	KUNIT_EXPECT_EQ(test, areas[1].size, 0);
	KUNIT_EXPECT_EQ(test, areas[0].size, SZ_256M - SZ_1M);
}

static int kho_kunit_serialize(struct kho_serializer *ser, void *blob,
			       size_t size)
{
	return 0;
}

/* A serializer registered twice stays registered once, as it was */
static void kho_kunit_serializer_twice(struct kunit *test)
{
	struct kho_serializer ser = {
		.name = "kho-kunit-twice",
		.max_size = PAGE_SIZE,
		.serialize = kho_kunit_serialize,
	};
	struct kho_subtree *sub;

	if (!kho_is_enabled())
		kunit_skip(test, "booted without kho=on");
	KUNIT_ASSERT_EQ(test, 0, kho_register_serializer(&ser));
	sub = ser.sub;
	KUNIT_EXPECT_EQ(test, -EEXIST, kho_register_serializer(&ser));
	KUNIT_EXPECT_PTR_EQ(test, ser.sub, sub);
	kho_unregister_serializer(&ser);
	KUNIT_EXPECT_NULL(test, ser.sub);
	/* Gone from the list: the name is free again */
	KUNIT_ASSERT_EQ(test, 0, kho_register_serializer(&ser));
	kho_unregister_serializer(&ser);
	KUNIT_EXPECT_NULL(test, ser.sub);
}

struct kho_kunit_find {
	phys_addr_t phys;
	unsigned int order;
	bool found;
};

static int kho_kunit_find_block(phys_addr_t phys, unsigned int order,
				void *arg)
{
	struct kho_kunit_find *find = arg;

	find->found |= phys == find->phys && order == find->order;
	return 0;
}

/* Whether this kernel's map lists the block */
static bool kho_kunit_preserved(phys_addr_t phys, unsigned int order)
{
	static const struct kho_radix_walk_ops ops = {
		.block = kho_kunit_find_block,
	};
	struct kho_kunit_find find = { .phys = phys, .order = order };

	mutex_lock(&kho_out.tree.lock);
	kho_radix_walk(virt_to_phys(kho_out.tree.root), &ops, &find);
	mutex_unlock(&kho_out.tree.lock);
	return find.found;
}

/* A vmalloc area's pages and the page listing them, in upstream's layout */
static void kho_kunit_vmalloc(struct kunit *test)
{
	struct kho_vmalloc_chunk *chunk;
	struct kho_vmalloc v = { };
	void *area, *mapped;
	struct page *page;
	unsigned int i;

	if (!kho_is_enabled())
		kunit_skip(test, "booted without kho=on");
	area = vmalloc(3 * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_ASSERT_EQ(test, 0, kho_preserve_vmalloc(area, &v));
	KUNIT_EXPECT_EQ(test, v.total_pages, 3);
	KUNIT_EXPECT_EQ(test, v.order, 0);
	KUNIT_EXPECT_EQ(test, v.flags, KHO_VMALLOC_ALLOC);
	KUNIT_ASSERT_NE(test, v.first, 0);
	chunk = phys_to_virt(v.first);
	KUNIT_EXPECT_TRUE(test, kho_kunit_preserved(v.first, 0));
	for (i = 0; i < 3; i++) {
		page = vmalloc_to_page(area + i * PAGE_SIZE);
		KUNIT_EXPECT_EQ(test, chunk->phys[i], page_to_phys(page));
		KUNIT_EXPECT_TRUE(test, kho_kunit_preserved(page_to_phys(page), 0));
	}
	KUNIT_EXPECT_EQ(test, chunk->phys[3], 0);
	KUNIT_EXPECT_EQ(test, chunk->next, 0);
	kho_unpreserve_vmalloc(&v);
	KUNIT_EXPECT_EQ(test, v.first, 0);
	page = vmalloc_to_page(area);
	KUNIT_EXPECT_FALSE(test, kho_kunit_preserved(page_to_phys(page), 0));

	/* Not vmalloc()'s own: a vmap() of it, and no vmalloc area at all */
	mapped = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mapped);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, kho_preserve_vmalloc(mapped, &v));
	vunmap(mapped);
	KUNIT_EXPECT_EQ(test, -EINVAL, kho_preserve_vmalloc(&kho_out, &v));
	vfree(area);
}

static void kho_kunit_alloc_preserve(struct kunit *test)
{
	u8 *mem;

	if (!kho_is_enabled())
		kunit_skip(test, "booted without kho=on");
	KUNIT_EXPECT_EQ(test, -EINVAL, PTR_ERR(kho_alloc_preserve(0)));
	KUNIT_EXPECT_EQ(test, -E2BIG,
			PTR_ERR(kho_alloc_preserve(PAGE_SIZE << (MAX_PAGE_ORDER + 1))));
	mem = kho_alloc_preserve(PAGE_SIZE + 1);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mem));
	KUNIT_EXPECT_EQ(test, folio_order(virt_to_folio(mem)), 1);
	KUNIT_EXPECT_EQ(test, mem[0] | mem[2 * PAGE_SIZE - 1], 0);
	KUNIT_EXPECT_TRUE(test, kho_kunit_preserved(virt_to_phys(mem), 1));
	kho_unpreserve_free(mem);
	KUNIT_EXPECT_FALSE(test, kho_kunit_preserved(virt_to_phys(mem), 1));
}

static void kho_kunit_restore_refuses(struct kunit *test)
{
	struct page *page = alloc_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_EXPECT_NULL(test, kho_restore_folio(page_to_phys(page)));
	KUNIT_EXPECT_NULL(test, kho_restore_pages(page_to_phys(page), 1));
	KUNIT_EXPECT_EQ(test, page_ref_count(page), 1);
	__free_page(page);
	/* A page that is not RAM at all */
	KUNIT_EXPECT_NULL(test, kho_restore_folio(PFN_PHYS(max_pfn) + SZ_1G));
}

static struct kunit_case kho_kunit_cases[] = {
	KUNIT_CASE(kho_kunit_key_round_trip),
	KUNIT_CASE(kho_kunit_block_order),
	KUNIT_CASE(kho_kunit_map_round_trip),
	KUNIT_CASE(kho_kunit_fdt),
	KUNIT_CASE(kho_kunit_segment),
	KUNIT_CASE(kho_kunit_scratch_trim),
	KUNIT_CASE(kho_kunit_serializer_twice),
	KUNIT_CASE(kho_kunit_vmalloc),
	KUNIT_CASE(kho_kunit_alloc_preserve),
	KUNIT_CASE(kho_kunit_restore_refuses),
	{}
};

static struct kunit_suite kho_kunit_suite = {
	.name = "kexec_handover",
	.test_cases = kho_kunit_cases,
};

kunit_test_suite(kho_kunit_suite);

MODULE_DESCRIPTION("KUnit tests for Kexec HandOver");
MODULE_LICENSE("GPL");
