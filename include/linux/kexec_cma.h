/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kexec_file: segments placed in CMA
 *
 * See Documentation/admin-guide/kexec-cma.rst.
 */
#ifndef LINUX_KEXEC_CMA_H
#define LINUX_KEXEC_CMA_H

#include <linux/types.h>

struct kexec_buf;
struct kexec_segment;
struct kimage;
struct page;

/* What a segment holds, as far as the generic code can tell */
enum kexec_segment_kind {
	KEXEC_SEGMENT_OTHER,
	KEXEC_SEGMENT_KERNEL,
	KEXEC_SEGMENT_INITRD,
	KEXEC_SEGMENT_PURGATORY,
	KEXEC_SEGMENT_IMA,
	KEXEC_SEGMENT_ELFCOREHDR,
};

/* Why a segment is in CMA or, if not, why it takes the page-list copy */
enum kexec_cma_reason {
	KEXEC_CMA_PLACED,
	KEXEC_CMA_FIXED,	/* the arch code chose the address */
	KEXEC_CMA_FLAG,		/* KEXEC_FILE_NO_CMA */
	KEXEC_CMA_DISABLED,	/* kexec_cma=0 */
	KEXEC_CMA_CRASH,	/* crash images stay in crashkernel memory */
	KEXEC_CMA_NO_AREA,	/* no default CMA area */
	KEXEC_CMA_ALLOC_FAILED,	/* area too small, fragmented, migration failed */
	KEXEC_CMA_ALIGN_RANGE,	/* got pages, but not aligned or out of range */
};

/**
 * struct kexec_placement - where one kexec_file segment lives
 * @cma_pages:	first page of the CMA range the segment is written to at load
 *		time, or NULL when the segment is copied in the hot phase
 * @kind:	enum kexec_segment_kind
 * @reason:	enum kexec_cma_reason
 */
struct kexec_placement {
	struct page *cma_pages;
	u8 kind;
	u8 reason;
};

#ifdef CONFIG_KEXEC_FILE_CMA
bool kexec_cma_place(struct kexec_buf *kbuf);
struct page *kexec_cma_segment_pages(struct kimage *image,
				     const struct kexec_segment *segment);
int kexec_cma_load_segment(struct kimage *image,
			   struct kexec_segment *segment);
struct page *kexec_cma_page(struct kimage *image, unsigned long addr,
			    unsigned long size);
void kexec_cma_loaded(struct kimage *image);
void kexec_cma_release(struct kimage *image);
#else
static inline bool kexec_cma_place(struct kexec_buf *kbuf)
{
	return false;
}

static inline struct page *
kexec_cma_segment_pages(struct kimage *image,
			const struct kexec_segment *segment)
{
	return NULL;
}

static inline int kexec_cma_load_segment(struct kimage *image,
					 struct kexec_segment *segment)
{
	return -EINVAL;
}

static inline struct page *kexec_cma_page(struct kimage *image,
					  unsigned long addr,
					  unsigned long size)
{
	return NULL;
}

static inline void kexec_cma_loaded(struct kimage *image) { }
static inline void kexec_cma_release(struct kimage *image) { }
#endif /* CONFIG_KEXEC_FILE_CMA */

#endif /* LINUX_KEXEC_CMA_H */
