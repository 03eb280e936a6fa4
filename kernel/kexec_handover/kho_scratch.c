// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kexec HandOver: the scratch areas.
 *
 * This kernel reserves its scratch areas as CMA at boot, so they only ever
 * hold movable pages: the next kernel can boot in them, and kexec_file
 * places the segments of a handover image there.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/cma.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/kexec_handover.h>
#include <linux/memblock.h>
#include <linux/nodemask.h>

#include "kexec_handover_internal.h"

/*
 * kho_scratch=N% scales the scratch areas with what this kernel has
 * allocated from memblock when they are reserved (see kho_scratch_basis());
 * kho_scratch=LOW,GLOBAL,PERNODE gives their sizes: below 4 GiB, anywhere,
 * and on each online node.
 */
static unsigned int kho_scratch_scale __initdata = 200;
static phys_addr_t kho_scratch_size[3] __initdata;

static int __init kho_parse_scratch(char *p)
{
	phys_addr_t sizes[3], total = 0;
	char *end;
	int i;

	if (!p || !*p)
		return -EINVAL;
	if (p[strlen(p) - 1] == '%') {
		char digits[11] = { };
		unsigned int scale;

		if (strlen(p) > sizeof(digits))
			return -EINVAL;
		memcpy(digits, p, strlen(p) - 1);
		if (kstrtouint(digits, 10, &scale) || !scale)
			return -EINVAL;
		kho_scratch_scale = scale;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		if (i && *p++ != ',')
			return -EINVAL;
		sizes[i] = memparse(p, &end);
		if (end == p)
			return -EINVAL;
		total += sizes[i];
		p = end;
	}
	if (*p || !total)
		return -EINVAL;
	memcpy(kho_scratch_size, sizes, sizeof(sizes));
	kho_scratch_scale = 0;
	return 0;
}
early_param("kho_scratch", kho_parse_scratch);

/*
 * Memblock reservations that are not this kernel's allocations: what the
 * firmware, the boot loader and the kernel image held when memblock
 * learned the memory, and what the previous kernel preserved.
 */
phys_addr_t kho_reserved_not_ours __initdata;

/*
 * What the next kernel allocates before it can read a handover: about
 * what this one has allocated from memblock so far, its CMA areas
 * included, plus a memory map, which this kernel allocates only later.
 * An upstream successor reserves its CMA areas, and may allocate its
 * memory map, while it is still confined to scratch. Preserved memory is
 * reserved too, but never comes out of scratch.
 */
static phys_addr_t __init kho_scratch_basis(void)
{
	phys_addr_t memmap = PHYS_PFN(memblock_phys_mem_size()) *
			     sizeof(struct page);
	phys_addr_t reserved = memblock_reserved_size();

	if (reserved < kho_reserved_not_ours)
		return memmap;
	return reserved - kho_reserved_not_ours + memmap;
}

static void __init kho_scratch_sizes(phys_addr_t *low, phys_addr_t *global,
				     phys_addr_t *pernode)
{
	if (kho_scratch_scale) {
		*low = 0;
		*global = kho_scratch_basis() * kho_scratch_scale / 100;
		*pernode = 0;
	} else {
		*low = kho_scratch_size[0];
		*global = kho_scratch_size[1];
		*pernode = kho_scratch_size[2];
	}
	*low = round_up(*low, CMA_MIN_ALIGNMENT_BYTES);
	*global = round_up(*global, CMA_MIN_ALIGNMENT_BYTES);
	*pernode = round_up(*pernode, CMA_MIN_ALIGNMENT_BYTES);
}

static int __init kho_declare_scratch(phys_addr_t size, phys_addr_t limit,
				      int nid)
{
	struct kho_scratch *area = &kho_out.scratch[kho_out.nr_scratch];
	char name[24];
	struct cma *cma;
	int err;

	if (!size)
		return 0;
	snprintf(name, sizeof(name), "kho_scratch%u", kho_out.nr_scratch);
	err = cma_declare_contiguous_nid(0, size, limit,
					 CMA_MIN_ALIGNMENT_BYTES, 0, false,
					 name, &cma, nid);
	if (err == -ENOSPC)
		pr_err("no CMA area left for %s: CONFIG_CMA_AREAS is %d\n",
		       name, MAX_CMA_AREAS);
	if (err)
		return err;
	area->addr = cma_get_base(cma);
	area->size = cma_get_size(cma);
	kho_out.scratch_cma[kho_out.nr_scratch++] = cma;
	pr_info("scratch area %u: %pa+%pa\n", kho_out.nr_scratch - 1,
		&area->addr, &area->size);
	return 0;
}

/**
 * kho_reserve_scratch - reserve this kernel's scratch areas as CMA
 *
 * Called by the architecture once memblock knows all memory and the
 * previous kernel's preserved memory is reserved. The areas are CMA, so
 * only movable allocations use them and the next kernel can boot in them.
 */
void __init kho_reserve_scratch(void)
{
	phys_addr_t low, global, pernode;
	int nid, err;

	if (!kho_enable)
		return;
	kho_scratch_sizes(&low, &global, &pernode);
	err = kho_declare_scratch(low, (phys_addr_t)ARCH_LOW_ADDRESS_LIMIT + 1,
				  NUMA_NO_NODE);
	if (!err)
		err = kho_declare_scratch(global, 0, NUMA_NO_NODE);
	for_each_online_node(nid) {
		if (err)
			break;
		err = kho_declare_scratch(pernode, 0, nid);
	}
	if (!err && !kho_out.nr_scratch)
		err = -EINVAL;
	if (err) {
		pr_err("cannot reserve the scratch areas (%d): handover off\n",
		       err);
		kho_enable = false;
	}
}

/**
 * kho_scratch_areas - this kernel's scratch areas, for the next kernel
 * @areas: filled with up to @max areas
 * @max: room in @areas
 *
 * Return: the number of areas written.
 */
unsigned int kho_scratch_areas(struct kho_scratch *areas, unsigned int max)
{
	unsigned int n = min(max, kho_out.nr_scratch);

	memcpy(areas, kho_out.scratch, n * sizeof(*areas));
	return n;
}

/**
 * kho_scratch_cmas - the scratch areas, for kexec_file to place segments in
 * @areas: set to the array of this kernel's scratch CMA areas
 *
 * Return: the number of areas in @areas; 0 without kho=on.
 */
unsigned int kho_scratch_cmas(struct cma *const **areas)
{
	*areas = kho_out.scratch_cma;
	return kho_enable ? kho_out.nr_scratch : 0;
}

static int kho_walk_scratch(struct kexec_buf *kbuf,
			    int (*func)(struct resource *res, void *arg))
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < kho_out.nr_scratch && !ret; i++) {
		struct resource res = {
			.start = kho_out.scratch[i].addr,
			.end = kho_out.scratch[i].addr +
			       kho_out.scratch[i].size - 1,
			.flags = IORESOURCE_SYSTEM_RAM,
		};

		ret = func(&res, kbuf);
	}
	return ret;
}

/**
 * kho_locate_mem_hole - find a copy-path destination for a handover image
 * @kbuf: the buffer to place
 * @func: kexec_file's hole callback
 *
 * A segment that is copied at the jump must not land on preserved memory,
 * and the old kernel may have allocated any page outside the scratch
 * areas, so with KHO on such segments go to scratch only.
 *
 * Return: 1 when KHO does not apply, 0 when placed, -EADDRNOTAVAIL.
 */
int kho_locate_mem_hole(struct kexec_buf *kbuf,
			int (*func)(struct resource *res, void *arg))
{
	if (!kho_enable || kbuf->image->type == KEXEC_TYPE_CRASH)
		return 1;
	return kho_walk_scratch(kbuf, func) == 1 ? 0 : -EADDRNOTAVAIL;
}
