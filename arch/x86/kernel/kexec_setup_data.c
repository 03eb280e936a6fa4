// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_file: the records an image hands the kernel it boots
 *
 * A feature that hands the next kernel a record adds one entry to the
 * table below. The bzImage64 loader leaves KEXEC_SETUP_DATA_SIZE bytes in
 * its boot parameters for them and calls kexec_setup_data_add() once;
 * each record the image needs is written there and linked into the
 * setup_data chain, which the next kernel reserves early in boot and
 * KASLR avoids. The boot parameters are covered by the image's digest.
 *
 * The handover timing record is the exception: it is written during the
 * handover, after the digest is taken, so it goes to a segment of its own,
 * which kexec_timing_load() adds and links into the same chain.
 */

#include <linux/kexec.h>
#include <linux/kexec_timing.h>
#include <linux/kexec_verify.h>

#include <asm/bootparam.h>
#include <asm/kexec_setup_data.h>

/**
 * struct kexec_setup_data_record - a record handed in the boot parameters
 * @type:	its setup_data type
 * @node:	the room it takes: KEXEC_SETUP_DATA_NODE() of its largest payload
 * @fill:	writes the payload to @payload, which the next kernel finds at
 *		@addr; returns its length, 0 when the image needs no record,
 *		or a negative errno
 */
struct kexec_setup_data_record {
	u32 type;
	u32 node;
	int (*fill)(struct kimage *image, void *payload, unsigned long addr);
};

#ifdef CONFIG_KEXEC_VERIFY
static int kexec_setup_data_verify(struct kimage *image, void *payload,
				   unsigned long addr)
{
	if (!kexec_verify_fill_record(image, payload))
		return 0;
	return sizeof(struct kexec_verify_record);
}
#endif

#ifdef CONFIG_KEXEC_HANDOVER
/*
 * The root FDT, in the segment kho_add_segment() reserves for it to be
 * written into at kexec -e, and this kernel's scratch areas less that
 * segment, which follow the record in the same node.
 */
static int kexec_setup_data_kho(struct kimage *image, void *payload,
				unsigned long addr)
{
	struct kho_data *kho = payload;
	struct kho_scratch *scratch = (void *)(kho + 1);
	unsigned int nr;
	int ret;

	ret = kho_add_segment(image);
	if (ret)
		return ret;
	if (!image->kho_segment_memsz)
		return 0;
	nr = kho_image_scratch(image, scratch, KHO_SCRATCH_MAX);
	kho->fdt_addr = image->kho_segment_mem + KHO_SEGMENT_HEADER_SIZE;
	/* The FDT, not the blobs after it: the next kernel maps it early */
	kho->fdt_size = min_t(u64,
			      image->kho_segment_memsz - KHO_SEGMENT_HEADER_SIZE,
			      KHO_FDT_MAX_SIZE);
	kho->scratch_addr = addr + sizeof(*kho);
	kho->scratch_size = nr * sizeof(*scratch);
	return sizeof(*kho) + kho->scratch_size;
}
#endif

static const struct kexec_setup_data_record kexec_setup_data_records[] = {
#ifdef CONFIG_KEXEC_VERIFY
	{ SETUP_KEXEC_VERIFY, KEXEC_SETUP_DATA_VERIFY,
	  kexec_setup_data_verify },
#endif
#ifdef CONFIG_KEXEC_HANDOVER
	{ SETUP_KEXEC_KHO, KEXEC_SETUP_DATA_KHO, kexec_setup_data_kho },
#endif
};

/**
 * kexec_setup_data_add - write the records an image hands the next kernel
 * @image:		the image the bzImage64 loader is building
 * @params:		its boot parameters
 * @params_load_addr:	where @params will be in memory
 * @offset:		start of the KEXEC_SETUP_DATA_SIZE bytes left in @params
 *
 * Return: 0, or the error of a record's fill() or of kexec_timing_load().
 */
int kexec_setup_data_add(struct kimage *image, struct boot_params *params,
			 unsigned long params_load_addr, unsigned int offset)
{
	const struct kexec_setup_data_record *record;
	int len;

	for (record = kexec_setup_data_records;
	     record < kexec_setup_data_records +
		      ARRAY_SIZE(kexec_setup_data_records); record++) {
		struct setup_data *sd = (void *)params + offset;
		unsigned long addr = params_load_addr + offset;

		offset += record->node;
		len = record->fill(image, sd->data, addr + sizeof(*sd));
		if (len < 0)
			return len;
		if (!len)
			continue;

		sd->type = record->type;
		sd->len = len;
		sd->next = params->hdr.setup_data;
		params->hdr.setup_data = addr;
	}
	return kexec_timing_load(image, params, (void *)params + offset);
}
