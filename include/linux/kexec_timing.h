/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kexec handover timing: the old kernel, the purgatory and the new kernel
 * stamp the TSC at each step of a kexec, and the new kernel reports the
 * breakdown.
 *
 * See Documentation/admin-guide/kexec-handover-timing.rst.
 */
#ifndef LINUX_KEXEC_TIMING_H
#define LINUX_KEXEC_TIMING_H

struct boot_params;
struct kimage;
struct setup_data;

#ifdef CONFIG_KEXEC_HANDOVER_TIMING
int kexec_timing_load(struct kimage *image, struct boot_params *params,
		      struct setup_data *node);
void kexec_timing_jump(void);
void kexec_timing_start_kernel(void);
void kexec_timing_run_init(void);
#else
static inline int kexec_timing_load(struct kimage *image,
				    struct boot_params *params,
				    struct setup_data *node)
{
	return 0;
}

static inline void kexec_timing_jump(void) { }
static inline void kexec_timing_start_kernel(void) { }
static inline void kexec_timing_run_init(void) { }
#endif /* CONFIG_KEXEC_HANDOVER_TIMING */

#endif /* LINUX_KEXEC_TIMING_H */
