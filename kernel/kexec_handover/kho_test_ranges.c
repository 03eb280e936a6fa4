// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Kexec HandOver test user's page ranges: contiguous order-0 pages,
 * each range filled with the pattern and preserved with kho_preserve_pages()
 * at an odd page offset, so that it is cut into blocks of every order up to
 * its size, above MAX_PAGE_ORDER too. The next kernel restores each range
 * with kho_restore_pages() and checks every byte.
 *
 *	echo MIB [MIB ...] > /sys/kernel/debug/kho_test/ranges
 *
 * Range I starts 2 * I + 1 pages past an aligned boundary. Writing 0 gives
 * the ranges back.
 */

#define pr_fmt(fmt) "kho_test: " fmt

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>

#include "kho_test.h"

#define KHO_TEST_RANGES_NAME	"kexec-cma-kho-ranges"
#define KHO_TEST_RANGES_MAGIC	0x4b485231	/* "KHR1" */
#define KHO_TEST_RANGES_MAX	8
#define KHO_TEST_RANGE_MAX_MIB	1024

struct kho_test_range {
	u64 phys;
	u64 nr_pages;
};

/* The blob, one page: the ranges in the next kernel's words */
struct kho_test_ranges_blob {
	u32 magic;
	u32 nr;
	u64 generation;
	struct kho_test_range range[KHO_TEST_RANGES_MAX];
};

static struct {
	struct mutex lock;	/* the preserved set */
	struct kho_test_ranges_blob *blob;
	/* what the last restore found */
	u64 restored, restored_bytes, missing, bad_bytes;
	bool handover;
} kho_test_ranges = {
	.lock = __MUTEX_INITIALIZER(kho_test_ranges.lock),
};

/* The pattern of range @i, over its pages as one run of words */
static void kho_test_range_fill(struct page *page, unsigned long nr_pages,
				u64 generation, unsigned int i)
{
	size_t per_page = PAGE_SIZE / sizeof(u64), w;
	unsigned long p;
	u64 *words;

	for (p = 0; p < nr_pages; p++) {
		words = page_address(page + p);
		for (w = 0; w < per_page; w++)
			words[w] = kho_test_word(generation, i, p * per_page + w);
	}
}

static u64 kho_test_range_bad_bytes(struct page *page, unsigned long nr_pages,
				    u64 generation, unsigned int i)
{
	size_t per_page = PAGE_SIZE / sizeof(u64), w;
	u64 *words, diff, bad = 0;
	unsigned long p;
	unsigned int b;

	for (p = 0; p < nr_pages; p++) {
		words = page_address(page + p);
		for (w = 0; w < per_page; w++) {
			diff = words[w] ^
			       kho_test_word(generation, i, p * per_page + w);
			for (b = 0; diff && b < sizeof(u64); b++, diff >>= 8)
				bad += !!(diff & 0xff);
		}
	}
	return bad;
}

static void kho_test_ranges_release(void)
{
	struct kho_test_ranges_blob *blob = kho_test_ranges.blob;
	struct kho_test_range *r;
	unsigned int i;

	if (!blob)
		return;
	kho_remove_subtree(blob);
	for (i = 0; i < blob->nr; i++) {
		r = &blob->range[i];
		kho_unpreserve_pages(pfn_to_page(PHYS_PFN(r->phys)), r->nr_pages);
		free_contig_range(PHYS_PFN(r->phys), r->nr_pages);
	}
	kho_unpreserve_pages(virt_to_page(blob), 1);
	free_page((unsigned long)blob);
	kho_test_ranges.blob = NULL;
}

/*
 * Allocates @mib MiB and 2 * @i + 1 pages more, aligned as
 * alloc_contig_pages() aligns, and keeps the pages from that offset on.
 */
static int kho_test_range_add(struct kho_test_ranges_blob *blob,
			      unsigned long mib)
{
	unsigned long nr_pages = mib << (20 - PAGE_SHIFT);
	unsigned long offset = 2 * blob->nr + 1, pfn;
	struct kho_test_range *r = &blob->range[blob->nr];
	struct page *page;
	int err;

	page = alloc_contig_pages(nr_pages + offset, GFP_KERNEL | __GFP_NOWARN,
				  numa_mem_id(), NULL);
	if (!page)
		return -ENOMEM;
	pfn = page_to_pfn(page);
	free_contig_range(pfn, offset);
	page += offset;
	kho_test_range_fill(page, nr_pages, blob->generation, blob->nr);
	err = kho_preserve_pages(page, nr_pages);
	if (err) {
		free_contig_range(pfn + offset, nr_pages);
		return err;
	}
	r->phys = page_to_phys(page);
	r->nr_pages = nr_pages;
	blob->nr++;
	return 0;
}

static int kho_test_ranges_preserve(const unsigned long *mib, unsigned int nr)
{
	struct kho_test_ranges_blob *blob;
	unsigned int i;
	int err;

	blob = (void *)get_zeroed_page(GFP_KERNEL);
	if (!blob)
		return -ENOMEM;
	err = kho_preserve_pages(virt_to_page(blob), 1);
	if (err) {
		free_page((unsigned long)blob);
		return err;
	}
	blob->magic = KHO_TEST_RANGES_MAGIC;
	blob->generation = kho_test_generation() + 1;
	kho_test_ranges.blob = blob;
	for (i = 0; i < nr; i++) {
		err = kho_test_range_add(blob, mib[i]);
		if (err)
			goto err_release;
	}
	err = kho_add_subtree(KHO_TEST_RANGES_NAME, blob, sizeof(*blob));
	if (err)
		goto err_release;
	for (i = 0; i < blob->nr; i++)
		pr_info("range %u: %llu pages at %#llx preserved\n", i,
			blob->range[i].nr_pages, blob->range[i].phys);
	return 0;

err_release:
	kho_test_ranges_release();
	return err;
}

static ssize_t kho_test_ranges_write(struct file *file,
				     const char __user *ubuf, size_t len,
				     loff_t *ppos)
{
	unsigned long mib[KHO_TEST_RANGES_MAX];
	char buf[96], *p, *word;
	unsigned int nr = 0;
	int err;

	err = kho_test_parse(ubuf, len, buf, sizeof(buf));
	if (err)
		return err;
	p = strim(buf);
	while ((word = strsep(&p, " ")) != NULL) {
		if (!*word)
			continue;
		if (nr == KHO_TEST_RANGES_MAX || kstrtoul(word, 0, &mib[nr]) ||
		    mib[nr] > KHO_TEST_RANGE_MAX_MIB)
			return -EINVAL;
		nr++;
	}
	if (!nr || (nr > 1 && !mib[0]))
		return -EINVAL;

	mutex_lock(&kho_test_ranges.lock);
	kho_test_ranges_release();
	err = mib[0] ? kho_test_ranges_preserve(mib, nr) : 0;
	mutex_unlock(&kho_test_ranges.lock);
	return err ?: len;
}

static const struct file_operations kho_test_ranges_fops = {
	.owner = THIS_MODULE,
	.write = kho_test_ranges_write,
};

/**
 * kho_test_ranges_show - the ranges_* lines of the status
 * @m: the status file
 */
void kho_test_ranges_show(struct seq_file *m)
{
	mutex_lock(&kho_test_ranges.lock);
	seq_printf(m, "ranges_handover %d\nranges_restored %llu\n"
		   "ranges_restored_bytes %llu\nranges_missing %llu\n"
		   "ranges_bad_bytes %llu\nranges_preserved %u\n",
		   kho_test_ranges.handover, kho_test_ranges.restored,
		   kho_test_ranges.restored_bytes, kho_test_ranges.missing,
		   kho_test_ranges.bad_bytes,
		   kho_test_ranges.blob ? kho_test_ranges.blob->nr : 0);
	mutex_unlock(&kho_test_ranges.lock);
}

static void __init kho_test_range_restore(const struct kho_test_ranges_blob *blob,
					  unsigned int i)
{
	const struct kho_test_range *r = &blob->range[i];
	struct page *page;
	u64 bad;

	page = kho_restore_pages(r->phys, r->nr_pages);
	if (!page) {
		pr_err("range %u: %llu pages at %#llx could not be restored\n",
		       i, r->nr_pages, r->phys);
		kho_test_ranges.missing++;
		return;
	}
	bad = kho_test_range_bad_bytes(page, r->nr_pages, blob->generation, i);
	pr_info("range %u: %llu pages at %#llx restored, %llu bad bytes\n",
		i, r->nr_pages, r->phys, bad);
	kho_test_ranges.bad_bytes += bad;
	kho_test_ranges.restored++;
	kho_test_ranges.restored_bytes += r->nr_pages << PAGE_SHIFT;
	free_contig_range(page_to_pfn(page), r->nr_pages);
}

/**
 * kho_test_ranges_restore - restore and check the previous kernel's ranges
 */
void __init kho_test_ranges_restore(void)
{
	const struct kho_test_ranges_blob *blob;
	struct page *page;
	phys_addr_t phys;
	unsigned int i;
	size_t size;

	if (kho_retrieve_subtree(KHO_TEST_RANGES_NAME, &phys, &size))
		return;
	kho_test_ranges.handover = true;
	page = kho_restore_pages(phys, 1);
	blob = page ? page_address(page) : NULL;
	if (!blob || size != sizeof(*blob) ||
	    blob->magic != KHO_TEST_RANGES_MAGIC ||
	    blob->nr > KHO_TEST_RANGES_MAX) {
		pr_err("ranges blob at %pa (%zu bytes) is not ours\n", &phys,
		       size);
		return;
	}
	for (i = 0; i < blob->nr; i++)
		kho_test_range_restore(blob, i);
	__free_page(page);
}

/**
 * kho_test_ranges_debugfs - add the ranges file
 * @dir: the test user's directory
 */
void kho_test_ranges_debugfs(struct dentry *dir)
{
	debugfs_create_file("ranges", 0200, dir, NULL, &kho_test_ranges_fops);
}
