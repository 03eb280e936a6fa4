/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kexec

#if !defined(_TRACE_KEXEC_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_KEXEC_H

#include <linux/tracepoint.h>

/**
 * kexec_cma_place - placement decision for one kexec_file segment
 * @index:	segment index in the image
 * @kind:	what the segment holds (include/linux/kexec_segment_kinds.h)
 * @memsz:	size of the segment in memory
 * @align:	alignment the loader asked for
 * @mem:	address of the CMA range, 0 when the segment is copied
 * @placement:	"cma", or why the segment is copied
 *		(include/linux/kexec_cma_reasons.h)
 * @alloc_ns:	time spent deciding, including CMA allocation and migration
 * @in_place:	bytes written in place at load time; the rest of @memsz is
 *		copied in the hot phase
 */
TRACE_EVENT(kexec_cma_place,
	    TP_PROTO(unsigned int index, const char *kind,
		     unsigned long memsz, unsigned long align,
		     unsigned long mem, const char *placement, u64 alloc_ns,
		     unsigned long in_place),
	    TP_ARGS(index, kind, memsz, align, mem, placement, alloc_ns,
		    in_place),
	    TP_STRUCT__entry(__field(unsigned int, index)
			     __string(kind, kind)
			     __field(unsigned long, memsz)
			     __field(unsigned long, align)
			     __field(unsigned long, mem)
			     __string(placement, placement)
			     __field(u64, alloc_ns)
			     __field(unsigned long, in_place)),
	    TP_fast_assign(__entry->index = index;
			   __assign_str(kind);
			   __entry->memsz = memsz;
			   __entry->align = align;
			   __entry->mem = mem;
			   __assign_str(placement);
			   __entry->alloc_ns = alloc_ns;
			   __entry->in_place = in_place),
	    TP_printk("segment=%u kind=%s memsz=0x%lx align=0x%lx mem=0x%lx placement=%s alloc_ns=%llu in_place=0x%lx copied=0x%lx",
		      __entry->index, __get_str(kind), __entry->memsz,
		      __entry->align, __entry->mem, __get_str(placement),
		      __entry->alloc_ns, __entry->in_place,
		      __entry->memsz - __entry->in_place)
);

#endif /* _TRACE_KEXEC_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
