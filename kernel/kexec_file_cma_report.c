// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_file: show where each segment went
 *
 * A kexec:kexec_cma_place trace event and a kexec -d line per decision,
 * and /sys/kernel/debug/kexec/segments for the images loaded.
 */

#define pr_fmt(fmt) "kexec_cma: " fmt

#include <linux/cma.h>
#include <linux/debugfs.h>
#include <linux/kexec.h>
#include <linux/seq_file.h>

#include "kexec_file_cma.h"
#include "kexec_internal.h"

#define CREATE_TRACE_POINTS
#include <trace/events/kexec.h>

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

static const char *kexec_cma_placement_name(const struct kexec_placement *placement)
{
	if (placement->claimed)
		return "partial";
	return placement->cma_pages ? "cma" : "copy";
}

/**
 * kexec_cma_report - tell where a segment went
 * @kbuf:	the segment kexec_cma_place() decided on
 * @placement:	the decision
 * @alloc_ns:	how long it took, allocation and migration included
 *
 * A kexec:kexec_cma_place trace event, and a line for kexec -d.
 */
void kexec_cma_report(const struct kexec_buf *kbuf,
		      const struct kexec_placement *placement, u64 alloc_ns)
{
	unsigned int index = kbuf->image->nr_segments;
	struct page *pages = placement->cma_pages;
	enum kexec_cma_reason reason = placement->reason;

	trace_kexec_cma_place(index, kexec_segment_kind_names[placement->kind],
			      kbuf->memsz, kbuf->buf_align, pages ? kbuf->mem : 0,
			      kexec_cma_reason_names[reason],
			      alloc_ns, placement->in_place);
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
	return 0;
}
late_initcall(kexec_cma_debugfs_init);
