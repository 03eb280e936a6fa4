/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kexec_file: the records an image hands the kernel it boots, as
 * setup_data nodes in the boot parameters. Their types and layouts are in
 * uapi/asm/setup_data.h; arch/x86/kernel/kexec_setup_data.c writes them.
 */
#ifndef _ASM_X86_KEXEC_SETUP_DATA_H
#define _ASM_X86_KEXEC_SETUP_DATA_H

#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>

#include <asm/setup_data.h>

struct boot_params;
struct kimage;

#define KEXEC_SETUP_DATA_NODE(payload)	(sizeof(struct setup_data) + (payload))

#ifdef CONFIG_KEXEC_VERIFY
#define KEXEC_SETUP_DATA_VERIFY	\
	KEXEC_SETUP_DATA_NODE(sizeof(struct kexec_verify_record))
#else
#define KEXEC_SETUP_DATA_VERIFY	0
#endif

/* The KHO record carries this kernel's scratch areas after its payload */
#ifdef CONFIG_KEXEC_HANDOVER
#define KEXEC_SETUP_DATA_KHO	\
	KEXEC_SETUP_DATA_NODE(sizeof(struct kho_data) + \
			      KHO_SCRATCH_MAX * sizeof(struct kho_scratch))
#else
#define KEXEC_SETUP_DATA_KHO	0
#endif

/*
 * The timing record takes its room here only until the image is loaded:
 * kexec_timing_load() gives it a segment of its own.
 */
#ifdef CONFIG_KEXEC_HANDOVER_TIMING
#define KEXEC_SETUP_DATA_TIMING	\
	KEXEC_SETUP_DATA_NODE(sizeof(struct kexec_timing_record))
#else
#define KEXEC_SETUP_DATA_TIMING	0
#endif

/* The room the bzImage64 loader leaves for them in its boot parameters */
#define KEXEC_SETUP_DATA_SIZE	(KEXEC_SETUP_DATA_VERIFY + \
				 KEXEC_SETUP_DATA_KHO + \
				 KEXEC_SETUP_DATA_TIMING)

int kexec_setup_data_add(struct kimage *image, struct boot_params *params,
			 unsigned long params_load_addr, unsigned int offset);

#endif /* _ASM_X86_KEXEC_SETUP_DATA_H */
