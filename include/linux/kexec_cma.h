/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kexec_file: segments placed in CMA
 *
 * See Documentation/admin-guide/kexec-cma.rst.
 */
#ifndef LINUX_KEXEC_CMA_H
#define LINUX_KEXEC_CMA_H

#include <linux/errno.h>
#include <linux/types.h>

struct kexec_buf;
struct kexec_segment;
struct kimage;
struct page;

/* What a segment holds: include/linux/kexec_segment_kinds.h */
enum kexec_segment_kind {
#define KEXEC_SEGMENT_KIND(id, ...)	id,
#include <linux/kexec_segment_kinds.h>
#undef KEXEC_SEGMENT_KIND
};

/* Why it is in CMA or copied: include/linux/kexec_cma_reasons.h */
enum kexec_cma_reason {
#define KEXEC_CMA_REASON(id, ...)	id,
#include <linux/kexec_cma_reasons.h>
#undef KEXEC_CMA_REASON
};

/**
 * struct kexec_placement - where one kexec_file segment lives
 * @cma_pages:	first page of the CMA range chosen for the segment, or NULL
 *		when the segment is copied in the hot phase
 * @claimed:	NULL when the whole range is the segment's; else a bitmap of
 *		the range's chunks (pageblocks) that are, and are written in
 *		place at load time; the others are copied in the hot phase
 * @area:	the CMA area @cma_pages belong to
 * @in_place:	bytes of the segment written in place at load time
 * @kind:	enum kexec_segment_kind
 * @reason:	enum kexec_cma_reason: why the segment, or a chunk of it, is
 *		copied
 */
struct kexec_placement {
	struct page *cma_pages;
	unsigned long *claimed;
	struct cma *area;
	unsigned long in_place;
	u8 kind;
	u8 reason;
};

#ifdef CONFIG_KEXEC_FILE_CMA
bool kexec_cma_place(struct kexec_buf *kbuf);
int kexec_cma_load_segment(struct kimage *image,
			   struct kexec_segment *segment);
struct page *kexec_cma_page(struct kimage *image, unsigned long addr,
			    unsigned long size);
void kexec_cma_release(struct kimage *image);
bool kexec_cma_resident(struct kimage *image, unsigned int index);
enum kexec_segment_kind kexec_cma_kind(struct kimage *image, unsigned int i);
#else
static inline bool kexec_cma_place(struct kexec_buf *kbuf)
{
	return false;
}

static inline int kexec_cma_load_segment(struct kimage *image,
					 struct kexec_segment *segment)
{
	return -ENOENT;
}

static inline struct page *kexec_cma_page(struct kimage *image,
					  unsigned long addr,
					  unsigned long size)
{
	return NULL;
}

static inline void kexec_cma_release(struct kimage *image) { }

static inline bool kexec_cma_resident(struct kimage *image,
				      unsigned int index)
{
	return false;
}

static inline enum kexec_segment_kind kexec_cma_kind(struct kimage *image,
						     unsigned int i)
{
	return KEXEC_SEGMENT_OTHER;
}
#endif /* CONFIG_KEXEC_FILE_CMA */

#endif /* LINUX_KEXEC_CMA_H */
