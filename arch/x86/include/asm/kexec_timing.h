/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kexec handover timing record: a setup_data node that a kernel loads
 * with kexec_file_load() next to the kernel it is about to boot. The old
 * kernel and the purgatory write a TSC stamp at each step of the handover;
 * the new kernel reads them back. Kernel, purgatory and the next kernel
 * share this layout, so it holds nothing but types.
 *
 * See Documentation/admin-guide/kexec-handover-timing.rst.
 */
#ifndef _ASM_X86_KEXEC_TIMING_H
#define _ASM_X86_KEXEC_TIMING_H

#include <linux/types.h>

/*
 * setup_data type of the record. Not an upstream SETUP_* value: those are
 * small and allocated in order, this one is far above them and clear of
 * SETUP_INDIRECT.
 */
#define SETUP_KEXEC_TIMING	0x4b540001

/* "KXTIMNG1": the record's layout, version 1 */
#define KEXEC_TIMING_MAGIC	0x31474e4d4954584bULL

/* The points of a handover, in the order the TSC passes them */
enum kexec_timing_point {
	KEXEC_TIMING_REBOOT,		/* old kernel: kernel_kexec() entered */
	KEXEC_TIMING_JUMP,		/* old kernel: devices shut down */
	KEXEC_TIMING_PURGATORY,		/* purgatory entered: relocation done */
	KEXEC_TIMING_VERIFIED,		/* purgatory: SHA-256 verified */
	KEXEC_TIMING_HANDED,		/* stamps in the record */
	/* The next kernel keeps its own stamps */
	KEXEC_TIMING_ENTRY = KEXEC_TIMING_HANDED, /* x86_64_start_kernel() */
	KEXEC_TIMING_START_KERNEL,	/* start_kernel() */
	KEXEC_TIMING_INIT,		/* init about to be run */
	KEXEC_TIMING_NR,
};

/**
 * struct kexec_timing_record - payload of the SETUP_KEXEC_TIMING node
 * @magic:	KEXEC_TIMING_MAGIC
 * @tsc_khz:	the old kernel's TSC frequency, in kHz
 * @tsc:	TSC at each point before the next kernel, 0 if not reached
 */
struct kexec_timing_record {
	u64 magic;
	u64 tsc_khz;
	u64 tsc[KEXEC_TIMING_HANDED];
};

/*
 * The new kernel's stamps: [0, KEXEC_TIMING_HANDED) copied from the record,
 * the rest its own. x86_64_start_kernel() stamps its entry before .bss is
 * cleared, so the array lives in .data.
 */
extern u64 kexec_timing_tsc[KEXEC_TIMING_NR];

#endif /* _ASM_X86_KEXEC_TIMING_H */
