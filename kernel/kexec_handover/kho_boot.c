// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kexec HandOver: the incoming handover, at boot.
 *
 * The architecture passes the previous kernel's root FDT and scratch
 * areas while it parses its boot data; memblock then allocates from
 * scratch only until the preserved memory map has been checked and
 * reserved, and the first page of each preserved block is tagged for
 * restore once struct pages exist.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/init.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/mm.h>

#include "kexec_handover_internal.h"

/*
 * An upstream kernel lists an area for low memory, one anywhere and one
 * per node of its own NODES_SHIFT, at most 10 on any architecture: more
 * than this kernel may have. They are needed only until the preserved
 * memory is reserved.
 */
#define KHO_SCRATCH_IN_MAX	((1 << 10) + 2)

static struct kho_scratch kho_in_scratch_areas[KHO_SCRATCH_IN_MAX] __initdata;
static unsigned int kho_in_nr_scratch __initdata;

/*
 * An FDT that is not page aligned follows the header of the segment it
 * was written to at kexec -e: check the header, not yet the checksum,
 * which needs the direct map. The size handed over is the FDT's room,
 * not the segment's: the header says that.
 */
static int __init kho_in_segment_header(phys_addr_t fdt_phys)
{
	phys_addr_t seg = fdt_phys - KHO_SEGMENT_HEADER_SIZE;
	struct kho_segment_header *hdr;
	size_t used;
	int err;

	if (!PAGE_ALIGNED(seg)) {
		pr_warn("handover FDT at %pa is neither page aligned nor after a segment header: ignoring it\n",
			&fdt_phys);
		return -EINVAL;
	}
	hdr = early_memremap(seg, sizeof(*hdr));
	if (!hdr) {
		pr_warn("cannot map the handover segment at %pa: ignoring it\n",
			&seg);
		return -ENOMEM;
	}
	err = kho_segment_check_header(hdr, KHO_SEGMENT_MAX_SIZE, &used);
	early_memunmap(hdr, sizeof(*hdr));
	if (err) {
		pr_warn("handover segment at %pa has %s: ignoring it\n", &seg,
			err == -ENODATA ? "no valid header, kexec -e did not finish writing it" :
					  "a header with impossible sizes");
		return err;
	}
	kho_in.segment = seg;
	kho_in.segment_used = used;
	return 0;
}

/*
 * Upstream kernels list an area for low memory and one per node even when
 * kho_scratch= sized them 0: such an area holds nothing to boot in.
 */
static unsigned int __init kho_in_copy_scratch(const struct kho_scratch *scratch,
					       unsigned int nr)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr; i++)
		if (scratch[i].size)
			kho_in_scratch_areas[n++] = scratch[i];
	return n;
}

/**
 * kho_populate - note the handover the previous kernel passed
 * @fdt_phys: its root FDT
 * @fdt_size: bytes at @fdt_phys
 * @scratch_phys: its array of &struct kho_scratch
 * @scratch_size: bytes of the array
 *
 * Called by the architecture while parsing its boot data, before memblock
 * knows the memory: only the FDT header, compatible and scratch array
 * are checked here.
 */
void __init kho_populate(phys_addr_t fdt_phys, u64 fdt_size,
			 phys_addr_t scratch_phys, u64 scratch_size)
{
	unsigned int nr = scratch_size / sizeof(struct kho_scratch);
	void *fdt, *scratch;
	int err;

	if (!nr || nr > KHO_SCRATCH_IN_MAX ||
	    scratch_size % sizeof(struct kho_scratch)) {
		pr_warn("handover has %llu bytes of scratch areas: ignoring it\n",
			scratch_size);
		return;
	}
	if (!PAGE_ALIGNED(fdt_phys)) {
		if (kho_in_segment_header(fdt_phys))
			return;
		fdt_size = kho_in.segment_used - KHO_SEGMENT_HEADER_SIZE;
	}
	fdt_size = min_t(u64, fdt_size, KHO_FDT_MAX_SIZE);
	fdt = early_memremap(fdt_phys, fdt_size);
	if (!fdt) {
		pr_warn("cannot map the handover FDT at %pa (%llu bytes): ignoring it\n",
			&fdt_phys, fdt_size);
		return;
	}
	err = kho_fdt_check(fdt, fdt_size, &kho_in.map);
	if (err == -EPROTO)
		pr_warn("handover FDT is '%.32s', this kernel reads '%s': ignoring it\n",
			(const char *)fdt_getprop(fdt, 0, "compatible", NULL) ?: "",
			KHO_FDT_COMPATIBLE);
	else if (err)
		pr_warn("handover FDT at %pa is malformed: ignoring it\n",
			&fdt_phys);
	early_memunmap(fdt, fdt_size);
	if (err)
		return;

	scratch = early_memremap(scratch_phys, scratch_size);
	if (!scratch) {
		pr_warn("cannot map the scratch areas at %pa: ignoring the handover\n",
			&scratch_phys);
		return;
	}
	nr = kho_in_copy_scratch(scratch, nr);
	early_memunmap(scratch, scratch_size);
	if (!nr) {
		pr_warn("handover has only empty scratch areas: ignoring it\n");
		return;
	}
	kho_in_nr_scratch = nr;
	kho_in.fdt_phys = fdt_phys;
}

static void __init kho_in_drop(const char *why)
{
	pr_warn("%s: ignoring the handover, preserved memory is free memory\n",
		why);
	if (kho_in.segment_reserved)
		memblock_phys_free(kho_in.segment, PAGE_ALIGN(kho_in.segment_used));
	kho_in.segment_reserved = false;
	kho_in.segment = 0;
	kho_in.fdt_phys = 0;
	kho_in_nr_scratch = 0;
}

/**
 * kho_memblock_setup - boot in scratch only
 *
 * Called right after memblock learned the memory: from now until
 * kho_reserve_preserved() every memblock allocation comes from the
 * scratch areas (and the first MiB, which never holds preserved memory),
 * so none lands on memory the previous kernel preserved. What memblock
 * holds already is not this kernel's allocation, and neither is the
 * preserved memory: the default scratch size leaves both out.
 */
void __init kho_memblock_setup(void)
{
	unsigned int i;

	kho_reserved_not_ours = memblock_reserved_size();
	if (!kho_in.fdt_phys)
		return;
	if (!kho_enable)
		return kho_in_drop("booted without kho=on");
	for (i = 0; i < kho_in_nr_scratch; i++) {
		struct kho_scratch *area = &kho_in_scratch_areas[i];

		if (!area->size || !PAGE_ALIGNED(area->addr | area->size) ||
		    !memblock_is_region_memory(area->addr, area->size))
			return kho_in_drop("a scratch area is not RAM");
	}
	if (kho_in.segment) {
		phys_addr_t size = PAGE_ALIGN(kho_in.segment_used);

		if (!memblock_is_region_memory(kho_in.segment, size) ||
		    memblock_is_region_reserved(kho_in.segment, size) ||
		    memblock_reserve(kho_in.segment, size))
			return kho_in_drop("the handover segment is not free RAM");
		kho_in.segment_reserved = true;
	}
	for (i = 0; i < kho_in_nr_scratch; i++)
		memblock_mark_kho_scratch(kho_in_scratch_areas[i].addr,
					  kho_in_scratch_areas[i].size);
	memblock_mark_kho_scratch(0, SZ_1M);
	memblock_set_kho_scratch_only(true);
}

static bool __init kho_in_scratch(phys_addr_t phys, phys_addr_t size)
{
	const struct kho_scratch *area = kho_in_scratch_areas;

	for (; area < kho_in_scratch_areas + kho_in_nr_scratch; area++)
		if (memblock_addrs_overlap(phys, size, area->addr, area->size))
			return true;
	return false;
}

/* Why a range the previous kernel listed cannot be taken, or NULL */
static const char * __init kho_in_bad_range(phys_addr_t phys,
					    phys_addr_t size)
{
	if (!memblock_is_region_memory(phys, size))
		return "is not RAM";
	if (kho_in_scratch(phys, size))
		return "lies in a scratch area";
	if (memblock_is_region_reserved(phys, size))
		return "overlaps memory in use at boot";
	return NULL;
}

/*
 * Blocks come in address order within each order, so the walk joins
 * adjacent blocks into runs and checks and reserves a run at a time:
 * memblock's cost grows with its number of regions, not of blocks.
 */
struct kho_in_walk {
	bool reserve;
	bool fdt_preserved;
	unsigned long nr_blocks;
	unsigned long nr_nodes;
	unsigned long max_nodes;
	unsigned long nr_runs;
	u64 bytes;
	u64 segment_bytes;
	phys_addr_t run_start, run_end;
};

/*
 * A previous kernel lists the used part of its segment in the map too,
 * for a next kernel that does not know segments (upstream): here that
 * part is reserved already, and no block of it is restorable.
 */
static phys_addr_t __init kho_in_segment_end(void)
{
	if (!kho_in.segment_reserved)
		return 0;
	return kho_in.segment + PAGE_ALIGN(kho_in.segment_used);
}

static bool __init kho_in_segment_has(phys_addr_t phys)
{
	return kho_in.segment <= phys && phys < kho_in_segment_end();
}

/* How many of @nr blocks at @phys lie in the segment; -EINVAL if one straddles it */
static long __init kho_in_segment_blocks(phys_addr_t phys, unsigned int order,
					 unsigned long nr)
{
	phys_addr_t block = PAGE_SIZE << order, end = phys + block * nr;
	phys_addr_t start = max(phys, kho_in.segment);
	phys_addr_t stop = min(end, kho_in_segment_end());

	if (start >= stop)
		return 0;
	if ((start - phys) % block || (stop - phys) % block) {
		pr_warn("preserved block at %pa straddles the handover segment\n",
			&phys);
		return -EINVAL;
	}
	return (stop - start) / block;
}

/*
 * Whether [@base, @base + @size) overlaps a reserved region.
 * memblock_is_region_reserved() walks every region, and the reserve pass
 * adds a region per run: the reserved regions are sorted and disjoint, so
 * a binary search finds the first one that ends above @base.
 */
static bool __init kho_in_overlaps_reserved(phys_addr_t base,
					    phys_addr_t size)
{
	const struct memblock_type *type = &memblock.reserved;
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = lo + (hi - lo) / 2;
		const struct memblock_region *region = &type->regions[mid];

		if (region->base + region->size <= base)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < type->cnt && type->regions[lo].base < base + size;
}

/*
 * Preserved memory is reserved noinit, as upstream does: its struct pages
 * keep what memmap_init() wrote and are not made PageReserved one by one,
 * since a restore sets them up again anyway.
 */
static int __init kho_in_reserve_range(phys_addr_t start, phys_addr_t size)
{
	if (kho_in_overlaps_reserved(start, size)) {
		pr_warn("preserved range %pa+%pa is listed twice\n",
			&start, &size);
		return -EINVAL;
	}
	return memblock_reserve(start, size) ?:
	       memblock_reserved_mark_noinit(start, size);
}

static int __init kho_in_take_range(struct kho_in_walk *walk,
				    phys_addr_t start, phys_addr_t size)
{
	const char *why;

	walk->nr_runs++;
	if (walk->reserve)
		return kho_in_reserve_range(start, size);
	why = kho_in_bad_range(start, size);
	if (why) {
		pr_warn("preserved range %pa+%pa %s\n", &start, &size, why);
		return -EINVAL;
	}
	return 0;
}

/* Checks or reserves a run, less the part of it in the segment */
static int __init kho_in_flush_run(struct kho_in_walk *walk)
{
	phys_addr_t start = walk->run_start, end = walk->run_end;
	phys_addr_t seg = kho_in.segment, seg_end = kho_in_segment_end();
	int err = 0;

	if (start == end)
		return 0;
	walk->run_start = 0;
	walk->run_end = 0;
	if (end <= seg || seg_end <= start)
		return kho_in_take_range(walk, start, end - start);
	if (start < seg)
		err = kho_in_take_range(walk, start, seg - start);
	if (!err && seg_end < end)
		err = kho_in_take_range(walk, seg_end, end - seg_end);
	return err;
}

static int __init kho_in_node(phys_addr_t phys, void *arg)
{
	struct kho_in_walk *walk = arg;
	const char *why;

	if (walk->reserve)
		return memblock_reserve(phys, PAGE_SIZE);
	why = PAGE_ALIGNED(phys) ? kho_in_bad_range(phys, PAGE_SIZE) :
				   "is not page aligned";
	if (why) {
		pr_warn("memory map node %pa %s\n", &phys, why);
		return -EINVAL;
	}
	/* Nodes shared by many parents could make the walk endless too */
	if (++walk->nr_nodes > walk->max_nodes) {
		pr_warn("memory map has more nodes than memory has pages\n");
		return -E2BIG;
	}
	return 0;
}

static int __init kho_in_run(phys_addr_t phys, unsigned int order,
			     unsigned long nr, void *arg)
{
	phys_addr_t size = (PAGE_SIZE << order) * nr;
	struct kho_in_walk *walk = arg;
	long in_segment;
	int err;

	in_segment = kho_in_segment_blocks(phys, order, nr);
	if (in_segment < 0)
		return in_segment;
	if (walk->run_end && phys == walk->run_end) {
		walk->run_end += size;
	} else {
		err = kho_in_flush_run(walk);
		if (err)
			return err;
		walk->run_start = phys;
		walk->run_end = phys + size;
	}
	if (phys <= kho_in.fdt_phys && kho_in.fdt_phys < phys + size)
		walk->fdt_preserved = true;
	walk->nr_blocks += nr - in_segment;
	walk->bytes += size - (PAGE_SIZE << order) * in_segment;
	walk->segment_bytes += (PAGE_SIZE << order) * in_segment;
	return 0;
}

static const struct kho_radix_walk_ops kho_in_walk_ops __initconst = {
	.node = kho_in_node,
	.run = kho_in_run,
};

static void __init kho_in_unreserve(phys_addr_t phys, void *arg)
{
	memblock_phys_free(phys, PAGE_SIZE);
}

static int __init kho_in_unreserve_run(phys_addr_t phys, unsigned int order,
				       unsigned long nr, void *arg)
{
	memblock_phys_free(phys, (PAGE_SIZE << order) * nr);
	return 0;
}

static const struct kho_radix_walk_ops kho_in_unreserve_ops __initconst = {
	.run = kho_in_unreserve_run,
	.node_done = kho_in_unreserve,
};

/**
 * kho_reserve_preserved - reserve what the previous kernel preserved
 *
 * Called once the direct map covers all memory. The map is walked twice:
 * first every node and block is checked (RAM, outside scratch, not in use),
 * and only if all are fine, reserved. Then memblock may allocate anywhere.
 */
void __init kho_reserve_preserved(void)
{
	struct kho_in_walk walk = { }, reserve = { .reserve = true };
	int err;

	if (!kho_in.fdt_phys)
		return;
	walk.max_nodes = PHYS_PFN(memblock_phys_mem_size());
	if (kho_in.segment &&
	    kho_segment_check_sum(phys_to_virt(kho_in.segment))) {
		memblock_set_kho_scratch_only(false);
		return kho_in_drop("the handover segment's checksum is wrong");
	}
	err = kho_radix_walk(kho_in.map, &kho_in_walk_ops, &walk) ?:
	      kho_in_flush_run(&walk);
	/* Without a segment, the FDT must be in memory the map preserves */
	if (!err && !kho_in.segment && !walk.fdt_preserved) {
		pr_warn("the handover FDT is not in preserved memory\n");
		err = -EINVAL;
	}
	if (!err) {
		err = kho_radix_walk(kho_in.map, &kho_in_walk_ops, &reserve) ?:
		      kho_in_flush_run(&reserve);
		if (err)
			kho_radix_walk(kho_in.map, &kho_in_unreserve_ops, NULL);
	}
	memblock_set_kho_scratch_only(false);
	if (err)
		return kho_in_drop("the memory map is unusable");
	kho_in.accepted = true;
	kho_reserved_not_ours += walk.bytes;
	kho_in.nr_blocks = walk.nr_blocks;
	kho_in.nr_nodes = walk.nr_nodes;
	pr_info("handover accepted: %lu blocks in %lu runs, %llu KiB preserved; segment %zu bytes, %llu KiB of it in the map\n",
		walk.nr_blocks, walk.nr_runs, walk.bytes >> 10,
		kho_in.segment ? kho_in.segment_used : 0,
		walk.segment_bytes >> 10);
}

static int __init kho_in_tag_run(phys_addr_t phys, unsigned int order,
				 unsigned long nr, void *arg)
{
	unsigned long pfn = PHYS_PFN(phys), i;

	for (i = 0; i < nr; i++, pfn += 1UL << order)
		if (!kho_in_segment_has(PFN_PHYS(pfn)))
			set_page_private(pfn_to_page(pfn), KHO_PAGE_TAG(order));
	return 0;
}

static void __init kho_in_free_node(phys_addr_t phys, void *arg)
{
	free_reserved_page(pfn_to_page(PHYS_PFN(phys)));
}

static const struct kho_radix_walk_ops kho_in_tag_ops __initconst = {
	.run = kho_in_tag_run,
	.node_done = kho_in_free_node,
};

/*
 * The struct pages are initialized by now (memmap_init() covers preserved
 * memory too, CONFIG_DEFERRED_STRUCT_PAGE_INIT being off): mark the first
 * page of each preserved block with its order, so a restore needs no map,
 * and give the map's own pages back.
 */
static int __init kho_in_init(void)
{
	if (!kho_in.accepted)
		return 0;
	kho_radix_walk(kho_in.map, &kho_in_tag_ops, NULL);
	pr_info("restorable: %lu blocks; memory map freed: %lu pages\n",
		kho_in.nr_blocks, kho_in.nr_nodes);
	return 0;
}
early_initcall(kho_in_init);
