// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: user pages pinned inside CMA.
 *
 * A page pinned with pin_user_pages() cannot be migrated, so the CMA range
 * around it cannot be claimed while the pin is held. Tests use this to put
 * such pages at known places and watch kexec_file placement go around them.
 *
 * /sys/kernel/debug/kexec_cma_pin_test/pin
 *	write "ADDR LEN STRIDE" (hexadecimal): pin the pages of the writer's
 *	[ADDR, ADDR + LEN) that lie in a CMA area, at most one in each
 *	STRIDE-aligned block of physical memory and KEXEC_CMA_PIN_MAX in all.
 *	Pages that are not kept are unpinned at once; kept pins last until
 *	"clear" is written, after the writer is gone too.
 *	read: the physical address of each pinned page, one per line.
 */

#define pr_fmt(fmt) "kexec_cma_pin_test: " fmt

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/pfn.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define KEXEC_CMA_PIN_MAX	64
#define KEXEC_CMA_PIN_BATCH	(PAGE_SIZE / sizeof(struct page *))

static DEFINE_MUTEX(kexec_cma_pin_lock);
static struct page *kexec_cma_pinned[KEXEC_CMA_PIN_MAX];
static unsigned int kexec_cma_nr_pinned;

static void kexec_cma_unpin_all(void)
{
	unpin_user_pages(kexec_cma_pinned, kexec_cma_nr_pinned);
	kexec_cma_nr_pinned = 0;
}

/* Whether @page lies in CMA and in a block no kept pin is in yet */
static bool kexec_cma_pin_wanted(struct page *page, unsigned long stride_pages)
{
	unsigned long block = page_to_pfn(page) / stride_pages;
	unsigned int i;

	if (!is_migrate_cma_page(page))
		return false;
	for (i = 0; i < kexec_cma_nr_pinned; i++)
		if (page_to_pfn(kexec_cma_pinned[i]) / stride_pages == block)
			return false;
	return true;
}

static void kexec_cma_pin_sort(struct page **pages, long nr,
			       unsigned long stride_pages)
{
	long i;

	for (i = 0; i < nr; i++) {
		if (kexec_cma_nr_pinned < KEXEC_CMA_PIN_MAX &&
		    kexec_cma_pin_wanted(pages[i], stride_pages))
			kexec_cma_pinned[kexec_cma_nr_pinned++] = pages[i];
		else
			unpin_user_page(pages[i]);
	}
}

static int kexec_cma_pin_range(unsigned long addr, unsigned long len,
			       unsigned long stride_pages)
{
	unsigned long nr_pages = len >> PAGE_SHIFT;
	struct page **pages;
	long got;
	int ret = 0;

	pages = kmalloc_array(KEXEC_CMA_PIN_BATCH, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	while (nr_pages && kexec_cma_nr_pinned < KEXEC_CMA_PIN_MAX) {
		got = pin_user_pages_fast(addr, min(nr_pages, KEXEC_CMA_PIN_BATCH),
					  FOLL_WRITE, pages);
		if (got <= 0) {
			ret = got ? got : -EFAULT;
			break;
		}
		kexec_cma_pin_sort(pages, got, stride_pages);
		addr += got << PAGE_SHIFT;
		nr_pages -= got;
		if (fatal_signal_pending(current)) {
			ret = -EINTR;
			break;
		}
		cond_resched();
	}
	kfree(pages);
	return ret;
}

static int kexec_cma_pin_parse(const char *buf)
{
	unsigned long addr, len, stride;

	if (sysfs_streq(buf, "clear")) {
		kexec_cma_unpin_all();
		return 0;
	}
	if (sscanf(buf, "%lx %lx %lx", &addr, &len, &stride) != 3)
		return -EINVAL;
	if (!PAGE_ALIGNED(addr) || !PAGE_ALIGNED(len) || !len ||
	    stride < PAGE_SIZE || addr + len < addr)
		return -EINVAL;
	return kexec_cma_pin_range(addr, len, stride >> PAGE_SHIFT);
}

static ssize_t kexec_cma_pin_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	char buf[64];
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	mutex_lock(&kexec_cma_pin_lock);
	ret = kexec_cma_pin_parse(buf);
	pr_info("%u pages pinned in CMA\n", kexec_cma_nr_pinned);
	mutex_unlock(&kexec_cma_pin_lock);
	return ret ? ret : count;
}

static int kexec_cma_pin_show(struct seq_file *m, void *unused)
{
	unsigned int i;

	mutex_lock(&kexec_cma_pin_lock);
	for (i = 0; i < kexec_cma_nr_pinned; i++)
		seq_printf(m, "0x%llx\n",
			   (unsigned long long)PFN_PHYS(page_to_pfn(kexec_cma_pinned[i])));
	mutex_unlock(&kexec_cma_pin_lock);
	return 0;
}

static int kexec_cma_pin_open(struct inode *inode, struct file *file)
{
	return single_open(file, kexec_cma_pin_show, NULL);
}

static const struct file_operations kexec_cma_pin_fops = {
	.owner = THIS_MODULE,
	.open = kexec_cma_pin_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = kexec_cma_pin_write,
};

static int __init kexec_cma_pin_init(void)
{
	struct dentry *dir = debugfs_create_dir("kexec_cma_pin_test", NULL);

	debugfs_create_file("pin", 0600, dir, NULL, &kexec_cma_pin_fops);
	return 0;
}
late_initcall(kexec_cma_pin_init);
