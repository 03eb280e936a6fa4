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
 * Segments CMA cannot serve take the classic path, one by one; every
 * decision is recorded in the image so it can be shown in debugfs.
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
#include <linux/seq_file.h>

#include "kexec_internal.h"
#ifdef CONFIG_KEXEC_HANDOVER
#include <linux/kexec_handover.h>
#endif

#define CREATE_TRACE_POINTS
#include <trace/events/kexec.h>

static bool kexec_cma_enabled = true;
core_param(kexec_cma, kexec_cma_enabled, bool, 0644);

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
 * cma_alloc() honours the alignment it is given, but the result is checked
 * against everything the loader asked for anyway: a range that does not fit
 * goes straight back to the area.
 */
static enum kexec_cma_reason kexec_cma_alloc_from(struct cma *area,
						  struct kexec_buf *kbuf,
						  struct page **pages)
{
	unsigned long nr_pages = kbuf->memsz >> PAGE_SHIFT;
	unsigned long mem, last;
	struct page *p;

	p = cma_alloc(area, nr_pages, get_order(kbuf->buf_align), true);
	if (!p)
		return KEXEC_CMA_ALLOC_FAILED;

	mem = page_to_boot_pfn(p) << PAGE_SHIFT;
	last = mem + kbuf->memsz - 1;
	if (!IS_ALIGNED(mem, kbuf->buf_align) || mem < kbuf->buf_min ||
	    last > kbuf->buf_max ||
	    kimage_is_destination_range(kbuf->image, mem, last)) {
		cma_release(area, p, nr_pages);
		return KEXEC_CMA_ALIGN_RANGE;
	}

	kbuf->mem = mem;
	*pages = p;
	return KEXEC_CMA_PLACED;
}

/* The first area that serves; else why the last one did not */
static enum kexec_cma_reason kexec_cma_alloc(struct kexec_buf *kbuf,
					     struct kexec_placement *placement)
{
	struct cma *areas[KEXEC_CMA_MAX_AREAS];
	enum kexec_cma_reason reason = KEXEC_CMA_NO_AREA;
	unsigned int i, n = kexec_cma_areas(kbuf->image, placement->kind,
					     areas);

	if (kexec_cma_should_fail())
		return KEXEC_CMA_INJECTED;
	for (i = 0; i < n; i++) {
		reason = kexec_cma_alloc_from(areas[i], kbuf,
					      &placement->cma_pages);
		if (reason == KEXEC_CMA_PLACED) {
			placement->area = areas[i];
			break;
		}
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
	placement->area = NULL;
	reason = kexec_cma_policy(kbuf);
	if (reason == KEXEC_CMA_PLACED)
		reason = kexec_cma_alloc(kbuf, placement);
	pages = placement->cma_pages;
	placement->reason = reason;

	trace_kexec_cma_place(index, kexec_segment_kind_names[placement->kind],
			      kbuf->memsz, kbuf->buf_align, pages ? kbuf->mem : 0,
			      kexec_cma_reason_names[reason],
			      ktime_get_ns() - start);
	if (pages)
		kexec_dprintk("segment[%u] %s: cma at 0x%lx memsz=0x%lx align=0x%lx area=%s\n",
			      index, kexec_segment_kind_names[placement->kind],
			      kbuf->mem, kbuf->memsz, kbuf->buf_align,
			      cma_get_name(placement->area));
	else
		kexec_dprintk("segment[%u] %s: copy (%s) memsz=0x%lx align=0x%lx\n",
			      index, kexec_segment_kind_names[placement->kind],
			      kexec_cma_reason_names[reason], kbuf->memsz,
			      kbuf->buf_align);
	return !!pages;
}

/**
 * kexec_cma_resident - whether a segment lives in CMA
 * @image:	the image the segment belongs to
 * @index:	the segment's index in @image
 *
 * Return: true if the segment is written to its CMA range at load time and
 * copied by nothing in the hot phase.
 */
bool kexec_cma_resident(struct kimage *image, unsigned int index)
{
	return image->file_mode && image->placement[index].cma_pages;
}

/**
 * kexec_cma_load_segment - write a segment in place if it lives in CMA
 * @image:	the image the segment belongs to
 * @segment:	one of @image's segments
 *
 * The tail [bufsz, memsz) is cleared: the purgatory hashes it as zeros, and
 * CMA pages come back with whatever their last user left in them.
 *
 * Return: true if the segment is in CMA and now written, false if it takes
 * the page-list copy.
 */
bool kexec_cma_load_segment(struct kimage *image, struct kexec_segment *segment)
{
	unsigned int index = segment - image->segment;
	unsigned long nr_pages = segment->memsz >> PAGE_SHIFT;
	const char *src = segment->kbuf;
	size_t left = segment->bufsz;
	struct page *pages;
	unsigned long i;

	if (!kexec_cma_resident(image, index))
		return false;

	pages = image->placement[index].cma_pages;
	for (i = 0; i < nr_pages; i++) {
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
	return true;
}

/**
 * kexec_cma_page - the CMA page backing a range of an image's memory
 * @image:	the loaded image
 * @addr:	start of the range, a boot physical address
 * @size:	length of the range
 *
 * Return: the page backing @addr if [@addr, @addr + @size) lies within one
 * CMA-resident segment, otherwise NULL.
 */
struct page *kexec_cma_page(struct kimage *image, unsigned long addr,
			    unsigned long size)
{
	unsigned long i;

	if (!image->file_mode)
		return NULL;

	for (i = 0; i < image->nr_segments; i++) {
		struct kexec_segment *segment = &image->segment[i];
		struct page *pages = image->placement[i].cma_pages;

		if (!pages || addr < segment->mem ||
		    addr + size > segment->mem + segment->memsz)
			continue;
		return nth_page(pages, (addr - segment->mem) >> PAGE_SHIFT);
	}
	return NULL;
}

struct kexec_cma_totals {
	unsigned int nr_cma;
	unsigned long hot_copy_bytes;
	unsigned long digest_bytes;
};

static void kexec_cma_count(struct kimage *image,
			    struct kexec_cma_totals *totals)
{
	unsigned long i;

	memset(totals, 0, sizeof(*totals));
	for (i = 0; i < image->nr_segments; i++) {
		unsigned long memsz = image->segment[i].memsz;

		if (image->placement[i].cma_pages)
			totals->nr_cma++;
		/* A crash image is written to its final place at load time */
		else if (image->type != KEXEC_TYPE_CRASH)
			totals->hot_copy_bytes += memsz;
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
		struct kexec_placement *placement = &image->placement[i];

		if (!placement->cma_pages)
			continue;
		cma_release(placement->area, placement->cma_pages,
			    image->segment[i].memsz >> PAGE_SHIFT);
		placement->cma_pages = NULL;
		placement->area = NULL;
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

	seq_puts(m, "idx kind       mem                memsz      bufsz      placement reason       check       area\n");
	for (i = 0; i < image->nr_segments; i++) {
		struct kexec_segment *segment = &image->segment[i];
		struct kexec_placement *placement = &image->placement[i];
		const char *reason = image->file_mode ?
			kexec_cma_reason_names[placement->reason] : "kexec_load";

		seq_printf(m, "%-3lu %-10s 0x%016lx 0x%08zx 0x%08zx %-9s %-12s %-11s %s\n",
			   i, kexec_segment_kind_names[kexec_cma_kind(image, i)],
			   segment->mem, segment->memsz, segment->bufsz,
			   placement->cma_pages ? "cma" : "copy", reason,
			   kexec_verify_checker_name(kexec_verify_checker(image, i)),
			   placement->area ? cma_get_name(placement->area) : "-");
	}

	kexec_cma_count(image, &totals);
	seq_printf(m, "cma_segments: %u copy_segments: %lu hot_copy_bytes: %lu digest_bytes: %lu\n",
		   totals.nr_cma, image->nr_segments - totals.nr_cma,
		   totals.hot_copy_bytes, totals.digest_bytes);
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
