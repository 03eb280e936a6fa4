/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The points of a kexec handover at which the TSC is stamped. The old
 * kernel and the purgatory write theirs into the struct kexec_timing_record
 * of uapi/asm/setup_data.h; the new kernel reads them back and adds its
 * own. Kernel and purgatory share this header, so it holds nothing but
 * types.
 *
 * See Documentation/admin-guide/kexec-handover-timing.rst.
 */
#ifndef _ASM_X86_KEXEC_TIMING_H
#define _ASM_X86_KEXEC_TIMING_H

#include <linux/types.h>

#include <asm/setup_data.h>

/* The points of a handover, in the order the TSC passes them */
enum kexec_timing_point {
	KEXEC_TIMING_REBOOT,		/* old kernel: the handover begins */
	KEXEC_TIMING_JUMP,		/* old kernel: devices shut down */
	KEXEC_TIMING_PURGATORY,		/* purgatory entered: relocation done */
	KEXEC_TIMING_VERIFIED,		/* purgatory: segments checked */
	KEXEC_TIMING_HANDED,		/* stamps in the record */
	/* The next kernel keeps its own stamps */
	KEXEC_TIMING_ENTRY = KEXEC_TIMING_HANDED, /* x86_64_start_kernel() */
	KEXEC_TIMING_START_KERNEL,	/* start_kernel() */
	KEXEC_TIMING_INIT,		/* init about to be run */
	KEXEC_TIMING_NR,
};

/*
 * The new kernel's stamps: [0, KEXEC_TIMING_HANDED) copied from the record,
 * the rest its own. x86_64_start_kernel() stamps its entry before .bss is
 * cleared, so the array lives in .data.
 */
extern u64 kexec_timing_tsc[KEXEC_TIMING_NR];

#endif /* _ASM_X86_KEXEC_TIMING_H */
