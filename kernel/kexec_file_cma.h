/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kexec_file CMA placement: what its files share
 */
#ifndef _KERNEL_KEXEC_FILE_CMA_H
#define _KERNEL_KEXEC_FILE_CMA_H

#include <linux/kexec_cma.h>

struct cma;

/* kexec_file_cma_claim.c */
unsigned long kexec_cma_chunk_start(unsigned long pfn, unsigned long nr_pages,
				    unsigned int i);
unsigned int kexec_cma_chunk_of(unsigned long pfn, unsigned long i);
unsigned int kexec_cma_nr_chunks(unsigned long pfn, unsigned long nr_pages);
enum kexec_cma_reason kexec_cma_alloc_from(struct cma *area,
					   struct kexec_buf *kbuf,
					   struct kexec_placement *placement,
					   u64 deadline);

/* kexec_file_cma_report.c */
void kexec_cma_report(const struct kexec_buf *kbuf,
		      const struct kexec_placement *placement, u64 alloc_ns);

#endif /* _KERNEL_KEXEC_FILE_CMA_H */
