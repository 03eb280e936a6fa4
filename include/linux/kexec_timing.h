/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kexec handover timing: where the old kernel, the purgatory and the new
 * kernel stamp the TSC, and how the new kernel reports the breakdown.
 *
 * See Documentation/admin-guide/kexec-cma.rst, "Handover timing".
 */
#ifndef LINUX_KEXEC_TIMING_H
#define LINUX_KEXEC_TIMING_H

#include <linux/types.h>

struct boot_params;
struct kimage;

#ifdef CONFIG_KEXEC_HANDOVER_TIMING
#include <asm/kexec_timing.h>
#include <asm/msr.h>
#include <asm/setup_data.h>

/**
 * struct kexec_timing_image - the timing record of a loaded image
 * @buf:	the segment's contents at load: a setup_data header and the
 *		record, all stamps 0
 * @mem:	where the segment is loaded, 0 if the image has none
 * @map:	the loaded segment, mapped for kernel_kexec() to stamp
 */
struct kexec_timing_image {
	u8 buf[sizeof(struct setup_data) +
	       sizeof(struct kexec_timing_record)] __aligned(8);
	unsigned long mem;
	struct setup_data *map;
};

int kexec_timing_load(struct kimage *image, struct boot_params *params);
void kexec_timing_post_load(struct kimage *image);
void kexec_timing_free(struct kimage *image);
void kexec_timing_reboot(struct kimage *image);
void kexec_timing_jump(struct kimage *image);

/* The new kernel's stamps; [0, KEXEC_TIMING_HANDED) come from the record */
extern u64 kexec_timing_tsc[KEXEC_TIMING_NR];

/*
 * Called before KASAN and the rest of early setup: inline, so that the
 * caller's instrumentation rules apply and no call is made.
 */
static __always_inline void kexec_timing_kernel_entry(void)
{
	kexec_timing_tsc[KEXEC_TIMING_ENTRY] = rdtsc_ordered();
}

static __always_inline void kexec_timing_start_kernel(void)
{
	kexec_timing_tsc[KEXEC_TIMING_START_KERNEL] = rdtsc_ordered();
}

void kexec_timing_run_init(void);
#else
static inline int kexec_timing_load(struct kimage *image,
				    struct boot_params *params)
{
	return 0;
}

static inline void kexec_timing_post_load(struct kimage *image) { }
static inline void kexec_timing_free(struct kimage *image) { }
static inline void kexec_timing_reboot(struct kimage *image) { }
static inline void kexec_timing_jump(struct kimage *image) { }
static inline void kexec_timing_kernel_entry(void) { }
static inline void kexec_timing_start_kernel(void) { }
static inline void kexec_timing_run_init(void) { }
#endif /* CONFIG_KEXEC_HANDOVER_TIMING */

#endif /* LINUX_KEXEC_TIMING_H */
