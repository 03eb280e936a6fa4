/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kexec_file: how the image is checked between load and jump
 *
 * See Documentation/admin-guide/kexec-cma.rst, "Integrity check".
 */
#ifndef LINUX_KEXEC_VERIFY_H
#define LINUX_KEXEC_VERIFY_H

#include <linux/errno.h>
#include <linux/types.h>

struct kimage;

/*
 * kexec_verify= modes. xxh64: the purgatory checks the segments that can
 * still be corrupted (page-list copies) with xxh64, the successor checks
 * its CMA-resident initrd and panics on a mismatch; warn: the same, but
 * the successor only warns; sha256: the purgatory checks every segment
 * with SHA-256, as kexec always did; off: nothing is checked.
 */
enum kexec_verify_mode {
	KEXEC_VERIFY_XXH64,
	KEXEC_VERIFY_WARN,
	KEXEC_VERIFY_SHA256,
	KEXEC_VERIFY_OFF,
};

/* Who checks a segment between load and jump */
enum kexec_checker {
	KEXEC_CHECK_NONE,
	KEXEC_CHECK_PURGATORY,
	KEXEC_CHECK_SUCCESSOR,
	KEXEC_CHECK_KHO,
};

/* Handed to the next kernel: arch/x86/include/uapi/asm/setup_data.h */
struct kexec_verify_record;

/* Whether segment @index is part of @image's digest at all: kexec_file.c */
bool kexec_segment_digested(struct kimage *image, unsigned int index);

#ifdef CONFIG_KEXEC_VERIFY
u8 kexec_verify_mode_at_load(void);
enum kexec_checker kexec_verify_checker(struct kimage *image,
					unsigned int index);
const char *kexec_verify_checker_name(enum kexec_checker checker);
int kexec_verify_store_xxh64(struct kimage *image);
bool kexec_verify_fill_record(struct kimage *image,
			      struct kexec_verify_record *record);
void kexec_verify_handed_record(const struct kexec_verify_record *record);
void kexec_verify_initrd(const void *start, size_t size);
#else
static inline u8 kexec_verify_mode_at_load(void)
{
	return KEXEC_VERIFY_SHA256;
}

static inline enum kexec_checker kexec_verify_checker(struct kimage *image,
						      unsigned int index)
{
	return kexec_segment_digested(image, index) ?
		KEXEC_CHECK_PURGATORY : KEXEC_CHECK_NONE;
}

static inline const char *kexec_verify_checker_name(enum kexec_checker checker)
{
	return checker == KEXEC_CHECK_PURGATORY ? "purgatory" : "none";
}

static inline int kexec_verify_store_xxh64(struct kimage *image)
{
	return 1;
}

static inline bool kexec_verify_fill_record(struct kimage *image,
					    struct kexec_verify_record *record)
{
	return false;
}

static inline void
kexec_verify_handed_record(const struct kexec_verify_record *record) { }
static inline void kexec_verify_initrd(const void *start, size_t size) { }
#endif /* CONFIG_KEXEC_VERIFY */

#endif /* LINUX_KEXEC_VERIFY_H */
