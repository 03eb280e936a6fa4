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

#ifdef CONFIG_KEXEC_HANDOVER_TIMING
int kexec_timing_load(struct kimage *image, struct boot_params *params);
void kexec_timing_post_load(struct kimage *image);
void kexec_timing_free(struct kimage *image);
void kexec_timing_reboot(struct kimage *image);
void kexec_timing_jump(struct kimage *image);
void kexec_timing_start_kernel(void);
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
static inline void kexec_timing_start_kernel(void) { }
static inline void kexec_timing_run_init(void) { }
#endif /* CONFIG_KEXEC_HANDOVER_TIMING */

#endif /* LINUX_KEXEC_TIMING_H */
