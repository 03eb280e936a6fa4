// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec_file: check the image between load and jump, at memory speed
 *
 * The purgatory's digest guards against accidental corruption between
 * kexec_file_load() and the jump: stray DMA, an overwritten copy source, a
 * flipped bit. Authenticity is KEXEC_SIG's job at load time. So the check
 * need not be cryptographic, and it need not cover what nothing else can
 * write: a segment in CMA belongs to the image from load to jump.
 *
 * By default (kexec_verify=xxh64) the purgatory checks only the segments
 * on the page-list copy path, with xxh64 instead of SHA-256, and the next
 * kernel checks its CMA-resident initrd against a checksum taken at load,
 * before it unpacks it. kexec_verify=sha256 restores the classic SHA-256
 * of every segment; kexec_verify=off checks nothing.
 */

#define pr_fmt(fmt) "kexec_verify: " fmt

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/xxhash.h>

#include <asm/setup_data.h>

#include "kexec_internal.h"

/* kexec_verify=, not kexec_verify.kexec_verify=: a core parameter */
#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX ""

static const char * const kexec_verify_mode_names[] = {
	[KEXEC_VERIFY_XXH64]	= "xxh64",
	[KEXEC_VERIFY_WARN]	= "warn",
	[KEXEC_VERIFY_SHA256]	= "sha256",
	[KEXEC_VERIFY_OFF]	= "off",
};

static const char * const kexec_checker_names[] = {
	[KEXEC_CHECK_NONE]	= "none",
	[KEXEC_CHECK_PURGATORY]	= "purgatory",
	[KEXEC_CHECK_SUCCESSOR]	= "successor",
	[KEXEC_CHECK_KHO]	= "kho",
};

static enum kexec_verify_mode kexec_verify_mode = KEXEC_VERIFY_XXH64;

static int kexec_verify_mode_set(const char *val, const struct kernel_param *kp)
{
	int mode = sysfs_match_string(kexec_verify_mode_names, val);

	if (mode < 0) {
		pr_err("unknown mode '%s', keeping %s: use xxh64, warn, sha256 or off\n",
		       val, kexec_verify_mode_names[kexec_verify_mode]);
		return -EINVAL;
	}
	WRITE_ONCE(kexec_verify_mode, mode);
	return 0;
}

static int kexec_verify_mode_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%s\n",
			  kexec_verify_mode_names[READ_ONCE(kexec_verify_mode)]);
}

static const struct kernel_param_ops kexec_verify_mode_ops = {
	.set = kexec_verify_mode_set,
	.get = kexec_verify_mode_get,
};
module_param_cb(kexec_verify, &kexec_verify_mode_ops, &kexec_verify_mode, 0644);

/**
 * kexec_verify_mode_at_load - the mode an image being loaded is checked in
 *
 * Return: the current kexec_verify= mode, fixed for the image's lifetime.
 */
u8 kexec_verify_mode_at_load(void)
{
	return READ_ONCE(kexec_verify_mode);
}

/**
 * kexec_verify_checker - who checks a segment between load and jump
 * @image:	the image being loaded or loaded
 * @index:	the segment's index in @image
 *
 * A segment in CMA is not re-checked by the purgatory unless the image is
 * in sha256 mode: nothing but the image owns that memory from load to
 * jump. The next kernel checks a CMA-resident initrd itself.
 *
 * Return: KEXEC_CHECK_PURGATORY, KEXEC_CHECK_SUCCESSOR, KEXEC_CHECK_KHO or
 * KEXEC_CHECK_NONE.
 */
enum kexec_checker kexec_verify_checker(struct kimage *image,
					unsigned int index)
{
	/* Written at kexec -e, checked by Kexec HandOver in the next kernel */
	if (kexec_cma_kind(image, index) == KEXEC_SEGMENT_KHO_FDT)
		return KEXEC_CHECK_KHO;
	if (!kexec_segment_digested(image, index) ||
	    image->verify_mode == KEXEC_VERIFY_OFF)
		return KEXEC_CHECK_NONE;
	if (image->verify_mode == KEXEC_VERIFY_SHA256 ||
	    !kexec_cma_resident(image, index))
		return KEXEC_CHECK_PURGATORY;
	if (kexec_cma_kind(image, index) == KEXEC_SEGMENT_INITRD)
		return KEXEC_CHECK_SUCCESSOR;
	return KEXEC_CHECK_NONE;
}

/**
 * kexec_verify_checker_name - a kexec_checker as the segment listing shows it
 * @checker:	enum kexec_checker
 *
 * Return: a static string.
 */
const char *kexec_verify_checker_name(enum kexec_checker checker)
{
	return kexec_checker_names[checker];
}

static void kexec_verify_update_zeros(struct xxh64_state *state, size_t len)
{
	const void *zero = page_address(ZERO_PAGE(0));

	while (len) {
		size_t chunk = min_t(size_t, len, PAGE_SIZE);

		xxh64_update(state, zero, chunk);
		len -= chunk;
	}
}

/**
 * kexec_verify_store_xxh64 - give the purgatory what it checks, with xxh64
 * @image:	the image being loaded, all segments placed
 *
 * Takes one xxh64 over the segments kexec_verify_checker() gives to the
 * purgatory, their tails up to memsz as zeros, and stores it with the
 * regions in the purgatory. This is the one entry kexec_file.c has at
 * digest time: an image in sha256 mode is left to its SHA-256 path.
 *
 * Return: 0, -ENOMEM, or the error of kexec_purgatory_get_set_symbol();
 * 1 if @image is in sha256 mode and nothing was stored.
 */
int kexec_verify_store_xxh64(struct kimage *image)
{
	size_t regions_size = KEXEC_SEGMENT_MAX * sizeof(struct kexec_sha_region);
	struct kexec_sha_region *regions;
	struct xxh64_state state;
	unsigned int i, j = 0;
	u8 xxh64_on = 1;
	u64 digest;
	int ret;

	if (image->verify_mode == KEXEC_VERIFY_SHA256)
		return 1;

	regions = vzalloc(regions_size);
	if (!regions)
		return -ENOMEM;

	xxh64_reset(&state, 0);
	for (i = 0; i < image->nr_segments; i++) {
		struct kexec_segment *segment = &image->segment[i];

		if (kexec_verify_checker(image, i) != KEXEC_CHECK_PURGATORY)
			continue;
		xxh64_update(&state, segment->kbuf, segment->bufsz);
		kexec_verify_update_zeros(&state, segment->memsz - segment->bufsz);
		regions[j].start = segment->mem;
		regions[j].len = segment->memsz;
		j++;
	}
	digest = xxh64_digest(&state);

	ret = kexec_purgatory_get_set_symbol(image, "purgatory_sha_regions",
					     regions, regions_size, false);
	if (!ret)
		ret = kexec_purgatory_get_set_symbol(image, "purgatory_xxh64_digest",
						     &digest, sizeof(digest),
						     false);
	if (!ret)
		ret = kexec_purgatory_get_set_symbol(image, "purgatory_verify_xxh64",
						     &xxh64_on, sizeof(xxh64_on),
						     false);
	vfree(regions);
	return ret;
}

/**
 * kexec_verify_fill_record - the record the next kernel checks its initrd by
 * @image:	the image being loaded, its initrd placed
 * @record:	where to write the record
 *
 * Return: true if the next kernel is to check its initrd, and @record says
 * against what; false if it has nothing to check.
 */
bool kexec_verify_fill_record(struct kimage *image,
			      struct kexec_verify_record *record)
{
	unsigned int i;

	for (i = 0; i < image->nr_segments; i++)
		if (kexec_verify_checker(image, i) == KEXEC_CHECK_SUCCESSOR)
			break;
	if (i == image->nr_segments)
		return false;

	memset(record, 0, sizeof(*record));
	record->magic = KEXEC_VERIFY_MAGIC;
	if (image->verify_mode == KEXEC_VERIFY_WARN)
		record->flags = KEXEC_VERIFY_F_WARN;
	record->initrd_size = image->initrd_buf_len;
	record->initrd_xxh64 = xxh64(image->initrd_buf, image->initrd_buf_len, 0);
	kexec_dprintk("initrd checked by the next kernel: %llu bytes, xxh64 %016llx\n",
		      record->initrd_size, record->initrd_xxh64);
	return true;
}

/* The next kernel's side: the record it was handed, and what it found */

enum kexec_verify_outcome {
	KEXEC_VERIFY_NOTHING,	/* no record: not kexec'ed, or nothing to check */
	KEXEC_VERIFY_PENDING,	/* a record, initrd not checked yet */
	KEXEC_VERIFY_VERIFIED,
	KEXEC_VERIFY_MISMATCH,
};

static const char * const kexec_verify_outcome_names[] = {
	[KEXEC_VERIFY_NOTHING]	= "none",
	[KEXEC_VERIFY_PENDING]	= "pending",
	[KEXEC_VERIFY_VERIFIED]	= "verified",
	[KEXEC_VERIFY_MISMATCH]	= "MISMATCH",
};

#define KEXEC_VERIFY_MISMATCH_FMT \
	"initrd MISMATCH: %zu bytes, xxh64 %016llx, expected %llu bytes, xxh64 %016llx\n"

static struct kexec_verify_record kexec_verify_handed;
static enum kexec_verify_outcome kexec_verify_outcome;
static u64 kexec_verify_actual;
static u64 kexec_verify_ns;

/**
 * kexec_verify_handed_record - take the record the previous kernel passed
 * @record:	the record, as found in boot data; copied
 *
 * A record with another magic is ignored: a future layout is not guessed at.
 */
void __init kexec_verify_handed_record(const struct kexec_verify_record *record)
{
	if (record->magic != KEXEC_VERIFY_MAGIC)
		return;
	kexec_verify_handed = *record;
	kexec_verify_outcome = KEXEC_VERIFY_PENDING;
}

/**
 * kexec_verify_initrd - check the initrd against the handed record
 * @start:	the initrd, as the kernel is about to unpack it
 * @size:	its size in bytes
 *
 * Logs one line, verified or MISMATCH. On a mismatch the kernel panics
 * unless the loading kernel was in kexec_verify=warn mode. Does nothing
 * when no record was handed.
 */
void __init kexec_verify_initrd(const void *start, size_t size)
{
	const struct kexec_verify_record *expect = &kexec_verify_handed;
	u64 begin;

	if (kexec_verify_outcome != KEXEC_VERIFY_PENDING)
		return;

	begin = ktime_get_ns();
	kexec_verify_actual = xxh64(start, size, 0);
	kexec_verify_ns = ktime_get_ns() - begin;

	if (size == expect->initrd_size &&
	    kexec_verify_actual == expect->initrd_xxh64) {
		kexec_verify_outcome = KEXEC_VERIFY_VERIFIED;
		pr_info("initrd verified: %zu bytes, xxh64 %016llx, %llu us\n",
			size, kexec_verify_actual,
			div_u64(kexec_verify_ns, NSEC_PER_USEC));
		return;
	}

	kexec_verify_outcome = KEXEC_VERIFY_MISMATCH;
	if (expect->flags & KEXEC_VERIFY_F_WARN)
		pr_warn(KEXEC_VERIFY_MISMATCH_FMT, size, kexec_verify_actual,
			expect->initrd_size, expect->initrd_xxh64);
	else
		panic(pr_fmt(KEXEC_VERIFY_MISMATCH_FMT), size, kexec_verify_actual,
		      expect->initrd_size, expect->initrd_xxh64);
}

static int kexec_verify_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "mode: %s\n",
		   kexec_verify_mode_names[READ_ONCE(kexec_verify_mode)]);
	seq_printf(m, "initrd: %s\n",
		   kexec_verify_outcome_names[kexec_verify_outcome]);
	if (kexec_verify_outcome == KEXEC_VERIFY_NOTHING)
		return 0;
	seq_printf(m, "expected_bytes: %llu\nexpected_xxh64: %016llx\n",
		   kexec_verify_handed.initrd_size,
		   kexec_verify_handed.initrd_xxh64);
	if (kexec_verify_outcome != KEXEC_VERIFY_PENDING)
		seq_printf(m, "actual_xxh64: %016llx\ncheck_ns: %llu\n",
			   kexec_verify_actual, kexec_verify_ns);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kexec_verify);

#ifdef CONFIG_KEXEC_VERIFY_DEBUG
/*
 * Writing "INDEX OFFSET" flips the byte at OFFSET of segment INDEX of the
 * loaded image, wherever the segment waits for the jump: in its CMA range
 * or in the pages the relocation code copies from. For the tests that
 * prove a corrupted image is caught.
 */
static ssize_t kexec_verify_corrupt_write(struct file *file,
					  const char __user *ubuf,
					  size_t count, loff_t *ppos)
{
	struct kexec_segment *segment;
	unsigned long index, offset;
	char buf[48];
	u8 *page;
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%lu %lu", &index, &offset) != 2)
		return -EINVAL;

	if (!kexec_trylock())
		return -EBUSY;
	ret = -ENOENT;
	if (!kexec_image || index >= kexec_image->nr_segments)
		goto out_unlock;
	segment = &kexec_image->segment[index];
	ret = -ERANGE;
	if (offset >= segment->bufsz)
		goto out_unlock;

	ret = -ENOMEM;
	page = kimage_map_segment(kexec_image,
				  segment->mem + (offset & PAGE_MASK), PAGE_SIZE);
	if (!page)
		goto out_unlock;
	page[offset_in_page(offset)] ^= 0xff;
	kimage_unmap_segment(page);
	pr_warn("flipped byte %lu of segment %lu for a test\n", offset, index);
	ret = count;
out_unlock:
	kexec_unlock();
	return ret;
}

static const struct file_operations kexec_verify_corrupt_fops = {
	.owner = THIS_MODULE,
	.write = kexec_verify_corrupt_write,
};

static void __init kexec_verify_debugfs_corrupt(struct dentry *dir)
{
	debugfs_create_file("corrupt", 0200, dir, NULL,
			    &kexec_verify_corrupt_fops);
}
#else
static void __init kexec_verify_debugfs_corrupt(struct dentry *dir) { }
#endif /* CONFIG_KEXEC_VERIFY_DEBUG */

static int __init kexec_verify_debugfs_init(void)
{
	debugfs_create_file("verify", 0400, kexec_debugfs_dir, NULL,
			    &kexec_verify_fops);
	kexec_verify_debugfs_corrupt(kexec_debugfs_dir);
	return 0;
}
late_initcall(kexec_verify_debugfs_init);
