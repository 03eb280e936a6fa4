// SPDX-License-Identifier: GPL-2.0-only
/*
 * A Kexec HandOver user for tests: preserves folios filled with a known
 * pattern and a blob listing them, and in the next kernel restores every
 * folio and checks every byte.
 *
 *	echo BYTES [ORDER] > /sys/kernel/debug/kho_test/preserve
 *	cat /sys/kernel/debug/kho_test/status
 *
 * It also plays users that write their state at kexec -e: N serializers,
 * each writing an FDT with BYTES of pattern in its properties and the
 * value last written to "late"; serializer I can be made to fail.
 *
 *	echo N BYTES > /sys/kernel/debug/kho_test/serializers
 *	echo VALUE > /sys/kernel/debug/kho_test/late
 *	echo I > /sys/kernel/debug/kho_test/fail	(-1: none)
 *
 * Without ORDER the folios cycle through orders 0, 1, 3 and 9. Writing 0
 * gives everything back. kho_test.verify=0 on the command line restores
 * without reading the data, and frees the folios ten seconds later, for
 * timing the restore alone: a real user keeps what it restores. Each
 * kernel's data carries a generation one above what it restored, so a
 * chain of handovers checks new data each time.
 *
 * After a handover from upstream Linux 7.1, it restores what that
 * kernel's own test user preserved (its "kho_test" subtree) and checks
 * the folios against the checksum that user kept; the upstream_* lines of
 * the status say what it found, with the SHA-256 of the folios' bytes in
 * list order to compare with what the old kernel read of them. The other
 * way, it preserves random folios in that user's format, for a 7.1
 * kernel's test user to check, and gives their SHA-256 the same way:
 *
 *	echo BYTES > /sys/kernel/debug/kho_test/upstream
 *
 * kho_test_ser.c plays the serializers, kho_test_upstream.c speaks
 * upstream's format, kho_test_ranges.c preserves page ranges,
 * kho_test_reserve_mem.c looks at a reserve_mem= region; this file does
 * the rest.
 */

#define pr_fmt(fmt) "kho_test: " fmt

#include <linux/debugfs.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/ktime.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/unaligned.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "kho_test.h"

#define KHO_TEST_NAME		"kexec-cma-kho-test"
#define KHO_TEST_MAGIC		0x4b485431	/* "KHT1" */
#define KHO_TEST_ORDER_MASK	0xffUL
/* The blob: which folios hold the pattern, in the next kernel's words */
struct kho_test_blob {
	u32 magic;
	u32 nr_folios;
	u64 generation;
	u64 bytes;
	u64 folios[];		/* physical address | order */
};

static bool verify = true;
module_param(verify, bool, 0444);
MODULE_PARM_DESC(verify, "check every restored byte (default: yes)");

static struct {
	struct mutex lock;	/* the preserved set */
	struct kho_test_blob *blob;
	unsigned int blob_order;
	u64 generation;		/* the last one restored */
	/* what the last restore found, and what it and the check took */
	u64 restored, restored_bytes, missing, bad_bytes, restore_us, check_us;
	bool handover;
	u64 preserve_ns;	/* in kho_preserve_folio() for the set */
} kho_test = {
	.lock = __MUTEX_INITIALIZER(kho_test.lock),
};

/**
 * kho_test_generation - the generation of the data this kernel restored
 *
 * Return: 0 when it restored none.
 */
u64 kho_test_generation(void)
{
	return READ_ONCE(kho_test.generation);
}

static void kho_test_fill(struct folio *folio, u64 generation, unsigned int i)
{
	u64 *words = folio_address(folio);
	size_t w, n = folio_size(folio) / sizeof(u64);

	for (w = 0; w < n; w++)
		words[w] = kho_test_word(generation, i, w);
}

/* Bytes of @folio that differ from the pattern */
static u64 kho_test_bad_bytes(struct folio *folio, u64 generation,
			      unsigned int i)
{
	u64 *words = folio_address(folio), bad = 0, diff;
	size_t w, n = folio_size(folio) / sizeof(u64);
	unsigned int b;

	for (w = 0; w < n; w++) {
		diff = words[w] ^ kho_test_word(generation, i, w);
		for (b = 0; diff && b < sizeof(u64); b++, diff >>= 8)
			bad += !!(diff & 0xff);
	}
	return bad;
}

static void kho_test_release(void)
{
	struct kho_test_blob *blob = kho_test.blob;
	struct page *blob_page;
	struct folio *folio;
	unsigned int i;

	if (!blob)
		return;
	kho_remove_subtree(blob);
	for (i = 0; i < blob->nr_folios; i++) {
		folio = pfn_folio(PHYS_PFN(blob->folios[i] & PAGE_MASK));
		kho_unpreserve_folio(folio);
		folio_put(folio);
	}
	blob_page = virt_to_page(blob);
	kho_unpreserve_pages(blob_page, 1UL << kho_test.blob_order);
	__free_pages(blob_page, kho_test.blob_order);
	kho_test.blob = NULL;
}

static int kho_test_add_folio(struct kho_test_blob *blob, unsigned int order,
			      u64 generation)
{
	struct folio *folio;
	ktime_t start;
	int err;

	folio = folio_alloc(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, order);
	if (!folio)
		return -ENOMEM;
	kho_test_fill(folio, generation, blob->nr_folios);
	start = ktime_get();
	err = kho_preserve_folio(folio);
	kho_test.preserve_ns += ktime_to_ns(ktime_sub(ktime_get(), start));
	if (err) {
		folio_put(folio);
		return err;
	}
	blob->folios[blob->nr_folios++] = PFN_PHYS(folio_pfn(folio)) | order;
	blob->bytes += folio_size(folio);
	return 0;
}

static int kho_test_preserve(u64 bytes, int fixed_order)
{
	unsigned int order, nr_max, blob_order;
	struct kho_test_blob *blob;
	struct page *blob_page;
	int err;

	nr_max = DIV_ROUND_UP(bytes, PAGE_SIZE);
	blob_order = get_order(struct_size(blob, folios, nr_max));
	if (blob_order > MAX_PAGE_ORDER)
		return -E2BIG;
	blob_page = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
				blob_order);
	if (!blob_page)
		return -ENOMEM;
	blob = page_address(blob_page);
	blob->magic = KHO_TEST_MAGIC;
	blob->generation = kho_test.generation + 1;
	kho_test.preserve_ns = 0;
	kho_test.blob = blob;
	kho_test.blob_order = blob_order;
	err = kho_preserve_pages(blob_page, 1UL << blob_order);
	if (err) {
		__free_pages(blob_page, blob_order);
		kho_test.blob = NULL;
		return err;
	}
	while (blob->bytes < bytes) {
		order = fixed_order >= 0 ? fixed_order :
			kho_test_order(blob->nr_folios);
		while (order && blob->bytes + (PAGE_SIZE << order) > bytes)
			order--;
		err = kho_test_add_folio(blob, order, blob->generation);
		if (err)
			goto err_release;
	}
	err = kho_add_subtree(KHO_TEST_NAME, blob,
			      struct_size(blob, folios, blob->nr_folios));
	if (err)
		goto err_release;
	pr_info("generation %llu: %u folios, %llu bytes preserved\n",
		blob->generation, blob->nr_folios, blob->bytes);
	return 0;

err_release:
	kho_test_release();
	return err;
}

/**
 * kho_test_parse - a short line from userspace, as a string
 * @ubuf:	the user's buffer
 * @len:	its length
 * @buf:	where the string goes
 * @size:	@buf's size
 *
 * Return: 0, -EINVAL for a line too long, -EFAULT.
 */
int kho_test_parse(const char __user *ubuf, size_t len, char *buf,
		   size_t size)
{
	if (len >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	return 0;
}

static ssize_t kho_test_preserve_write(struct file *file,
				       const char __user *ubuf, size_t len,
				       loff_t *ppos)
{
	int order = -1, n, err;
	char buf[48];
	u64 bytes;

	err = kho_test_parse(ubuf, len, buf, sizeof(buf));
	if (err)
		return err;
	n = sscanf(buf, "%llu %d", &bytes, &order);
	if (n < 1 || order > MAX_PAGE_ORDER || (n == 2 && order < 0))
		return -EINVAL;

	mutex_lock(&kho_test.lock);
	kho_test_release();
	err = bytes ? kho_test_preserve(bytes, order) : 0;
	mutex_unlock(&kho_test.lock);
	return err ?: len;
}

static const struct file_operations kho_test_preserve_fops = {
	.owner = THIS_MODULE,
	.write = kho_test_preserve_write,
};

static int kho_test_status_show(struct seq_file *m, void *v)
{
	mutex_lock(&kho_test.lock);
	seq_printf(m, "handover %d\ngeneration %llu\nrestored_folios %llu\n"
		   "restored_bytes %llu\nmissing_folios %llu\nbad_bytes %llu\n"
		   "restore_us %llu\ncheck_us %llu\npreserved_folios %u\n"
		   "preserved_bytes %llu\npreserve_us %llu\n",
		   kho_test.handover, kho_test.generation, kho_test.restored,
		   kho_test.restored_bytes, kho_test.missing,
		   kho_test.bad_bytes, kho_test.restore_us, kho_test.check_us,
		   kho_test.blob ? kho_test.blob->nr_folios : 0,
		   kho_test.blob ? kho_test.blob->bytes : 0,
		   div_u64(kho_test.preserve_ns, NSEC_PER_USEC));
	mutex_unlock(&kho_test.lock);
	kho_test_ser_show(m);
	kho_test_upstream_show(m);
	kho_test_ranges_show(m);
	kho_test_reserve_mem_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kho_test_status);

/* Take every folio back; an entry that cannot be is cleared */
static void __init kho_test_take_back(struct kho_test_blob *blob)
{
	unsigned int i, order;
	struct folio *folio;

	for (i = 0; i < blob->nr_folios; i++) {
		order = blob->folios[i] & KHO_TEST_ORDER_MASK;
		folio = kho_restore_folio(blob->folios[i] & PAGE_MASK);
		if (!folio || folio_order(folio) != order) {
			kho_test.missing++;
			blob->folios[i] = 0;
			if (folio)
				folio_put(folio);
			continue;
		}
		kho_test.restored++;
		kho_test.restored_bytes += folio_size(folio);
	}
}

static void kho_test_check_and_free(const struct kho_test_blob *blob)
{
	struct folio *folio;
	unsigned int i;

	for (i = 0; i < blob->nr_folios; i++) {
		if (!blob->folios[i])
			continue;
		folio = pfn_folio(PHYS_PFN(blob->folios[i] & PAGE_MASK));
		if (verify)
			kho_test.bad_bytes +=
				kho_test_bad_bytes(folio, blob->generation, i);
		folio_put(folio);
	}
}

/* The restored blob, until its folios are checked and freed */
static struct {
	struct delayed_work work;
	struct page *page;
	unsigned long nr_pages;
} kho_test_restored;

static void kho_test_finish(struct work_struct *work)
{
	unsigned long i;
	ktime_t start = ktime_get();

	kho_test_check_and_free(page_address(kho_test_restored.page));
	kho_test.check_us = ktime_us_delta(ktime_get(), start);
	for (i = 0; i < kho_test_restored.nr_pages; i++)
		__free_page(kho_test_restored.page + i);
}

static void __init kho_test_restore(void)
{
	struct kho_test_blob *blob;
	unsigned int nr_folios;
	struct page *page;
	phys_addr_t phys;
	ktime_t start;
	size_t size;
	u64 bytes;

	if (kho_retrieve_subtree(KHO_TEST_NAME, &phys, &size))
		return;
	kho_test.handover = true;
	start = ktime_get();
	kho_test_restored.nr_pages = 1UL << get_order(size);
	page = kho_restore_pages(phys, kho_test_restored.nr_pages);
	blob = page ? page_address(page) : NULL;
	if (!blob || size < sizeof(*blob) || blob->magic != KHO_TEST_MAGIC ||
	    size < struct_size(blob, folios, blob->nr_folios)) {
		pr_err("blob at %pa (%zu bytes) is not ours\n", &phys, size);
		return;
	}
	kho_test_take_back(blob);
	kho_test.restore_us = ktime_us_delta(ktime_get(), start);
	kho_test.generation = blob->generation;
	nr_folios = blob->nr_folios;
	bytes = blob->bytes;
	kho_test_restored.page = page;
	INIT_DELAYED_WORK(&kho_test_restored.work, kho_test_finish);
	if (!verify) {
		pr_info("generation %llu: %llu folios, %llu bytes restored in %llu us, not checked\n",
			kho_test.generation, kho_test.restored,
			kho_test.restored_bytes, kho_test.restore_us);
		schedule_delayed_work(&kho_test_restored.work, 10 * HZ);
		return;
	}
	kho_test_finish(&kho_test_restored.work.work);
	if (!kho_test.missing && !kho_test.bad_bytes &&
	    kho_test.restored_bytes == bytes)
		pr_info("generation %llu: %llu folios, %llu bytes restored intact in %llu us\n",
			kho_test.generation, kho_test.restored,
			kho_test.restored_bytes, kho_test.restore_us);
	else
		pr_err("generation %llu: MISMATCH: %llu of %u folios missing, %llu bad bytes\n",
		       kho_test.generation, kho_test.missing, nr_folios,
		       kho_test.bad_bytes);
}

static int __init kho_test_init(void)
{
	struct dentry *dir;

	kho_test_restore();
	kho_test_ser_restore();
	kho_test_upstream_restore();
	kho_test_ranges_restore();
	kho_test_reserve_mem_init();
	if (!kho_is_enabled() && !kho_test.handover &&
	    !kho_test_upstream_found())
		return 0;
	dir = debugfs_create_dir("kho_test", NULL);
	/*
	 * What the previous kernel handed over is shown even when this one
	 * cannot hand over in turn (kho=on missing, no scratch areas)
	 */
	debugfs_create_file("status", 0400, dir, NULL, &kho_test_status_fops);
	if (!kho_is_enabled())
		return 0;
	debugfs_create_file("preserve", 0200, dir, NULL,
			    &kho_test_preserve_fops);
	kho_test_ser_debugfs(dir);
	kho_test_upstream_debugfs(dir);
	kho_test_ranges_debugfs(dir);
	kho_test_reserve_mem_debugfs(dir);
	return 0;
}
late_initcall(kho_test_init);
