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

/*
 * What a segment holds (the generic code recognises the kernel, initrd,
 * purgatory, IMA buffer and elfcorehdr; a loader names the others in
 * kexec_buf.kind), and its name
 * in the segment listing and in trace events. The table is expanded with
 * EM() for each entry and EMe() for the last, as trace headers do.
 */
#define KEXEC_SEGMENT_KINDS(EM, EMe)				\
	EM(KEXEC_SEGMENT_OTHER,		"other")	\
	EM(KEXEC_SEGMENT_KERNEL,	"kernel")	\
	EM(KEXEC_SEGMENT_INITRD,	"initrd")	\
	EM(KEXEC_SEGMENT_PURGATORY,	"purgatory")	\
	EM(KEXEC_SEGMENT_IMA,		"ima")		\
	EM(KEXEC_SEGMENT_ELFCOREHDR,	"elfcorehdr")	\
	EM(KEXEC_SEGMENT_BOOTPARAMS,	"bootparams")	\
	EMe(KEXEC_SEGMENT_TIMING,	"timing")

/*
 * Why a segment is in CMA or, if not, why it takes the page-list copy:
 * fixed, the arch code chose the address; flag, KEXEC_FILE_NO_CMA;
 * disabled, kexec_cma=0; crash, crash images stay in crashkernel memory;
 * no-area, no default CMA area; alloc-failed, the area is too small or
 * fragmented or migration failed; align-range, pages were had but not
 * aligned or in range as the loader asked.
 */
#define KEXEC_CMA_REASONS(EM, EMe)				\
	EM(KEXEC_CMA_PLACED,		"cma")		\
	EM(KEXEC_CMA_FIXED,		"fixed")	\
	EM(KEXEC_CMA_FLAG,		"flag")		\
	EM(KEXEC_CMA_DISABLED,		"disabled")	\
	EM(KEXEC_CMA_CRASH,		"crash")	\
	EM(KEXEC_CMA_NO_AREA,		"no-area")	\
	EM(KEXEC_CMA_ALLOC_FAILED,	"alloc-failed")	\
	EMe(KEXEC_CMA_ALIGN_RANGE,	"align-range")

#define KEXEC_ENUM(a, b)	a,
enum kexec_segment_kind { KEXEC_SEGMENT_KINDS(KEXEC_ENUM, KEXEC_ENUM) };
enum kexec_cma_reason { KEXEC_CMA_REASONS(KEXEC_ENUM, KEXEC_ENUM) };
#undef KEXEC_ENUM

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
bool kexec_cma_load_segment(struct kimage *image,
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

static inline bool kexec_cma_load_segment(struct kimage *image,
					  struct kexec_segment *segment)
{
	return false;
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
