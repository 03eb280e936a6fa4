/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kexec

#if !defined(_TRACE_KEXEC_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_KEXEC_H

#include <linux/kexec_cma.h>
#include <linux/tracepoint.h>

#define KEXEC_TRACE_ENUM(a, b)	TRACE_DEFINE_ENUM(a);
KEXEC_SEGMENT_KINDS(KEXEC_TRACE_ENUM, KEXEC_TRACE_ENUM)
KEXEC_CMA_REASONS(KEXEC_TRACE_ENUM, KEXEC_TRACE_ENUM)
#undef KEXEC_TRACE_ENUM
#define KEXEC_SYMBOL(a, b)	{ a, b },
#define KEXEC_SYMBOL_LAST(a, b)	{ a, b }

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
				       KEXEC_SEGMENT_KINDS(KEXEC_SYMBOL,
							   KEXEC_SYMBOL_LAST)),
		      __entry->memsz, __entry->align, __entry->mem,
		      __print_symbolic(__entry->reason,
				       KEXEC_CMA_REASONS(KEXEC_SYMBOL,
							 KEXEC_SYMBOL_LAST)),
		      __entry->alloc_ns)
);

#undef KEXEC_SYMBOL
#undef KEXEC_SYMBOL_LAST

#endif /* _TRACE_KEXEC_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
