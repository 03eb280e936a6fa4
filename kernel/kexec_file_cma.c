// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_file: place segments in CMA
 *
 * The classic loader gathers each segment in random pages and leaves a page
 * list that relocate_kernel copies to the destination once every CPU but one
 * is stopped. A segment written at load time straight into a contiguous CMA
 * allocation needs no such copy, and since the old kernel owns that memory
 * until the jump, no DMA still aimed at free memory can land in it.
 *
 * A segment CMA cannot serve whole is claimed chunk by chunk in the range
 * chosen for it: the chunks had are written in place, the others take the
 * classic path. A segment none of whose chunks can be had takes it whole.
 * Every decision is recorded in the image; kexec_file_cma_claim.c claims
 * the ranges, kexec_file_cma_report.c reports the decisions.
 */

#define pr_fmt(fmt) "kexec_cma: " fmt

#include <linux/cma.h>
#include <linux/dma-map-ops.h>
#include <linux/fault-inject.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/kexec_handover.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>

#include "kexec_file_cma.h"
#include "kexec_internal.h"

static bool kexec_cma_enabled = true;
core_param(kexec_cma, kexec_cma_enabled, bool, 0644);

/* How long a segment's placement may migrate pages chunk by chunk */
static unsigned int kexec_cma_migrate_ms = 5000;
core_param(kexec_cma_migrate_ms, kexec_cma_migrate_ms, uint, 0644);

#ifdef CONFIG_FAIL_KEXEC_CMA
/* Loads happen long after boot: debugfs is knob enough, no boot option */
static DECLARE_FAULT_ATTR(fail_kexec_cma);

/*
 * Each segment that reaches CMA costs one unit of the attribute's space,
 * so space=N fails the N-th segment of a load to reach placement: a test
 * can aim at each segment in turn.
 */
static bool kexec_cma_should_fail(void)
{
	return should_fail(&fail_kexec_cma, 1);
}

static int __init kexec_cma_fault_init(void)
{
	fault_create_debugfs_attr("fail_kexec_cma", NULL, &fail_kexec_cma);
	return 0;
}
late_initcall(kexec_cma_fault_init);
#else
static bool kexec_cma_should_fail(void)
{
	return false;
}
#endif

static enum kexec_segment_kind kexec_segment_kind(const struct kexec_buf *kbuf)
{
	const struct kimage *image = kbuf->image;
	const char *kernel = image->kernel_buf;
	const char *buf = kbuf->buffer;

	/* A loader may skip headers: the kernel segment starts inside */
	if (buf && kernel && buf >= kernel && buf < kernel + image->kernel_buf_len)
		return KEXEC_SEGMENT_KERNEL;
	if (buf && buf == image->initrd_buf)
		return KEXEC_SEGMENT_INITRD;
	if (buf && buf == image->purgatory_info.purgatory_buf)
		return KEXEC_SEGMENT_PURGATORY;
	if (buf && buf == image->elf_headers)
		return KEXEC_SEGMENT_ELFCOREHDR;
	return kbuf->kind;
}

/*
 * The @i-th area a segment may go to, NULL after the last. A Kexec
 * HandOver image goes to the scratch areas first: the next kernel boots
 * in them and KASLR picks among them, so the kernel need not move. Then
 * the default area. The KHO FDT goes the other way round: it stays
 * reserved in the next kernel, so it had better not take scratch space
 * the next kernel boots in.
 */
static struct cma *kexec_cma_area(const struct kimage *image, u8 kind,
				  unsigned int i)
{
	struct cma *dflt = dev_get_cma_area(NULL);
	bool fdt = kind == KEXEC_SEGMENT_KHO_FDT;
	struct cma *const *scratch;
	unsigned int nr = 0;

	if (image->type != KEXEC_TYPE_CRASH)
		nr = kho_scratch_cmas(&scratch);
	if (dflt && fdt) {
		if (!i)
			return dflt;
		i--;
	}
	if (i < nr)
		return scratch[i];
	return !fdt && i == nr ? dflt : NULL;
}

static enum kexec_cma_reason kexec_cma_policy(const struct kexec_buf *kbuf)
{
	const struct kimage *image = kbuf->image;

	if (kbuf->mem != KEXEC_BUF_MEM_UNKNOWN)
		return KEXEC_CMA_FIXED;
	if (image->type == KEXEC_TYPE_CRASH)
		return KEXEC_CMA_CRASH;
	if (image->no_cma)
		return KEXEC_CMA_FLAG;
	if (!READ_ONCE(kexec_cma_enabled))
		return KEXEC_CMA_DISABLED;
	if (!kexec_cma_area(image, kexec_segment_kind(kbuf), 0))
		return KEXEC_CMA_NO_AREA;
	return KEXEC_CMA_PLACED;
}

/* The first area that serves; else why the last one did not */
static enum kexec_cma_reason kexec_cma_alloc(struct kexec_buf *kbuf,
					     struct kexec_placement *placement)
{
	u64 deadline = ktime_get_ns() +
		       (u64)READ_ONCE(kexec_cma_migrate_ms) * NSEC_PER_MSEC;
	enum kexec_cma_reason reason = KEXEC_CMA_NO_AREA;
	const struct kimage *image = kbuf->image;
	struct cma *cma;
	unsigned int i;

	if (kexec_cma_should_fail())
		return KEXEC_CMA_INJECTED;
	for (i = 0; (cma = kexec_cma_area(image, placement->kind, i)); i++) {
		reason = kexec_cma_alloc_from(cma, kbuf, placement, deadline);
		if (placement->cma_pages)
			break;
	}
	return reason;
}

/**
 * kexec_cma_place - try to place the next segment in CMA
 * @kbuf:	the buffer kexec_add_buffer() is adding
 *
 * Records in the image where the segment goes and why. On success
 * @kbuf->mem is the start of a CMA range owned by the image until
 * kexec_cma_release().
 *
 * Placement migrates pages out of CMA into the memory control pages come
 * from, and migration never invokes the OOM killer, where the page-list
 * copy it replaces allocates the segment's size with it. So the control
 * pages of an image placed in CMA are allocated with GFP_KERNEL: under
 * memory full of what cannot be reclaimed they may wait for the OOM killer
 * as the copy would have, for a few pages where the copy takes the
 * segment's size.
 *
 * Return: true if the segment is in CMA, false if the caller must find it
 * a hole for the page-list copy.
 */
bool kexec_cma_place(struct kexec_buf *kbuf)
{
	struct kimage *image = kbuf->image;
	unsigned int index = image->nr_segments;
	struct kexec_placement *placement = &image->placement[index];
	enum kexec_cma_reason reason;
	u64 start = ktime_get_ns();

	placement->kind = kexec_segment_kind(kbuf);
	placement->cma_pages = NULL;
	placement->claimed = NULL;
	placement->area = NULL;
	placement->in_place = 0;
	reason = kexec_cma_policy(kbuf);
	if (reason == KEXEC_CMA_PLACED)
		reason = kexec_cma_alloc(kbuf, placement);
	placement->reason = reason;
	kexec_cma_report(kbuf, placement, ktime_get_ns() - start);
	if (!placement->cma_pages)
		return false;
	image->control_gfp = GFP_KERNEL;
	return true;
}

/**
 * kexec_cma_placed - whether a segment's range was chosen in CMA
 * @image:	the image the segment belongs to
 * @index:	the segment's index in @image
 *
 * Return: true if all or part of the segment is written in place in CMA at
 * load time; kexec_cma_load_segment() then loads all of it.
 */
static bool kexec_cma_placed(struct kimage *image, unsigned int index)
{
	return image->file_mode && image->placement[index].cma_pages;
}

/**
 * kexec_cma_resident - whether a segment lives in CMA
 * @image:	the image the segment belongs to
 * @index:	the segment's index in @image
 *
 * Return: true if the whole segment is written to its CMA range at load
 * time and copied by nothing in the hot phase.
 */
bool kexec_cma_resident(struct kimage *image, unsigned int index)
{
	return kexec_cma_placed(image, index) && !image->placement[index].claimed;
}

static void kexec_cma_write(struct kexec_segment *segment, struct page *pages,
			    unsigned long first, unsigned long nr_pages)
{
	size_t offset = first << PAGE_SHIFT;
	const char *src = segment->kbuf + offset;
	size_t left = segment->bufsz > offset ? segment->bufsz - offset : 0;
	unsigned long i;

	for (i = first; i < first + nr_pages; i++) {
		struct page *page = nth_page(pages, i);
		size_t chunk = min_t(size_t, left, PAGE_SIZE);
		char *dst = kmap_local_page(page);

		memcpy(dst, src, chunk);
		memset(dst + chunk, 0, PAGE_SIZE - chunk);
		kexec_flush_icache_page(page);
		kunmap_local(dst);
		src += chunk;
		left -= chunk;
		cond_resched();
	}
}

static int kexec_cma_load_run(struct kimage *image, unsigned int index,
			      bool claimed, unsigned long first,
			      unsigned long nr_pages);
static void kexec_cma_release_run(struct kimage *image, unsigned int index,
				  bool claimed, unsigned long first,
				  unsigned long nr_pages);

/* A range had whole has no bitmap: every chunk of it is claimed */
static bool kexec_cma_chunk_claimed(const struct kexec_placement *placement,
				    unsigned int i)
{
	return !placement->claimed || test_bit(i, placement->claimed);
}

/*
 * Loads segment @index, or with @release gives its CMA range back, one run
 * of chunks that are all claimed or all not at a time.
 */
static int kexec_cma_walk_runs(struct kimage *image, unsigned int index,
			       bool release)
{
	struct kexec_placement *placement = &image->placement[index];
	unsigned long nr_pages = image->segment[index].memsz >> PAGE_SHIFT;
	unsigned long pfn = page_to_pfn(placement->cma_pages), first, end;
	unsigned int i, j, nr_chunks = kexec_cma_nr_chunks(pfn, nr_pages);
	bool claimed;
	int ret = 0;

	for (i = 0; i < nr_chunks && !ret; i = j) {
		claimed = kexec_cma_chunk_claimed(placement, i);
		for (j = i + 1; j < nr_chunks; j++)
			if (kexec_cma_chunk_claimed(placement, j) != claimed)
				break;
		first = kexec_cma_chunk_start(pfn, nr_pages, i);
		end = kexec_cma_chunk_start(pfn, nr_pages, j);
		if (release)
			kexec_cma_release_run(image, index, claimed, first,
					      end - first);
		else
			ret = kexec_cma_load_run(image, index, claimed, first,
						 end - first);
	}
	return ret;
}

static int kexec_cma_load_run(struct kimage *image, unsigned int index,
			      bool claimed, unsigned long first,
			      unsigned long nr_pages)
{
	struct kexec_segment *segment = &image->segment[index];

	if (!claimed)
		return kimage_load_copied_range(image, segment,
						first << PAGE_SHIFT,
						nr_pages << PAGE_SHIFT);
	kexec_cma_write(segment, image->placement[index].cma_pages, first,
			nr_pages);
	return 0;
}

/**
 * kexec_cma_load_segment - load a segment whose range was chosen in CMA
 * @image:	the image the segment belongs to
 * @segment:	one of @image's segments
 *
 * The chunks claimed are written in place; the tail [bufsz, memsz) is
 * cleared: the purgatory hashes it as zeros, and CMA pages come back with
 * whatever their last user left in them. The chunks not claimed go to the
 * page-list copy.
 *
 * Return: 0 on success, -ENOMEM or -EFAULT from the page-list copy;
 * -ENOENT when no part of @segment is in CMA, for the caller to load it
 * the classic way.
 */
int kexec_cma_load_segment(struct kimage *image, struct kexec_segment *segment)
{
	unsigned int index = segment - image->segment;

	if (!kexec_cma_placed(image, index))
		return -ENOENT;
	return kexec_cma_walk_runs(image, index, false);
}

/**
 * kexec_cma_page - the CMA page backing a range of an image's memory
 * @image:	the loaded image
 * @addr:	start of the range, a boot physical address
 * @size:	length of the range
 *
 * Return: the page backing @addr if [@addr, @addr + @size) lies within one
 * segment and the segment's CMA range holds all of it, otherwise NULL.
 */
struct page *kexec_cma_page(struct kimage *image, unsigned long addr,
			    unsigned long size)
{
	unsigned long i, pfn, first, last;

	if (!image->file_mode)
		return NULL;

	for (i = 0; i < image->nr_segments; i++) {
		struct kexec_segment *segment = &image->segment[i];
		struct kexec_placement *placement = &image->placement[i];

		if (!placement->cma_pages || addr < segment->mem ||
		    addr + size > segment->mem + segment->memsz)
			continue;
		first = (addr - segment->mem) >> PAGE_SHIFT;
		last = (addr + size - 1 - segment->mem) >> PAGE_SHIFT;
		pfn = page_to_pfn(placement->cma_pages);
		/* A chunk not claimed is in the page list, not in CMA */
		if (placement->claimed &&
		    find_next_zero_bit(placement->claimed,
				       kexec_cma_chunk_of(pfn, last) + 1,
				       kexec_cma_chunk_of(pfn, first)) <=
		    kexec_cma_chunk_of(pfn, last))
			return NULL;
		return nth_page(placement->cma_pages, first);
	}
	return NULL;
}

/**
 * kexec_cma_kind - what a segment holds
 * @image:	the image the segment belongs to
 * @i:		the segment's index in @image
 *
 * The IMA buffer is added after placement: it is named here.
 *
 * Return: enum kexec_segment_kind.
 */
enum kexec_segment_kind kexec_cma_kind(struct kimage *image, unsigned int i)
{
#ifdef CONFIG_IMA_KEXEC
	if (image->is_ima_segment_index_set && i == image->ima_segment_index)
		return KEXEC_SEGMENT_IMA;
#endif
	return image->placement[i].kind;
}

static void kexec_cma_release_run(struct kimage *image, unsigned int index,
				  bool claimed, unsigned long first,
				  unsigned long nr_pages)
{
	struct kexec_placement *placement = &image->placement[index];

	if (claimed)
		cma_release(placement->area,
			    nth_page(placement->cma_pages, first), nr_pages);
}

/**
 * kexec_cma_release - give an image's CMA ranges back
 * @image:	the image being freed or abandoned
 *
 * Safe on an image that is only partly set up, and on one without CMA
 * segments.
 */
void kexec_cma_release(struct kimage *image)
{
	unsigned long i;

	for (i = 0; i < image->nr_segments; i++) {
		if (image->placement[i].cma_pages)
			kexec_cma_walk_runs(image, i, true);
		bitmap_free(image->placement[i].claimed);
		image->placement[i].claimed = NULL;
		image->placement[i].cma_pages = NULL;
		image->placement[i].area = NULL;
		image->placement[i].in_place = 0;
	}
}
