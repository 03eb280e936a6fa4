// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_file: claim the CMA range a segment is placed in
 *
 * The range is chosen free, aligned and in the address range the loader
 * asks for, then claimed whole. When migration cannot empty it whole, as
 * under memory pressure, it is claimed one pageblock (chunk) at a time:
 * the chunks had are written in place, the others are copied in the hot
 * phase.
 */

#define pr_fmt(fmt) "kexec_cma: " fmt

#include <linux/bitmap.h>
#include <linux/cma.h>
#include <linux/gfp.h>
#include <linux/kexec.h>
#include <linux/ktime.h>
#include <linux/pageblock-flags.h>
#include <linux/sched/signal.h>

#include "kexec_file_cma.h"

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

/**
 * kexec_cma_chunk_start - where a chunk of a range starts
 * @pfn:	the range's first page frame
 * @nr_pages:	the range's length
 * @i:		the chunk
 *
 * Chunk i of a range starting at @pfn covers the range's part of the i-th
 * pageblock it touches.
 *
 * Return: the chunk's start, in pages from @pfn; @nr_pages past the last.
 */
unsigned long kexec_cma_chunk_start(unsigned long pfn,
				    unsigned long nr_pages,
				    unsigned int i)
{
	unsigned long first = ALIGN_DOWN(pfn, KEXEC_CMA_CHUNK_PAGES);

	if (!i)
		return 0;
	return min(first + i * KEXEC_CMA_CHUNK_PAGES - pfn, nr_pages);
}

/**
 * kexec_cma_chunk_of - the chunk a page of a range is in
 * @pfn:	the range's first page frame
 * @i:		the page, in pages from @pfn
 *
 * Return: the chunk's index.
 */
unsigned int kexec_cma_chunk_of(unsigned long pfn, unsigned long i)
{
	return (pfn + i - ALIGN_DOWN(pfn, KEXEC_CMA_CHUNK_PAGES)) /
	       KEXEC_CMA_CHUNK_PAGES;
}

/**
 * kexec_cma_nr_chunks - how many chunks a range has
 * @pfn:	the range's first page frame
 * @nr_pages:	the range's length
 *
 * Return: the number of pageblocks the range touches.
 */
unsigned int kexec_cma_nr_chunks(unsigned long pfn,
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

/**
 * kexec_cma_alloc_from - claim a range of a CMA area for a segment
 * @area:	the CMA area
 * @kbuf:	the segment, its size, alignment and address range
 * @placement:	where the range is recorded
 * @deadline:	ktime_get_ns() by which chunk-by-chunk claims stop
 *
 * The whole range at once, which is one migration pass when memory is not
 * short, and one more after making room or after a busy page. Else chunk
 * by chunk, until @deadline.
 *
 * Return: KEXEC_CMA_PLACED with @kbuf->mem set when every chunk is had;
 * another reason with @kbuf->mem set when only some are, the others
 * unset in @placement->claimed; another reason and nothing claimed.
 */
enum kexec_cma_reason kexec_cma_alloc_from(struct cma *area,
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
