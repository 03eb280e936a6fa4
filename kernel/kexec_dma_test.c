// SPDX-License-Identifier: GPL-2.0-only
/*
 * A driver that forgets to stop its device at kexec, for the test that
 * proves what CMA placement claims: a stale DMA write lands in the new
 * image when its segments are copied at kexec -e, and cannot when they
 * live in CMA from load to jump.
 *
 * The device is QEMU's "edu" PCI device (-device edu,dma_mask=...): its
 * DMA engine moves a few KiB between its own buffer and RAM 100 ms
 * (QEMU virtual time) after it is started. At probe the driver fills that
 * buffer with a pattern. Then
 *
 *	echo MODE DELAY_MS OFFSET > /sys/kernel/debug/kexec_dma_test/arm
 *
 * takes a page of RAM as the driver's buffer, the way any kernel code may
 * own a page (alloc_contig_range()): the page OFFSET bytes into the
 * loaded image's initrd if the page allocator gives it up, else the next
 * page of the initrd or of any other segment it gives up, else the
 * nearest page outside the image it gives up. At shutdown the driver
 * starts a transfer of the pattern into that page. In MODE "stale" the
 * shutdown goes on for DELAY_MS and returns without waiting for the
 * transfer, with the device's power state reported unknown, which keeps
 * the PCI core from clearing Bus Master Enable at kexec (it skips devices
 * in D3cold or an unknown state): the write lands about 100 - DELAY_MS ms
 * after the driver's shutdown, in the relocation copy, the purgatory or
 * the next kernel's boot. In MODE "quiesce" the driver waits for the
 * transfer, as a driver that stops its device does, and the PCI core
 * clears Bus Master Enable.
 *
 *	cat /sys/kernel/debug/kexec_dma_test/status
 *
 * In the next kernel the status also tells what the previous kernel's last
 * transfer was (its direction and destination), and whether bus mastering
 * was still on when the driver found the device: the proof that a stale
 * write really reached memory.
 */

#define pr_fmt(fmt) "kexec_dma_test: " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/kexec.h>
#include <linux/kexec_cma.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "kexec_internal.h"

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8
#define EDU_IDENT		0x00
#define EDU_IDENT_MAGIC		0xed
#define EDU_DMA_SRC		0x80
#define EDU_DMA_DST		0x88
#define EDU_DMA_COUNT		0x90
#define EDU_DMA_CMD		0x98
#define EDU_DMA_RUN		BIT(0)
#define EDU_DMA_TO_RAM		BIT(1)
/*
 * The device's own buffer, in its DMA address space; of its 4 KiB, QEMU
 * 7.2's bounds check lets at most 4 KiB - 1 move at once: half is plenty
 */
#define EDU_BUF			0x40000
#define KDT_DMA_LEN		SZ_2K
/* The engine starts 100 ms after the command; allow for a slow host */
#define EDU_DMA_TIMEOUT_US	(2 * USEC_PER_SEC)
#define KDT_PATTERN		"kexec_dma_test: stale DMA\n"
#define KDT_MAX_DELAY_MS	2000
/* How far from the aimed page to look for one outside the image */
#define KDT_NEAR_PAGES		(SZ_64M / PAGE_SIZE)

enum kdt_mode { KDT_OFF, KDT_STALE, KDT_QUIESCE };

static const char * const kdt_mode_names[] = {
	[KDT_OFF] = "off", [KDT_STALE] = "stale", [KDT_QUIESCE] = "quiesce",
};

struct kdt_target {
	phys_addr_t phys;
	int segment;		/* index of the segment it is in, or -1 */
	unsigned long offset;	/* into that segment */
	unsigned long tried;	/* segment pages the allocator kept */
};

static struct {
	struct pci_dev *pdev;
	void __iomem *regs;
	struct mutex lock;	/* the fields below */
	enum kdt_mode mode;
	unsigned int delay_ms;
	struct kdt_target target;
	struct page *page;	/* the driver's buffer: target.phys */
	/* The last transfer the previous kernel started, seen at probe */
	u64 cmd_at_probe;
	u64 dst_at_probe;
	bool master_at_probe;
} kdt = {
	.lock = __MUTEX_INITIALIZER(kdt.lock),
};

static int kdt_dma_wait(void)
{
	u64 cmd;

	return readq_poll_timeout_atomic(kdt.regs + EDU_DMA_CMD, cmd,
					 !(cmd & EDU_DMA_RUN), 1000,
					 EDU_DMA_TIMEOUT_US);
}

static void kdt_dma_start(u64 src, u64 dst, u64 cmd)
{
	writeq(src, kdt.regs + EDU_DMA_SRC);
	writeq(dst, kdt.regs + EDU_DMA_DST);
	writeq(KDT_DMA_LEN, kdt.regs + EDU_DMA_COUNT);
	writeq(cmd | EDU_DMA_RUN, kdt.regs + EDU_DMA_CMD);
}

/* The pattern into the device's buffer, by DMA from a page of ours */
static int kdt_fill_device(struct pci_dev *pdev)
{
	size_t len = strlen(KDT_PATTERN);
	struct page *page;
	dma_addr_t dma;
	char *buf;
	size_t off;
	int err;

	page = alloc_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	buf = page_address(page);
	for (off = 0; off < KDT_DMA_LEN; off += len)
		memcpy(buf + off, KDT_PATTERN, min(len, KDT_DMA_LEN - off));
	dma = dma_map_page(&pdev->dev, page, 0, KDT_DMA_LEN, DMA_TO_DEVICE);
	err = dma_mapping_error(&pdev->dev, dma);
	if (err)
		goto free;
	kdt_dma_start(dma, EDU_BUF, 0);
	err = kdt_dma_wait();
	dma_unmap_page(&pdev->dev, dma, KDT_DMA_LEN, DMA_TO_DEVICE);
free:
	__free_page(page);
	return err;
}

/* Take the page at @pfn as the page allocator would give it to anyone */
static struct page *kdt_own(unsigned long pfn)
{
	struct page *page;

	if (!pfn_valid(pfn))
		return NULL;
	page = pfn_to_page(pfn);
	/* Cheap test first: pages in use by anyone but the LRU stay put */
	if (!PageBuddy(page) && !PageLRU(page) && page_count(page))
		return NULL;
	if (alloc_contig_range(pfn, pfn + 1,
			       is_migrate_cma_page(page) ? MIGRATE_CMA :
							   MIGRATE_MOVABLE,
			       GFP_KERNEL | __GFP_NOWARN))
		return NULL;
	return page;
}

static bool kdt_in_image(struct kimage *image, phys_addr_t phys)
{
	unsigned long i;

	for (i = 0; i < image->nr_segments; i++)
		if (phys >= image->segment[i].mem &&
		    phys - image->segment[i].mem < image->segment[i].memsz)
			return true;
	return false;
}

/*
 * The first page of segment @i, from @offset on and round to its start,
 * that the allocator gives up; the count of those it kept in @t->tried
 */
static struct page *kdt_own_in_segment(struct kimage *image, unsigned long i,
				       unsigned long offset,
				       struct kdt_target *t)
{
	struct kexec_segment *seg = &image->segment[i];
	unsigned long size = round_up(seg->memsz, PAGE_SIZE), k;
	struct page *page;

	for (k = 0; k < size; k += PAGE_SIZE, offset += PAGE_SIZE) {
		if (offset >= size)
			offset = 0;
		page = kdt_own(PHYS_PFN(seg->mem + offset));
		if (page) {
			t->segment = i;
			t->offset = offset;
			return page;
		}
		t->tried++;
	}
	return NULL;
}

static struct page *kdt_own_near(struct kimage *image, phys_addr_t aim,
				 struct kdt_target *t)
{
	unsigned long pfn = PHYS_PFN(aim), d;
	struct page *page;

	t->segment = -1;
	for (d = 1; d < KDT_NEAR_PAGES; d++) {
		if (!kdt_in_image(image, PFN_PHYS(pfn + d))) {
			page = kdt_own(pfn + d);
			if (page)
				return page;
		}
		if (d <= pfn && !kdt_in_image(image, PFN_PHYS(pfn - d))) {
			page = kdt_own(pfn - d);
			if (page)
				return page;
		}
	}
	return NULL;
}

static int kdt_initrd_index(struct kimage *image)
{
	unsigned long i;

	for (i = 0; i < image->nr_segments; i++)
		if (kexec_cma_kind(image, i) == KEXEC_SEGMENT_INITRD)
			return i;
	return -ENOENT;
}

/* The driver's buffer for a transfer aimed @offset bytes into the initrd */
static int kdt_aim(unsigned long offset)
{
	struct kimage *image = kexec_image;
	struct kdt_target t = { };
	struct page *page;
	unsigned long i;
	phys_addr_t aim;
	int initrd;

	if (!image)
		return -ENOENT;
	initrd = kdt_initrd_index(image);
	if (initrd < 0)
		return initrd;
	if (offset >= image->segment[initrd].memsz)
		return -ERANGE;
	offset = round_down(offset, PAGE_SIZE);
	aim = image->segment[initrd].mem + offset;
	page = kdt_own_in_segment(image, initrd, offset, &t);
	for (i = 0; !page && i < image->nr_segments; i++)
		if (i != initrd)
			page = kdt_own_in_segment(image, i, 0, &t);
	if (!page)
		page = kdt_own_near(image, aim, &t);
	if (!page)
		return -EBUSY;
	t.phys = page_to_phys(page);
	kdt.target = t;
	kdt.page = page;
	if (t.segment < 0)
		pr_info("no page of the %lu segments could be owned (%lu tried); aimed at %pa, outside the image\n",
			image->nr_segments, t.tried, &t.phys);
	else
		pr_info("aimed at %pa: segment %d + 0x%lx, owned\n", &t.phys,
			t.segment, t.offset);
	return 0;
}

static void kdt_disarm(void)
{
	if (kdt.page)
		free_contig_range(page_to_pfn(kdt.page), 1);
	kdt.page = NULL;
	kdt.mode = KDT_OFF;
	memset(&kdt.target, 0, sizeof(kdt.target));
}

static ssize_t kdt_arm_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	unsigned long offset;
	unsigned int delay;
	char buf[64], mode[16];
	int err, m;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%15s %u %lu", mode, &delay, &offset) != 3 ||
	    delay > KDT_MAX_DELAY_MS)
		return -EINVAL;
	m = match_string(kdt_mode_names, ARRAY_SIZE(kdt_mode_names), mode);
	if (m < 0)
		return -EINVAL;
	if (!kexec_trylock())
		return -EBUSY;
	mutex_lock(&kdt.lock);
	kdt_disarm();
	err = m == KDT_OFF ? 0 : kdt_aim(offset);
	if (!err) {
		kdt.mode = m;
		kdt.delay_ms = delay;
	}
	mutex_unlock(&kdt.lock);
	kexec_unlock();
	return err ?: len;
}

static const struct file_operations kdt_arm_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = kdt_arm_write,
};

static int kdt_status_show(struct seq_file *m, void *v)
{
	mutex_lock(&kdt.lock);
	seq_printf(m, "device %s\n", kdt.pdev ? pci_name(kdt.pdev) : "none");
	seq_printf(m, "left_running_by_previous_kernel %d\n",
		   !!(kdt.cmd_at_probe & EDU_DMA_RUN));
	seq_printf(m, "previous_to_ram %d\n",
		   !!(kdt.cmd_at_probe & EDU_DMA_TO_RAM));
	seq_printf(m, "previous_dst %#llx\n", kdt.dst_at_probe);
	seq_printf(m, "bus_master_at_probe %d\n", kdt.master_at_probe);
	seq_printf(m, "mode %s\n", kdt_mode_names[kdt.mode]);
	seq_printf(m, "delay_ms %u\n", kdt.delay_ms);
	seq_printf(m, "target %pa\n", &kdt.target.phys);
	seq_printf(m, "segment %d\n", kdt.page ? kdt.target.segment : -1);
	seq_printf(m, "offset %lu\n", kdt.target.offset);
	seq_printf(m, "segment_pages_kept %lu\n", kdt.target.tried);
	mutex_unlock(&kdt.lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kdt_status);

static void kdt_shutdown(struct pci_dev *pdev)
{
	if (kdt.mode == KDT_OFF || !kexec_in_progress)
		return;
	kdt_dma_start(EDU_BUF, kdt.target.phys, EDU_DMA_TO_RAM);
	if (kdt.mode == KDT_QUIESCE) {
		if (kdt_dma_wait())
			pr_err("the transfer to %pa did not finish\n",
			       &kdt.target.phys);
		else
			pr_info("transfer to %pa done before shutdown\n",
				&kdt.target.phys);
		return;
	}
	/* Where the write lands depends on how long the shutdown goes on */
	mdelay(kdt.delay_ms);
	pr_info("transfer to %pa left running, %u ms after it started\n",
		&kdt.target.phys, kdt.delay_ms);
	pdev->current_state = PCI_UNKNOWN;
}

static int kdt_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	u16 command;
	int err;

	if (kdt.pdev)
		return -EBUSY;
	err = pcim_enable_device(pdev);
	if (err)
		return err;
	err = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(64));
	if (err)
		return err;
	kdt.regs = pcim_iomap_region(pdev, 0, KBUILD_MODNAME);
	if (IS_ERR(kdt.regs))
		return PTR_ERR(kdt.regs);
	if ((readl(kdt.regs + EDU_IDENT) & 0xff) != EDU_IDENT_MAGIC)
		return -ENODEV;
	/*
	 * What the previous kernel left: a transfer to RAM that ran with bus
	 * mastering on (nothing turns it back on before pci_set_master()
	 * below) is one whose write reached memory. The engine takes no
	 * command until that transfer is done.
	 */
	kdt.cmd_at_probe = readq(kdt.regs + EDU_DMA_CMD);
	kdt.dst_at_probe = readq(kdt.regs + EDU_DMA_DST);
	pci_read_config_word(pdev, PCI_COMMAND, &command);
	kdt.master_at_probe = command & PCI_COMMAND_MASTER;
	if (kdt.cmd_at_probe & EDU_DMA_RUN) {
		pr_info("the previous kernel left a transfer running\n");
		err = kdt_dma_wait();
		if (err)
			return err;
	}
	pci_set_master(pdev);
	err = kdt_fill_device(pdev);
	if (err) {
		pci_clear_master(pdev);
		return err;
	}
	kdt.pdev = pdev;
	pr_info("%s ready\n", pci_name(pdev));
	return 0;
}

static const struct pci_device_id kdt_ids[] = {
	{ PCI_DEVICE(EDU_VENDOR, EDU_DEVICE) },
	{ }
};

static struct pci_driver kdt_driver = {
	.name = "kexec_dma_test",
	.id_table = kdt_ids,
	.probe = kdt_probe,
	.shutdown = kdt_shutdown,
};

static int __init kdt_init(void)
{
	struct dentry *dir;
	int err;

	err = pci_register_driver(&kdt_driver);
	if (err)
		return err;
	dir = debugfs_create_dir("kexec_dma_test", NULL);
	debugfs_create_file("arm", 0200, dir, NULL, &kdt_arm_fops);
	debugfs_create_file("status", 0400, dir, NULL, &kdt_status_fops);
	return 0;
}
late_initcall(kdt_init);
