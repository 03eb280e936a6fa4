/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kexec

#if !defined(_TRACE_KEXEC_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_KEXEC_H

#include <linux/kexec_cma.h>
#include <linux/tracepoint.h>

TRACE_DEFINE_ENUM(KEXEC_SEGMENT_OTHER);
TRACE_DEFINE_ENUM(KEXEC_SEGMENT_KERNEL);
TRACE_DEFINE_ENUM(KEXEC_SEGMENT_INITRD);
TRACE_DEFINE_ENUM(KEXEC_SEGMENT_PURGATORY);
TRACE_DEFINE_ENUM(KEXEC_SEGMENT_IMA);
TRACE_DEFINE_ENUM(KEXEC_SEGMENT_ELFCOREHDR);
TRACE_DEFINE_ENUM(KEXEC_CMA_PLACED);
TRACE_DEFINE_ENUM(KEXEC_CMA_FIXED);
TRACE_DEFINE_ENUM(KEXEC_CMA_FLAG);
TRACE_DEFINE_ENUM(KEXEC_CMA_DISABLED);
TRACE_DEFINE_ENUM(KEXEC_CMA_CRASH);
TRACE_DEFINE_ENUM(KEXEC_CMA_NO_AREA);
TRACE_DEFINE_ENUM(KEXEC_CMA_ALLOC_FAILED);
TRACE_DEFINE_ENUM(KEXEC_CMA_ALIGN_RANGE);

/**
 * kexec_cma_place - placement decision for one kexec_file segment
 * @index:	segment index in the image
 * @kind:	enum kexec_segment_kind
 * @memsz:	size of the segment in memory
 * @align:	alignment the loader asked for
 * @mem:	address of the CMA range, 0 when the segment is copied
 * @reason:	enum kexec_cma_reason, KEXEC_CMA_PLACED when in CMA
 * @alloc_ns:	time spent deciding, including CMA allocation and migration
 */
TRACE_EVENT(kexec_cma_place,
	    TP_PROTO(unsigned int index, unsigned int kind,
		     unsigned long memsz, unsigned long align,
		     unsigned long mem, unsigned int reason, u64 alloc_ns),
	    TP_ARGS(index, kind, memsz, align, mem, reason, alloc_ns),
	    TP_STRUCT__entry(__field(unsigned int, index)
			     __field(unsigned int, kind)
			     __field(unsigned long, memsz)
			     __field(unsigned long, align)
			     __field(unsigned long, mem)
			     __field(unsigned int, reason)
			     __field(u64, alloc_ns)),
	    TP_fast_assign(__entry->index = index;
			   __entry->kind = kind;
			   __entry->memsz = memsz;
			   __entry->align = align;
			   __entry->mem = mem;
			   __entry->reason = reason;
			   __entry->alloc_ns = alloc_ns),
	    TP_printk("segment=%u kind=%s memsz=0x%lx align=0x%lx mem=0x%lx placement=%s alloc_ns=%llu",
		      __entry->index,
		      __print_symbolic(__entry->kind,
				       { KEXEC_SEGMENT_OTHER, "other" },
				       { KEXEC_SEGMENT_KERNEL, "kernel" },
				       { KEXEC_SEGMENT_INITRD, "initrd" },
				       { KEXEC_SEGMENT_PURGATORY, "purgatory" },
				       { KEXEC_SEGMENT_IMA, "ima" },
				       { KEXEC_SEGMENT_ELFCOREHDR, "elfcorehdr" }),
		      __entry->memsz, __entry->align, __entry->mem,
		      __print_symbolic(__entry->reason,
				       { KEXEC_CMA_PLACED, "cma" },
				       { KEXEC_CMA_FIXED, "fixed" },
				       { KEXEC_CMA_FLAG, "flag" },
				       { KEXEC_CMA_DISABLED, "disabled" },
				       { KEXEC_CMA_CRASH, "crash" },
				       { KEXEC_CMA_NO_AREA, "no-area" },
				       { KEXEC_CMA_ALLOC_FAILED, "alloc-failed" },
				       { KEXEC_CMA_ALIGN_RANGE, "align-range" }),
		      __entry->alloc_ns)
);

/**
 * kexec_file_loaded - summary of a completed kexec_file_load()
 * @crash:		the image is a crash (kdump) image
 * @nr_segments:	segments in the image
 * @nr_cma:		segments placed in CMA
 * @hot_copy_bytes:	bytes the relocation code copies in the hot phase
 * @digest_bytes:	bytes the purgatory hashes in the hot phase
 */
TRACE_EVENT(kexec_file_loaded,
	    TP_PROTO(bool crash, unsigned int nr_segments, unsigned int nr_cma,
		     unsigned long hot_copy_bytes, unsigned long digest_bytes),
	    TP_ARGS(crash, nr_segments, nr_cma, hot_copy_bytes, digest_bytes),
	    TP_STRUCT__entry(__field(bool, crash)
			     __field(unsigned int, nr_segments)
			     __field(unsigned int, nr_cma)
			     __field(unsigned long, hot_copy_bytes)
			     __field(unsigned long, digest_bytes)),
	    TP_fast_assign(__entry->crash = crash;
			   __entry->nr_segments = nr_segments;
			   __entry->nr_cma = nr_cma;
			   __entry->hot_copy_bytes = hot_copy_bytes;
			   __entry->digest_bytes = digest_bytes),
	    TP_printk("image=%s segments=%u cma=%u hot_copy_bytes=%lu digest_bytes=%lu",
		      __entry->crash ? "crash" : "default",
		      __entry->nr_segments, __entry->nr_cma,
		      __entry->hot_copy_bytes, __entry->digest_bytes)
);

#endif /* _TRACE_KEXEC_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
