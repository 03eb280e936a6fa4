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
 * Every decision is recorded in the image so it can be shown in debugfs.
 */

#define pr_fmt(fmt) "kexec_cma: " fmt

#include <linux/cma.h>
#include <linux/debugfs.h>
#include <linux/dma-map-ops.h>
#include <linux/fault-inject.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/pageblock-flags.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/swap.h>
#include <linux/vmstat.h>

#include "kexec_internal.h"
#ifdef CONFIG_KEXEC_HANDOVER
#include <linux/kexec_handover.h>
#endif

#define CREATE_TRACE_POINTS
#include <trace/events/kexec.h>

static bool kexec_cma_enabled = true;
core_param(kexec_cma, kexec_cma_enabled, bool, 0644);

/* How long a segment's placement may migrate pages chunk by chunk */
static unsigned int kexec_cma_migrate_ms = 5000;
core_param(kexec_cma_migrate_ms, kexec_cma_migrate_ms, uint, 0644);

/*
 * Whole pageblocks, the unit pages are isolated in: claiming one chunk
 * never isolates a page of another.
 */
#define KEXEC_CMA_CHUNK_PAGES	pageblock_nr_pages

/*
 * Each claim drains the per-CPU lists and isolates its range, tens of
 * milliseconds under pressure whatever its size: after a claim succeeds
 * the next one takes twice as many chunks, up to this many.
 */
#define KEXEC_CMA_MAX_SPAN	8

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
#else
static bool kexec_cma_should_fail(void)
{
	return false;
}
#endif

static const char * const kexec_segment_kind_names[] = {
#define KEXEC_SEGMENT_KIND(id, name)	\
	[id] = name,
#include <linux/kexec_segment_kinds.h>
#undef KEXEC_SEGMENT_KIND
};

static const char * const kexec_cma_reason_names[] = {
#define KEXEC_CMA_REASON(id, name)	\
	[id] = name,
#include <linux/kexec_cma_reasons.h>
#undef KEXEC_CMA_REASON
};

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

/* Scratch areas of Kexec HandOver, and the default area */
#ifdef CONFIG_KEXEC_HANDOVER
#define KEXEC_CMA_MAX_AREAS	(KHO_SCRATCH_MAX + 1)
#else
#define KEXEC_CMA_MAX_AREAS	1
#endif

/*
 * The areas a segment may go to, in order. A Kexec HandOver image goes to
 * the scratch areas first: the next kernel boots in them and KASLR picks
 * among them, so the kernel need not move. Then the default area. The
 * KHO FDT goes the other way round: it stays reserved in the next kernel,
 * so it had better not take scratch space the next kernel boots in.
 */
static unsigned int kexec_cma_areas(const struct kimage *image, u8 kind,
				    struct cma **areas)
{
	struct cma *dflt = dev_get_cma_area(NULL);
	unsigned int n = 0;

	if (dflt && kind == KEXEC_SEGMENT_KHO_FDT)
		areas[n++] = dflt;
#ifdef CONFIG_KEXEC_HANDOVER
	if (image->type != KEXEC_TYPE_CRASH)
		n += kho_scratch_cmas(areas + n, KEXEC_CMA_MAX_AREAS - 1);
#endif
	if (dflt && kind != KEXEC_SEGMENT_KHO_FDT)
		areas[n++] = dflt;
	return n;
}

static enum kexec_cma_reason kexec_cma_policy(const struct kexec_buf *kbuf)
{
	struct cma *areas[KEXEC_CMA_MAX_AREAS];
	const struct kimage *image = kbuf->image;

	if (kbuf->mem != KEXEC_BUF_MEM_UNKNOWN)
		return KEXEC_CMA_FIXED;
	if (image->type == KEXEC_TYPE_CRASH)
		return KEXEC_CMA_CRASH;
	if (image->no_cma)
		return KEXEC_CMA_FLAG;
	if (!READ_ONCE(kexec_cma_enabled))
		return KEXEC_CMA_DISABLED;
	if (!kexec_cma_areas(image, kexec_segment_kind(kbuf), areas))
		return KEXEC_CMA_NO_AREA;
	return KEXEC_CMA_PLACED;
}

/*
 * Migration allocates the pages it moves data to without invoking the OOM
 * killer; the page-list copy allocates as many pages as the segment has,
 * and may. Once memory is full of what cannot be reclaimed, placement would
 * fail where the copy succeeds. So before giving a range up for want of
 * memory, allocate that many pages the way the copy would, and free them
 * again: never more than the copy itself would have taken.
 */
static bool kexec_cma_make_room_pages(unsigned long nr_pages)
{
	LIST_HEAD(pages);
	struct page *page, *next;
	unsigned long got = 0;

	while (got < nr_pages && !fatal_signal_pending(current)) {
		page = alloc_page(GFP_HIGHUSER | __GFP_NOWARN);
		if (!page)
			break;
		list_add(&page->lru, &pages);
		got++;
	}
	list_for_each_entry_safe(page, next, &pages, lru)
		__free_page(page);
	return got == nr_pages;
}

/* Once more when a page was busy for a moment: locked by a fault, say */
static int kexec_cma_try_claim(struct cma *area, unsigned long pfn,
			       unsigned long nr_pages)
{
	int ret = cma_alloc_range(area, pfn, nr_pages,
				  GFP_KERNEL | __GFP_NOWARN);

	if (ret == -EBUSY)
		ret = cma_alloc_range(area, pfn, nr_pages,
				      GFP_KERNEL | __GFP_NOWARN);
	return ret;
}

/* And once more after making room when migration ran out of memory */
static int kexec_cma_claim(struct cma *area, unsigned long pfn,
			   unsigned long nr_pages)
{
	int ret = kexec_cma_try_claim(area, pfn, nr_pages);

	if (ret == -ENOMEM && kexec_cma_make_room_pages(nr_pages))
		ret = kexec_cma_try_claim(area, pfn, nr_pages);
	return ret;
}

/*
 * Chunk i of a range starting at @pfn covers the range's part of the i-th
 * pageblock it touches; its start, in pages from @pfn.
 */
static unsigned long kexec_cma_chunk_start(unsigned long pfn,
					   unsigned long nr_pages,
					   unsigned int i)
{
	unsigned long first = ALIGN_DOWN(pfn, KEXEC_CMA_CHUNK_PAGES);

	if (!i)
		return 0;
	return min(first + i * KEXEC_CMA_CHUNK_PAGES - pfn, nr_pages);
}

/* The chunk page @i of a range starting at @pfn is in */
static unsigned int kexec_cma_chunk_of(unsigned long pfn, unsigned long i)
{
	return (pfn + i - ALIGN_DOWN(pfn, KEXEC_CMA_CHUNK_PAGES)) /
	       KEXEC_CMA_CHUNK_PAGES;
}

static unsigned int kexec_cma_nr_chunks(unsigned long pfn,
					unsigned long nr_pages)
{
	unsigned long first = ALIGN_DOWN(pfn, KEXEC_CMA_CHUNK_PAGES);

	return DIV_ROUND_UP(pfn + nr_pages - first, KEXEC_CMA_CHUNK_PAGES);
}

/* The end of the image's segment that overlaps [mem, last], or 0 */
static unsigned long kexec_cma_overlap_end(const struct kimage *image,
					   unsigned long mem,
					   unsigned long last)
{
	unsigned long i;

	for (i = 0; i < image->nr_segments; i++) {
		const struct kexec_segment *segment = &image->segment[i];

		if (mem < segment->mem + segment->memsz &&
		    last >= segment->mem)
			return segment->mem + segment->memsz;
	}
	return 0;
}

/*
 * The lowest range of @area that no allocation holds and that fits what the
 * loader asked for: alloc-failed if there is no free range at all,
 * align-range if none where the loader wants it.
 */
static enum kexec_cma_reason kexec_cma_find_range(struct cma *area,
						  struct kexec_buf *kbuf,
						  unsigned long *pfn)
{
	unsigned long nr_pages = kbuf->memsz >> PAGE_SHIFT;
	unsigned long start = PHYS_PFN(kbuf->buf_min), mem, last, end;
	unsigned int order = get_order(kbuf->buf_align);

	if (!cma_find_free_range(area, 0, nr_pages, order, pfn))
		return KEXEC_CMA_ALLOC_FAILED;
	for (;;) {
		if (!cma_find_free_range(area, start, nr_pages, order, pfn))
			return KEXEC_CMA_ALIGN_RANGE;
		mem = page_to_boot_pfn(pfn_to_page(*pfn)) << PAGE_SHIFT;
		last = mem + kbuf->memsz - 1;
		if (!IS_ALIGNED(mem, kbuf->buf_align) || mem < kbuf->buf_min ||
		    last > kbuf->buf_max)
			return KEXEC_CMA_ALIGN_RANGE;
		end = kexec_cma_overlap_end(kbuf->image, mem, last);
		if (!end)
			return KEXEC_CMA_PLACED;
		start = *pfn + PHYS_PFN(end - mem);
	}
}

/* Unclaimed chunks from @i on, at most @span of them */
static unsigned int kexec_cma_unclaimed_run(const unsigned long *claimed,
					    unsigned int nr_chunks,
					    unsigned int i, unsigned int span)
{
	return min(span, (unsigned int)find_next_bit(claimed, nr_chunks, i) - i);
}

/*
 * Claims the chunks of @placement's range not had yet, in one pass: one
 * chunk after a failure, then runs that double after each success, up to
 * KEXEC_CMA_MAX_SPAN chunks.
 * Return: the number of pages had, in *reason why a chunk was not, and in
 * *short_pages the pages of the chunks migration ran out of memory for.
 */
static unsigned long kexec_cma_claim_pass(struct kexec_placement *placement,
					  unsigned long pfn,
					  unsigned long nr_pages, u64 deadline,
					  enum kexec_cma_reason *reason,
					  unsigned long *short_pages)
{
	unsigned int nr_chunks = kexec_cma_nr_chunks(pfn, nr_pages);
	unsigned int i = 0, n, span = 1;
	unsigned long start, end, had = 0;
	int ret;

	while ((i = find_next_zero_bit(placement->claimed, nr_chunks, i)) <
	       nr_chunks) {
		if (ktime_get_ns() >= deadline) {
			*reason = KEXEC_CMA_TIME_CAP;
			break;
		}
		n = kexec_cma_unclaimed_run(placement->claimed, nr_chunks, i,
					    span);
		start = kexec_cma_chunk_start(pfn, nr_pages, i);
		end = kexec_cma_chunk_start(pfn, nr_pages, i + n);
		ret = kexec_cma_try_claim(placement->area, pfn + start,
					  end - start);
		if (!ret) {
			bitmap_set(placement->claimed, i, n);
			had += end - start;
			i += n;
			span = min(2 * span, KEXEC_CMA_MAX_SPAN);
			continue;
		}
		span = 1;
		/* A run failed: its first chunk alone, then the rest */
		if (n > 1)
			continue;
		if (ret == -ENOMEM)
			*short_pages += end - start;
		*reason = KEXEC_CMA_ALLOC_FAILED;
		i++;
	}
	return had;
}

/*
 * Pass after pass while the last one had something, or room was made after
 * it: a page busy for a moment (being faulted in, on its way between lists)
 * blocks one pass, a pinned page every one. Room is made once per pass for
 * every chunk migration ran out of memory for, which is one round of the
 * OOM killer where a chunk at a time would cost one per chunk.
 */
static unsigned long kexec_cma_claim_chunks(struct kexec_placement *placement,
					    unsigned long pfn,
					    unsigned long nr_pages, u64 deadline,
					    enum kexec_cma_reason *reason)
{
	unsigned long had = 0, more, short_pages;
	bool room = false;

	for (;;) {
		*reason = KEXEC_CMA_PLACED;
		short_pages = 0;
		more = kexec_cma_claim_pass(placement, pfn, nr_pages, deadline,
					    reason, &short_pages);
		had += more;
		if (had == nr_pages || *reason != KEXEC_CMA_ALLOC_FAILED)
			break;
		/* Room was made and still nothing: making more will not help */
		if (!more && room)
			break;
		room = short_pages && kexec_cma_make_room_pages(short_pages);
		if (!more && !room)
			break;
	}
	return had;
}

/*
 * The whole range at once, which is one migration pass when memory is not
 * short, and one more after making room or after a busy page. Else chunk
 * by chunk, within kexec_cma_migrate_ms.
 */
static enum kexec_cma_reason kexec_cma_alloc_from(struct cma *area,
						  struct kexec_buf *kbuf,
						  struct kexec_placement *placement,
						  u64 deadline)
{
	unsigned long nr_pages = kbuf->memsz >> PAGE_SHIFT;
	enum kexec_cma_reason reason;
	unsigned long pfn, had;

	reason = kexec_cma_find_range(area, kbuf, &pfn);
	if (reason != KEXEC_CMA_PLACED)
		return reason;
	reason = KEXEC_CMA_ALLOC_FAILED;

	placement->area = area;
	placement->cma_pages = pfn_to_page(pfn);
	placement->in_place = kbuf->memsz;
	kbuf->mem = page_to_boot_pfn(placement->cma_pages) << PAGE_SHIFT;
	if (!kexec_cma_claim(area, pfn, nr_pages))
		return KEXEC_CMA_PLACED;

	placement->claimed = bitmap_zalloc(kexec_cma_nr_chunks(pfn, nr_pages),
					   GFP_KERNEL);
	if (!placement->claimed)
		goto fail;
	had = kexec_cma_claim_chunks(placement, pfn, nr_pages, deadline,
				     &reason);
	if (!had)
		goto fail;
	placement->in_place = had << PAGE_SHIFT;
	/* Chunk by chunk, but every chunk: one range like any other */
	if (had == nr_pages) {
		bitmap_free(placement->claimed);
		placement->claimed = NULL;
		return KEXEC_CMA_PLACED;
	}
	return reason;

fail:
	bitmap_free(placement->claimed);
	placement->claimed = NULL;
	placement->cma_pages = NULL;
	placement->area = NULL;
	placement->in_place = 0;
	kbuf->mem = KEXEC_BUF_MEM_UNKNOWN;
	return reason;
}

/* The first area that serves; else why the last one did not */
static enum kexec_cma_reason kexec_cma_alloc(struct kexec_buf *kbuf,
					     struct kexec_placement *placement)
{
	u64 deadline = ktime_get_ns() +
		       (u64)READ_ONCE(kexec_cma_migrate_ms) * NSEC_PER_MSEC;
	struct cma *areas[KEXEC_CMA_MAX_AREAS];
	enum kexec_cma_reason reason = KEXEC_CMA_NO_AREA;
	unsigned int i, n = kexec_cma_areas(kbuf->image, placement->kind,
					     areas);

	if (kexec_cma_should_fail())
		return KEXEC_CMA_INJECTED;
	for (i = 0; i < n && !placement->cma_pages; i++)
		reason = kexec_cma_alloc_from(areas[i], kbuf, placement,
					      deadline);
	return reason;
}

static const char *kexec_cma_placement_name(const struct kexec_placement *placement)
{
	if (placement->claimed)
		return "partial";
	return placement->cma_pages ? "cma" : "copy";
}

/**
 * kexec_cma_place - try to place the next segment in CMA
 * @kbuf:	the buffer kexec_add_buffer() is adding
 *
 * Records in the image where the segment goes and why. On success
 * @kbuf->mem is the start of a CMA range owned by the image until
 * kexec_cma_release().
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
	struct page *pages;
	u64 start = ktime_get_ns();

	placement->kind = kexec_segment_kind(kbuf);
	placement->cma_pages = NULL;
	placement->claimed = NULL;
	placement->area = NULL;
	placement->in_place = 0;
	reason = kexec_cma_policy(kbuf);
	if (reason == KEXEC_CMA_PLACED)
		reason = kexec_cma_alloc(kbuf, placement);
	pages = placement->cma_pages;
	placement->reason = reason;

	trace_kexec_cma_place(index, kexec_segment_kind_names[placement->kind],
			      kbuf->memsz, kbuf->buf_align, pages ? kbuf->mem : 0,
			      kexec_cma_reason_names[reason],
			      ktime_get_ns() - start, placement->in_place);
	if (pages)
		kexec_dprintk("segment[%u] %s: %s at 0x%lx memsz=0x%lx in_place=0x%lx area=%s\n",
			      index, kexec_segment_kind_names[placement->kind],
			      kexec_cma_placement_name(placement), kbuf->mem,
			      kbuf->memsz, placement->in_place,
			      cma_get_name(placement->area));
	else
		kexec_dprintk("segment[%u] %s: copy (%s) memsz=0x%lx align=0x%lx\n",
			      index, kexec_segment_kind_names[placement->kind],
			      kexec_cma_reason_names[reason], kbuf->memsz,
			      kbuf->buf_align);
	return !!pages;
}

/**
 * kexec_cma_control_gfp - how to allocate an image's control pages
 * @image:	the image, its segments placed
 * @gfp:	how they are allocated when no segment is in CMA
 *
 * Placement migrates pages out of CMA into the memory control pages come
 * from, and migration never invokes the OOM killer, where the page-list
 * copy it replaces allocates the segment's size with it. Under memory full
 * of what cannot be reclaimed, the control pages of an image placed in CMA
 * may wait for the OOM killer as the copy would have: a few pages, where
 * the copy takes the segment's size.
 *
 * Return: GFP_KERNEL if a segment of @image is in CMA, else @gfp.
 */
gfp_t kexec_cma_control_gfp(struct kimage *image, gfp_t gfp)
{
	unsigned long i;

	for (i = 0; i < image->nr_segments; i++)
		if (image->placement[i].cma_pages)
			return GFP_KERNEL;
	return gfp;
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

/**
 * kexec_cma_placed - whether a segment's range was chosen in CMA
 * @image:	the image the segment belongs to
 * @index:	the segment's index in @image
 *
 * Return: true if all or part of the segment is written in place in CMA at
 * load time; kexec_cma_load_segment() then loads all of it.
 */
bool kexec_cma_placed(struct kimage *image, unsigned int index)
{
	return image->file_mode && image->placement[index].cma_pages;
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
 * @segment:	one of @image's segments, kexec_cma_placed()
 *
 * The chunks claimed are written in place; the tail [bufsz, memsz) is
 * cleared: the purgatory hashes it as zeros, and CMA pages come back with
 * whatever their last user left in them. The chunks not claimed go to the
 * page-list copy.
 *
 * Return: 0 on success, -ENOMEM or -EFAULT from the page-list copy.
 */
int kexec_cma_load_segment(struct kimage *image, struct kexec_segment *segment)
{
	return kexec_cma_walk_runs(image, segment - image->segment, false);
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

struct kexec_cma_totals {
	unsigned int nr_cma;
	unsigned int nr_partial;
	unsigned long hot_copy_bytes;
	unsigned long digest_bytes;
	unsigned long in_place_bytes;
};

static void kexec_cma_count(struct kimage *image,
			    struct kexec_cma_totals *totals)
{
	unsigned long i;

	memset(totals, 0, sizeof(*totals));
	for (i = 0; i < image->nr_segments; i++) {
		struct kexec_placement *placement = &image->placement[i];
		unsigned long memsz = image->segment[i].memsz;

		if (placement->claimed)
			totals->nr_partial++;
		else if (placement->cma_pages)
			totals->nr_cma++;
		totals->in_place_bytes += placement->in_place;
		/* A crash image is written to its final place at load time */
		if (image->type != KEXEC_TYPE_CRASH)
			totals->hot_copy_bytes += memsz - placement->in_place;
		if (kexec_verify_checker(image, i) == KEXEC_CHECK_PURGATORY)
			totals->digest_bytes += memsz;
	}
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

static void kexec_cma_show_image(struct seq_file *m, const char *name,
				 struct kimage *image)
{
	struct kexec_cma_totals totals;
	unsigned long i;

	seq_printf(m, "image: %s\n", name);
	if (!image) {
		seq_puts(m, "none\n");
		return;
	}

	seq_puts(m, "idx kind       mem                memsz      bufsz      placement reason       check       area            in_place\n");
	for (i = 0; i < image->nr_segments; i++) {
		struct kexec_segment *segment = &image->segment[i];
		struct kexec_placement *placement = &image->placement[i];
		const char *reason = image->file_mode ?
			kexec_cma_reason_names[placement->reason] : "kexec_load";

		seq_printf(m, "%-3lu %-10s 0x%016lx 0x%08zx 0x%08zx %-9s %-12s %-11s %-15s 0x%08lx\n",
			   i, kexec_segment_kind_names[kexec_cma_kind(image, i)],
			   segment->mem, segment->memsz, segment->bufsz,
			   kexec_cma_placement_name(placement), reason,
			   kexec_verify_checker_name(kexec_verify_checker(image, i)),
			   placement->area ? cma_get_name(placement->area) : "-",
			   placement->in_place);
	}

	kexec_cma_count(image, &totals);
	seq_printf(m, "cma_segments: %u copy_segments: %lu hot_copy_bytes: %lu digest_bytes: %lu partial_segments: %u in_place_bytes: %lu\n",
		   totals.nr_cma, image->nr_segments - totals.nr_cma,
		   totals.hot_copy_bytes, totals.digest_bytes,
		   totals.nr_partial, totals.in_place_bytes);
}

static int kexec_cma_segments_show(struct seq_file *m, void *unused)
{
	/* A load in progress owns the images: ask again later */
	if (!kexec_trylock())
		return -EBUSY;

	kexec_cma_show_image(m, "default", kexec_image);
#ifdef CONFIG_CRASH_DUMP
	if (kexec_crash_image)
		kexec_cma_show_image(m, "crash", kexec_crash_image);
#endif
	kexec_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kexec_cma_segments);

static int __init kexec_cma_debugfs_init(void)
{
	debugfs_create_file("segments", 0400, kexec_debugfs_dir, NULL,
			    &kexec_cma_segments_fops);
#ifdef CONFIG_FAIL_KEXEC_CMA
	fault_create_debugfs_attr("fail_kexec_cma", NULL, &fail_kexec_cma);
#endif
	return 0;
}
late_initcall(kexec_cma_debugfs_init);
