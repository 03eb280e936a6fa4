// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kexec HandOver: the segment the handover is written to at kexec -e.
 *
 * kexec_file_load() reserves it, in CMA where it can; kernel_kexec() has
 * the serializers write their blobs into it, then the root FDT, and seals
 * it with a checksum the next kernel checks. The used part is listed in
 * the map of preserved memory too, and left out of the scratch areas the
 * next kernel is handed: upstream kernels know no segment, boot in
 * scratch before they read the map, and keep only what the map lists.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/kexec.h>
#include <linux/kexec_cma.h>
#include <linux/kexec_handover.h>
#include <linux/ktime.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/syscore_ops.h>
#include <linux/workqueue.h>

#include "kexec_handover_internal.h"

/* The part of the segment the map lists, since the last kexec -e; kho_out.lock */
static phys_addr_t kho_listed_start, kho_listed_end;

/*
 * The segment the last kexec -e sealed, still mapped, for kho_reseal();
 * kho_out.lock. A copied segment stays mapped until the next kexec -e.
 */
static struct {
	void *seg;
	size_t size, used;
	bool mapped;
} kho_sealed;

/* Root FDT bytes: header, strings, root properties; and per subtree */
#define KHO_ROOT_FDT_BASE	512
#define KHO_ROOT_FDT_PER_NODE	64

/*
 * The segment: the header, the root FDT, then one page-aligned slice of
 * max_size bytes per serializer. Returns the bytes it needs and sets
 * *@fdt_room to the FDT's, at most KHO_FDT_MAX_SIZE: kho_fdt_build()
 * refuses a tree that needs more with -ENOSPC.
 */
static size_t kho_segment_layout(size_t *fdt_room)
{
	size_t fdt = KHO_ROOT_FDT_BASE, end;
	struct kho_subtree *sub;

	lockdep_assert_held(&kho_out.lock);
	list_for_each_entry(sub, &kho_out.subtrees, list)
		fdt += KHO_ROOT_FDT_PER_NODE + ALIGN(strlen(sub->name) + 1, 4);
	end = PAGE_ALIGN(KHO_SEGMENT_HEADER_SIZE + fdt);
	*fdt_room = min_t(size_t, end - KHO_SEGMENT_HEADER_SIZE,
			  KHO_FDT_MAX_SIZE);
	list_for_each_entry(sub, &kho_out.subtrees, list)
		if (sub->ser)
			end += PAGE_ALIGN(sub->ser->max_size);
	return end;
}

/**
 * kho_add_segment - reserve the segment the FDT is written to at kexec -e
 * @image: a kexec_file image being loaded
 *
 * kho_fdt_max= bytes, or when that is 0, what kho_segment_layout() needs
 * now plus a page for subtrees added later. Placed in CMA where it can
 * be, written in place then; otherwise copied at the jump like any other
 * segment. No digest covers it: the next kernel checks its checksum.
 *
 * Return: 0, also when KHO is off or @image is a crash image; or the
 * error of kexec_add_buffer().
 */
int kho_add_segment(struct kimage *image)
{
	struct kexec_buf kbuf = {
		.image = image,
		.buf_align = PAGE_SIZE,
		.buf_max = ULONG_MAX,
		.top_down = true,
		.mem = KEXEC_BUF_MEM_UNKNOWN,
		.unhashed = true,
		.kind = KEXEC_SEGMENT_KHO_FDT,
	};
	size_t size = READ_ONCE(kho_fdt_max), fdt_room;
	int err;

	if (!kho_enable || image->type == KEXEC_TYPE_CRASH)
		return 0;
	if (!size) {
		mutex_lock(&kho_out.lock);
		size = kho_segment_layout(&fdt_room) + PAGE_SIZE;
		mutex_unlock(&kho_out.lock);
	}
	kbuf.memsz = PAGE_ALIGN(size);
	err = kexec_add_buffer(&kbuf);
	if (err)
		return err;
	image->kho_segment_mem = kbuf.mem;
	image->kho_segment_memsz = kbuf.memsz;
	return 0;
}

/**
 * kho_scratch_trim - leave a range out of scratch areas
 * @areas: the areas
 * @nr: how many
 * @start: the range
 * @size: its size
 *
 * An area the range falls in keeps its larger side of it, so that the
 * number of areas stays the same.
 */
void kho_scratch_trim(struct kho_scratch *areas, unsigned int nr,
		      phys_addr_t start, phys_addr_t size)
{
	phys_addr_t end = start + size, below, above;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		phys_addr_t addr = areas[i].addr, area_end = addr + areas[i].size;

		if (end <= addr || area_end <= start)
			continue;
		below = start > addr ? start - addr : 0;
		above = area_end > end ? area_end - end : 0;
		if (below >= above) {
			areas[i].size = below;
		} else {
			areas[i].addr = end;
			areas[i].size = above;
		}
	}
}

/**
 * kho_image_scratch - the scratch areas to hand an image's kernel
 * @image: an image kho_add_segment() gave its segment
 * @areas: filled with up to @max areas
 * @max: room in @areas
 *
 * This kernel's scratch areas less the segment, which lies in one only
 * when the default CMA area could not take it: the next kernel allocates
 * from scratch, and its KASLR puts it there, before it reads the map that
 * keeps the segment.
 *
 * Return: the number of areas written.
 */
unsigned int kho_image_scratch(const struct kimage *image,
			       struct kho_scratch *areas, unsigned int max)
{
	unsigned int nr = kho_scratch_areas(areas, max);

	kho_scratch_trim(areas, nr, image->kho_segment_mem,
			 image->kho_segment_memsz);
	return nr;
}

/*
 * Lists [@start, @end) in the map instead of what the last kexec -e
 * listed: the blocks of a segment copied at the jump, or of one in CMA,
 * which kho_preserve_pages() would refuse.
 */
static int kho_list_segment(phys_addr_t start, phys_addr_t end)
{
	int err;

	lockdep_assert_held(&kho_out.lock);
	kho_unpreserve_range(PHYS_PFN(kho_listed_start),
			     PHYS_PFN(kho_listed_end));
	kho_listed_start = 0;
	kho_listed_end = 0;
	err = kho_preserve_range(PHYS_PFN(start), PHYS_PFN(end));
	if (err)
		return err;
	kho_listed_start = start;
	kho_listed_end = end;
	return 0;
}

/* Runs every serializer into its slice; the first error, or 0 */
static int kho_run_serializers(void *seg, size_t offset, bool parallel)
{
	struct kho_serializer *ser;
	struct kho_subtree *sub;
	int cpu = -1, err = 0;

	cpus_read_lock();
	list_for_each_entry(sub, &kho_out.subtrees, list) {
		ser = sub->ser;
		if (!ser)
			continue;
		ser->blob = seg + offset;
		offset += PAGE_ALIGN(ser->max_size);
		if (!parallel) {
			kho_serialize_work(&ser->work);
			continue;
		}
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
		queue_work_on(cpu, system_highpri_wq, &ser->work);
	}
	/*
	 * Only the choice of CPUs needs them online: the work of a CPU that
	 * goes offline runs on another, and a serializer may take the lock.
	 */
	cpus_read_unlock();
	list_for_each_entry(sub, &kho_out.subtrees, list) {
		ser = sub->ser;
		if (!ser)
			continue;
		if (parallel)
			flush_work(&ser->work);
		if (ser->result > (int)ser->max_size)
			ser->result = -ENOSPC;
		if (ser->result < 0 && !err) {
			pr_err("serializer %s failed (%d)\n", sub->name,
			       ser->result);
			err = ser->result;
		}
	}
	return err;
}

/* Points each serializer's subtree at its blob; returns the bytes used */
static size_t kho_serialized_subtrees(void *seg, phys_addr_t phys,
				      size_t used)
{
	struct kho_subtree *sub;

	list_for_each_entry(sub, &kho_out.subtrees, list) {
		if (!sub->ser)
			continue;
		sub->phys = phys + (sub->ser->blob - seg);
		sub->size = sub->ser->result;
		used = max_t(size_t, used, sub->ser->blob - seg + sub->size);
	}
	return used;
}

static void kho_forget_serialized(void)
{
	struct kho_subtree *sub;

	list_for_each_entry(sub, &kho_out.subtrees, list)
		if (sub->ser)
			sub->phys = 0;
}

static int kho_serialize_into(void *seg, phys_addr_t phys, size_t size,
			      size_t *used)
{
	size_t fdt_room, end;
	void *fdt = seg + KHO_SEGMENT_HEADER_SIZE;
	int err;

	((struct kho_segment_header *)seg)->magic = 0;
	end = kho_segment_layout(&fdt_room);
	if (end > size) {
		pr_err("the handover needs %zu bytes, kho_fdt_max gave %zu at load\n",
		       end, size);
		return -ENOSPC;
	}
	err = kho_run_serializers(seg, KHO_SEGMENT_HEADER_SIZE + fdt_room,
				  READ_ONCE(kho_parallel));
	if (!err) {
		*used = kho_serialized_subtrees(seg, phys, 0);
		err = kho_fdt_build(fdt, fdt_room,
				    virt_to_phys(kho_out.tree.root),
				    &kho_out.subtrees);
	}
	kho_forget_serialized();
	if (err)
		return err;
	*used = max_t(size_t, *used,
		      KHO_SEGMENT_HEADER_SIZE + fdt_totalsize(fdt));
	err = kho_list_segment(phys, phys + PAGE_ALIGN(*used));
	if (err)
		return err;
	kho_debug_corrupt(seg, false);
	kho_segment_seal(seg, size, *used);
	return 0;
}

static void kho_forget_sealed(void)
{
	mutex_lock(&kho_out.lock);
	if (kho_sealed.mapped)
		kimage_unmap_segment(kho_sealed.seg);
	kho_sealed.seg = NULL;
	kho_sealed.mapped = false;
	mutex_unlock(&kho_out.lock);
}

/*
 * Device shutdown runs after kho_serialize(): a user that writes its blob
 * from a shutdown or reboot callback would break the checksum, and the
 * next kernel would drop the whole handover. Seal again once every device
 * is shut down. Syscore callbacks run in reverse order of registration,
 * and this one is registered at core_initcall, so after those of users.
 */
static void kho_reseal(void *data)
{
	if (!kexec_in_progress)
		return;
	mutex_lock(&kho_out.lock);
	if (kho_sealed.seg) {
		kho_segment_seal(kho_sealed.seg, kho_sealed.size,
				 kho_sealed.used);
		kho_debug_corrupt(kho_sealed.seg, true);
	}
	mutex_unlock(&kho_out.lock);
}

static const struct syscore_ops kho_reseal_ops = {
	.shutdown = kho_reseal,
};

static struct syscore kho_reseal_syscore = {
	.ops = &kho_reseal_ops,
};

static int __init kho_reseal_init(void)
{
	register_syscore(&kho_reseal_syscore);
	return 0;
}
core_initcall(kho_reseal_init);

/**
 * kho_serialize - write the handover into the image's segment
 * @image: the image kexec -e is about to boot
 *
 * Called by kernel_kexec() before anything is shut down: on an error the
 * system keeps running and the image stays loaded. The serializers run
 * in parallel, one per online CPU at a time, unless kho/out/parallel is
 * N; then the root FDT is written and the segment sealed. It is sealed
 * again once devices are shut down, so what a user writes to its blob
 * from a shutdown callback is handed over too.
 *
 * Return: 0, also without a segment; -ENOSPC when the handover is larger
 * than the segment; a serializer's error; -ENOMEM.
 */
int kho_serialize(struct kimage *image)
{
	unsigned long mem = image->kho_segment_mem;
	unsigned long memsz = image->kho_segment_memsz;
	struct page *cma_page;
	size_t used = 0;
	void *seg;
	u64 start;
	int err;

	kho_forget_sealed();
	if (!memsz)
		return 0;
	start = ktime_get_ns();
	/* In CMA the segment is contiguous and in the direct map */
	cma_page = kexec_cma_page(image, mem, memsz);
	seg = cma_page ? page_address(cma_page) :
			 kimage_map_segment(image, mem, memsz);
	if (!seg)
		return -ENOMEM;
	mutex_lock(&kho_out.lock);
	err = kho_serialize_into(seg, mem, memsz, &used);
	if (!err)
		kho_sealed = (typeof(kho_sealed)){ seg, memsz, used, !cma_page };
	mutex_unlock(&kho_out.lock);
	if (err) {
		if (!cma_page)
			kimage_unmap_segment(seg);
		pr_err("kexec -e refused (%d): the image stays loaded\n", err);
		return err;
	}
	pr_info("serialized into %zu of %lu bytes at 0x%lx in %llu us (%s)\n",
		used, memsz, mem, div_u64(ktime_get_ns() - start, NSEC_PER_USEC),
		READ_ONCE(kho_parallel) ? "parallel" : "serial");
	return 0;
}
