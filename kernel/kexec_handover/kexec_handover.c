// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kexec HandOver: memory that survives a kexec_file handover.
 *
 * The running kernel keeps a map of preserved memory and a root FDT that
 * names its users' blobs, and reserves scratch areas as CMA at boot, so
 * they only ever hold movable pages. The next kernel boots allocating
 * from scratch only, reserves what the map lists as soon as it can read
 * it, and gives the preserved memory back to its users on request.
 * Documentation/admin-guide/kexec-handover.rst describes the whole.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/cma.h>
#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/io.h>
#include <linux/kexec.h>
#include <linux/kexec_cma.h>
#include <linux/kexec_handover.h>
#include <linux/ktime.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "../../mm/internal.h"
#include "kho_internal.h"

/* page->private of the first page of a preserved block the next kernel holds */
#define KHO_PAGE_MAGIC		0x4b484f50UL	/* "KHOP" */
#define KHO_PAGE_TAG(order)	((KHO_PAGE_MAGIC << 32) | (order))

/* A root FDT from another kernel is read up to this size */
#define KHO_FDT_MAX_SIZE	SZ_64K

/* kho_fdt_max= takes at most this */
#define KHO_SEGMENT_MAX_SIZE	SZ_1G

/* Root FDT bytes: header, strings, root properties; and per subtree */
#define KHO_ROOT_FDT_BASE	512
#define KHO_ROOT_FDT_PER_NODE	64

static bool kho_enable __ro_after_init;

static int __init kho_parse_enable(char *p)
{
	return kstrtobool(p, &kho_enable);
}
early_param("kho", kho_parse_enable);

/*
 * kho_scratch=N% scales the scratch areas with what memblock has reserved
 * when they are reserved; kho_scratch=LOW,GLOBAL,PERNODE gives their
 * sizes: below 4 GiB, anywhere, and on each online node.
 */
static unsigned int kho_scratch_scale __initdata = 200;
static phys_addr_t kho_scratch_size[3] __initdata;

static int __init kho_parse_scratch(char *p)
{
	phys_addr_t sizes[3], total = 0;
	char *end;
	int i;

	if (!p || !*p)
		return -EINVAL;
	if (p[strlen(p) - 1] == '%') {
		char digits[11] = { };
		unsigned int scale;

		if (strlen(p) > sizeof(digits))
			return -EINVAL;
		memcpy(digits, p, strlen(p) - 1);
		if (kstrtouint(digits, 10, &scale) || !scale)
			return -EINVAL;
		kho_scratch_scale = scale;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		if (i && *p++ != ',')
			return -EINVAL;
		sizes[i] = memparse(p, &end);
		if (end == p)
			return -EINVAL;
		total += sizes[i];
		p = end;
	}
	if (*p || !total)
		return -EINVAL;
	memcpy(kho_scratch_size, sizes, sizeof(sizes));
	kho_scratch_scale = 0;
	return 0;
}
early_param("kho_scratch", kho_parse_scratch);

/*
 * kho_fdt_max=: the bytes kexec_file_load() reserves for the segment the
 * FDT and the serializers' blobs are written to at kexec -e. 0 sizes it
 * at load from what is registered then, plus a page.
 */
static unsigned long kho_fdt_max;

static int kho_fdt_max_set(const char *val, const struct kernel_param *kp)
{
	unsigned long long size;
	char *end;

	size = memparse(val, &end);
	if (end == val || (*end && *end != '\n') || size > KHO_SEGMENT_MAX_SIZE)
		return -EINVAL;
	WRITE_ONCE(kho_fdt_max, size);
	return 0;
}

static const struct kernel_param_ops param_ops_kho_size = {
	.set = kho_fdt_max_set,
	.get = param_get_ulong,
};

#define param_check_kho_size(name, p) __param_check(name, p, unsigned long)
core_param(kho_fdt_max, kho_fdt_max, kho_size, 0644);

/* Serializers run one per online CPU at a time; false runs them in turn */
static bool kho_parallel = true;

/* What this kernel hands to the next */
static struct {
	struct kho_radix_tree tree;
	void *fdt;
	struct list_head subtrees;
	struct mutex lock;		/* subtrees and fdt */
	struct kho_scratch scratch[KHO_SCRATCH_MAX];
	struct cma *scratch_cma[KHO_SCRATCH_MAX];
	unsigned int nr_scratch;
	struct dentry *sub_dir;
	const char *corrupt;		/* what kho_serialize() damages */
} kho_out = {
	.tree.lock = __MUTEX_INITIALIZER(kho_out.tree.lock),
	.subtrees = LIST_HEAD_INIT(kho_out.subtrees),
	.lock = __MUTEX_INITIALIZER(kho_out.lock),
};

/* What the previous kernel handed to this one */
static struct {
	phys_addr_t fdt_phys;
	phys_addr_t segment;		/* its header, if the FDT has one */
	size_t segment_used;
	bool segment_reserved;
	phys_addr_t map;
	struct kho_scratch scratch[KHO_SCRATCH_MAX];
	unsigned int nr_scratch;
	bool accepted;			/* preserved memory is reserved */
	unsigned long nr_blocks;
	unsigned long nr_nodes;
} kho_in;

/**
 * kho_is_enabled - whether this kernel hands memory over (kho=on)
 *
 * Return: true when booted with kho=on and the scratch areas exist.
 */
bool kho_is_enabled(void)
{
	return kho_enable;
}
EXPORT_SYMBOL_GPL(kho_is_enabled);

/**
 * is_kho_boot - whether this kernel holds memory from the previous one
 *
 * Return: true when the previous kernel's handover was accepted.
 */
bool is_kho_boot(void)
{
	return kho_in.accepted;
}
EXPORT_SYMBOL_GPL(is_kho_boot);

/* ------------------------------------------------------------ scratch */

static void __init kho_scratch_sizes(phys_addr_t *low, phys_addr_t *global,
				     phys_addr_t *pernode)
{
	phys_addr_t reserved = memblock_reserved_size();

	if (kho_scratch_scale) {
		*low = 0;
		*global = reserved * kho_scratch_scale / 100;
		*pernode = 0;
	} else {
		*low = kho_scratch_size[0];
		*global = kho_scratch_size[1];
		*pernode = kho_scratch_size[2];
	}
	*low = round_up(*low, CMA_MIN_ALIGNMENT_BYTES);
	*global = round_up(*global, CMA_MIN_ALIGNMENT_BYTES);
	*pernode = round_up(*pernode, CMA_MIN_ALIGNMENT_BYTES);
}

static int __init kho_declare_scratch(phys_addr_t size, phys_addr_t limit,
				      int nid)
{
	struct kho_scratch *area = &kho_out.scratch[kho_out.nr_scratch];
	char name[24];
	struct cma *cma;
	int err;

	if (!size)
		return 0;
	if (kho_out.nr_scratch == KHO_SCRATCH_MAX)
		return -ENOSPC;
	snprintf(name, sizeof(name), "kho_scratch%u", kho_out.nr_scratch);
	err = cma_declare_contiguous_nid(0, size, limit,
					 CMA_MIN_ALIGNMENT_BYTES, 0, false,
					 name, &cma, nid);
	if (err)
		return err;
	area->addr = cma_get_base(cma);
	area->size = cma_get_size(cma);
	kho_out.scratch_cma[kho_out.nr_scratch++] = cma;
	pr_info("scratch area %u: %pa+%pa\n", kho_out.nr_scratch - 1,
		&area->addr, &area->size);
	return 0;
}

/**
 * kho_reserve_scratch - reserve this kernel's scratch areas as CMA
 *
 * Called by the architecture once memblock knows all memory and the
 * previous kernel's preserved memory is reserved. The areas are CMA, so
 * only movable allocations use them and the next kernel can boot in them.
 */
void __init kho_reserve_scratch(void)
{
	phys_addr_t low, global, pernode;
	int nid, err;

	if (!kho_enable)
		return;
	kho_scratch_sizes(&low, &global, &pernode);
	err = kho_declare_scratch(low, (phys_addr_t)ARCH_LOW_ADDRESS_LIMIT + 1,
				  NUMA_NO_NODE);
	if (!err)
		err = kho_declare_scratch(global, 0, NUMA_NO_NODE);
	for_each_online_node(nid) {
		if (err)
			break;
		err = kho_declare_scratch(pernode, 0, nid);
	}
	if (!err && !kho_out.nr_scratch)
		err = -EINVAL;
	if (err) {
		pr_err("cannot reserve the scratch areas (%d): handover off\n",
		       err);
		kho_enable = false;
	}
}

/**
 * kho_scratch_areas - this kernel's scratch areas, for the next kernel
 * @areas: filled with up to @max areas
 * @max: room in @areas
 *
 * Return: the number of areas written.
 */
unsigned int kho_scratch_areas(struct kho_scratch *areas, unsigned int max)
{
	unsigned int n = min(max, kho_out.nr_scratch);

	memcpy(areas, kho_out.scratch, n * sizeof(*areas));
	return n;
}

/**
 * kho_scratch_cmas - the scratch areas, for kexec_file to place segments in
 * @areas: filled with up to @max CMA areas
 * @max: room in @areas
 *
 * Return: the number of areas written; 0 without kho=on.
 */
unsigned int kho_scratch_cmas(struct cma **areas, unsigned int max)
{
	unsigned int n = kho_enable ? min(max, kho_out.nr_scratch) : 0;

	memcpy(areas, kho_out.scratch_cma, n * sizeof(*areas));
	return n;
}

static int kho_walk_scratch(struct kexec_buf *kbuf,
			    int (*func)(struct resource *res, void *arg))
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < kho_out.nr_scratch && !ret; i++) {
		struct resource res = {
			.start = kho_out.scratch[i].addr,
			.end = kho_out.scratch[i].addr +
			       kho_out.scratch[i].size - 1,
			.flags = IORESOURCE_SYSTEM_RAM,
		};

		ret = func(&res, kbuf);
	}
	return ret;
}

/**
 * kho_locate_mem_hole - find a copy-path destination for a handover image
 * @kbuf: the buffer to place
 * @func: kexec_file's hole callback
 *
 * A segment that is copied at the jump must not land on preserved memory,
 * and the old kernel may have allocated any page outside the scratch
 * areas, so with KHO on such segments go to scratch only.
 *
 * Return: 1 when KHO does not apply, 0 when placed, -EADDRNOTAVAIL.
 */
int kho_locate_mem_hole(struct kexec_buf *kbuf,
			int (*func)(struct resource *res, void *arg))
{
	if (!kho_enable || kbuf->image->type == KEXEC_TYPE_CRASH)
		return 1;
	return kho_walk_scratch(kbuf, func) == 1 ? 0 : -EADDRNOTAVAIL;
}

/* ----------------------------------------------------------- preserve */

static int kho_check_preservable(struct page *page, unsigned long nr_pages)
{
	if (!kho_enable || !kho_out.fdt)
		return -EOPNOTSUPP;
	/*
	 * CMA pages move when kexec or anybody else claims their range, and
	 * the next kernel boots in the scratch CMA areas.
	 */
	if (is_migrate_cma_page(page) ||
	    is_migrate_cma_page(page + nr_pages - 1))
		return -EINVAL;
	return 0;
}

/**
 * kho_preserve_folio - hand a folio over to the next kernel
 * @folio: an unmovable folio outside CMA
 *
 * The next kernel gets it back, with its order, from kho_restore_folio().
 *
 * Return: 0; -EOPNOTSUPP without kho=on; -EINVAL for a folio in CMA;
 * -ENOMEM.
 */
int kho_preserve_folio(struct folio *folio)
{
	int err = kho_check_preservable(&folio->page, folio_nr_pages(folio));

	if (err)
		return err;
	return kho_radix_add(&kho_out.tree, PFN_PHYS(folio_pfn(folio)),
			     folio_order(folio));
}
EXPORT_SYMBOL_GPL(kho_preserve_folio);

/**
 * kho_unpreserve_folio - take back kho_preserve_folio()
 * @folio: a folio preserved before
 */
void kho_unpreserve_folio(struct folio *folio)
{
	kho_radix_del(&kho_out.tree, PFN_PHYS(folio_pfn(folio)),
		      folio_order(folio));
}
EXPORT_SYMBOL_GPL(kho_unpreserve_folio);

/* The largest naturally aligned block at @pfn that ends by @end_pfn */
static unsigned int kho_block_order(unsigned long pfn, unsigned long end_pfn)
{
	unsigned int order = pfn ? __ffs(pfn) : MAX_PAGE_ORDER;

	order = min_t(unsigned int, order, ilog2(end_pfn - pfn));
	return min_t(unsigned int, order, MAX_PAGE_ORDER);
}

static void kho_unpreserve_range(unsigned long pfn, unsigned long end_pfn)
{
	unsigned int order;

	for (; pfn < end_pfn; pfn += 1UL << order) {
		order = kho_block_order(pfn, end_pfn);
		kho_radix_del(&kho_out.tree, PFN_PHYS(pfn), order);
	}
}

/**
 * kho_preserve_pages - hand contiguous order-0 pages over
 * @page: the first page
 * @nr_pages: how many
 *
 * The next kernel gets them back with kho_restore_pages().
 *
 * Return: 0; -EOPNOTSUPP without kho=on; -EINVAL in CMA; -ENOMEM, in
 * which case nothing stays preserved.
 */
int kho_preserve_pages(struct page *page, unsigned long nr_pages)
{
	unsigned long pfn = page_to_pfn(page), end_pfn = pfn + nr_pages;
	unsigned long start_pfn = pfn;
	unsigned int order;
	int err;

	err = kho_check_preservable(page, nr_pages);
	if (err)
		return err;
	for (; pfn < end_pfn; pfn += 1UL << order) {
		order = kho_block_order(pfn, end_pfn);
		err = kho_radix_add(&kho_out.tree, PFN_PHYS(pfn), order);
		if (err) {
			kho_unpreserve_range(start_pfn, pfn);
			return err;
		}
	}
	return 0;
}
EXPORT_SYMBOL_GPL(kho_preserve_pages);

/**
 * kho_unpreserve_pages - take back kho_preserve_pages()
 * @page: the first page
 * @nr_pages: how many
 */
void kho_unpreserve_pages(struct page *page, unsigned long nr_pages)
{
	unsigned long pfn = page_to_pfn(page);

	kho_unpreserve_range(pfn, pfn + nr_pages);
}
EXPORT_SYMBOL_GPL(kho_unpreserve_pages);

/* ----------------------------------------------------------- subtrees */

static int kho_out_update_fdt(void)
{
	lockdep_assert_held(&kho_out.lock);
	return kho_fdt_build(kho_out.fdt, PAGE_SIZE,
			     virt_to_phys(kho_out.tree.root), &kho_out.subtrees);
}

static struct kho_subtree *kho_find_subtree(const char *name, phys_addr_t phys)
{
	struct kho_subtree *sub;

	list_for_each_entry(sub, &kho_out.subtrees, list)
		if (name ? !strcmp(sub->name, name) : sub->phys == phys)
			return sub;
	return NULL;
}

static void kho_subtree_debugfs(struct kho_subtree *sub, void *blob)
{
	if (!kho_out.sub_dir)
		return;
	sub->blob.data = blob;
	sub->blob.size = sub->size;
	debugfs_create_blob(sub->name, 0400, kho_out.sub_dir, &sub->blob);
}

static struct kho_subtree *kho_new_subtree(const char *name)
{
	struct kho_subtree *sub;

	if (!*name || strchr(name, '/'))
		return ERR_PTR(-EINVAL);
	sub = kzalloc(sizeof(*sub), GFP_KERNEL);
	if (!sub)
		return ERR_PTR(-ENOMEM);
	sub->name = kstrdup(name, GFP_KERNEL);
	if (!sub->name) {
		kfree(sub);
		return ERR_PTR(-ENOMEM);
	}
	return sub;
}

static void kho_free_subtree(struct kho_subtree *sub)
{
	kfree(sub->name);
	kfree(sub);
}

/* Adds @sub to the list and the FDT kho/out/fdt shows */
static int kho_insert_subtree(struct kho_subtree *sub)
{
	int err;

	mutex_lock(&kho_out.lock);
	err = -EEXIST;
	if (kho_find_subtree(sub->name, 0))
		goto out;
	list_add_tail(&sub->list, &kho_out.subtrees);
	err = kho_out_update_fdt();
	if (err) {
		list_del(&sub->list);
		WARN_ON(kho_out_update_fdt());
		goto out;
	}
	if (sub->phys)
		kho_subtree_debugfs(sub, phys_to_virt(sub->phys));
out:
	mutex_unlock(&kho_out.lock);
	return err;
}

static void kho_delete_subtree(struct kho_subtree *sub)
{
	lockdep_assert_held(&kho_out.lock);
	list_del(&sub->list);
	WARN_ON(kho_out_update_fdt());
	if (kho_out.sub_dir && !sub->ser)
		debugfs_lookup_and_remove(sub->name, kho_out.sub_dir);
	kho_free_subtree(sub);
}

/**
 * kho_add_subtree - name a blob in the FDT for the next kernel
 * @name: the subtree's name, unique
 * @blob: the blob, in memory the caller preserved
 * @size: its size in bytes
 *
 * The FDT is written at kexec -e: a subtree added or removed after
 * `kexec -s -l` is what the next kernel sees.
 *
 * Return: 0; -EOPNOTSUPP without kho=on; -EINVAL for an empty name or
 * one with a '/'; -EEXIST; -ENOSPC when the FDT kho/out/fdt shows, one
 * page, is full; -ENOMEM.
 */
int kho_add_subtree(const char *name, void *blob, size_t size)
{
	struct kho_subtree *sub;
	int err;

	if (!kho_enable || !kho_out.fdt)
		return -EOPNOTSUPP;
	sub = kho_new_subtree(name);
	if (IS_ERR(sub))
		return PTR_ERR(sub);
	sub->phys = virt_to_phys(blob);
	sub->size = size;
	err = kho_insert_subtree(sub);
	if (err)
		kho_free_subtree(sub);
	return err;
}
EXPORT_SYMBOL_GPL(kho_add_subtree);

/**
 * kho_remove_subtree - drop the subtree that names @blob
 * @blob: a blob given to kho_add_subtree()
 */
void kho_remove_subtree(void *blob)
{
	struct kho_subtree *sub;

	mutex_lock(&kho_out.lock);
	sub = kho_find_subtree(NULL, virt_to_phys(blob));
	if (sub && !sub->ser)
		kho_delete_subtree(sub);
	mutex_unlock(&kho_out.lock);
}
EXPORT_SYMBOL_GPL(kho_remove_subtree);

static void kho_serialize_work(struct work_struct *work)
{
	struct kho_serializer *ser = container_of(work, struct kho_serializer,
						  work);

	ser->result = ser->serialize(ser, ser->blob, ser->max_size);
}

/**
 * kho_register_serializer - write a subtree at each kexec -e
 * @ser: the serializer, with @name, @max_size and @serialize set; it
 *	must stay until kho_unregister_serializer()
 *
 * The next kernel finds the blob with kho_retrieve_subtree(), in the
 * segment the FDT is in, which it keeps reserved: nothing to restore.
 * An image loaded before this call had its segment sized without it
 * unless kho_fdt_max= is set.
 *
 * Return: 0; -EOPNOTSUPP without kho=on; -EINVAL for a bad name, a
 * @max_size of 0 or over kho_fdt_max='s limit, or no @serialize;
 * -EEXIST; -ENOSPC when kho/out/fdt is full; -ENOMEM.
 */
int kho_register_serializer(struct kho_serializer *ser)
{
	struct kho_subtree *sub;
	int err;

	if (!kho_enable || !kho_out.fdt)
		return -EOPNOTSUPP;
	if (!ser->serialize || !ser->max_size ||
	    ser->max_size > KHO_SEGMENT_MAX_SIZE)
		return -EINVAL;
	sub = kho_new_subtree(ser->name);
	if (IS_ERR(sub))
		return PTR_ERR(sub);
	sub->ser = ser;
	ser->sub = sub;
	INIT_WORK(&ser->work, kho_serialize_work);
	err = kho_insert_subtree(sub);
	if (err) {
		ser->sub = NULL;
		kho_free_subtree(sub);
	}
	return err;
}
EXPORT_SYMBOL_GPL(kho_register_serializer);

/**
 * kho_unregister_serializer - stop writing a subtree at kexec -e
 * @ser: a registered serializer
 */
void kho_unregister_serializer(struct kho_serializer *ser)
{
	mutex_lock(&kho_out.lock);
	if (ser->sub) {
		kho_delete_subtree(ser->sub);
		ser->sub = NULL;
	}
	mutex_unlock(&kho_out.lock);
}
EXPORT_SYMBOL_GPL(kho_unregister_serializer);

/* ------------------------------------------------- the segment, kexec -e */

/*
 * The segment: the header, the root FDT, then one page-aligned slice of
 * max_size bytes per serializer. Returns the bytes it needs and sets
 * *@fdt_room to the FDT's.
 */
static size_t kho_segment_layout(size_t *fdt_room)
{
	size_t fdt = KHO_ROOT_FDT_BASE, end;
	struct kho_subtree *sub;

	lockdep_assert_held(&kho_out.lock);
	list_for_each_entry(sub, &kho_out.subtrees, list)
		fdt += KHO_ROOT_FDT_PER_NODE + ALIGN(strlen(sub->name) + 1, 4);
	end = PAGE_ALIGN(KHO_SEGMENT_HEADER_SIZE + fdt);
	*fdt_room = end - KHO_SEGMENT_HEADER_SIZE;
	list_for_each_entry(sub, &kho_out.subtrees, list)
		if (sub->ser)
			end += PAGE_ALIGN(sub->ser->max_size);
	return end;
}

/**
 * kho_add_segment - reserve the segment the FDT is written to at kexec -e
 * @image: a kexec_file image being loaded
 *
 * kho_fdt_max= bytes, or when that is 0, what kho_segment_layout() needs
 * now plus a page for subtrees added later. Placed in CMA where it can
 * be, written in place then; otherwise copied at the jump like any other
 * segment. No digest covers it: the next kernel checks its checksum.
 *
 * Return: 0, also when KHO is off or @image is a crash image; or the
 * error of kexec_add_buffer().
 */
int kho_add_segment(struct kimage *image)
{
	struct kexec_buf kbuf = {
		.image = image,
		.buf_align = PAGE_SIZE,
		.buf_max = ULONG_MAX,
		.top_down = true,
		.mem = KEXEC_BUF_MEM_UNKNOWN,
		.unhashed = true,
		.kind = KEXEC_SEGMENT_KHO_FDT,
	};
	size_t size = READ_ONCE(kho_fdt_max), fdt_room;
	int err;

	if (!kho_enable || image->type == KEXEC_TYPE_CRASH)
		return 0;
	if (!size) {
		mutex_lock(&kho_out.lock);
		size = kho_segment_layout(&fdt_room) + PAGE_SIZE;
		mutex_unlock(&kho_out.lock);
	}
	kbuf.memsz = PAGE_ALIGN(size);
	err = kexec_add_buffer(&kbuf);
	if (err)
		return err;
	image->kho_segment_mem = kbuf.mem;
	image->kho_segment_memsz = kbuf.memsz;
	return 0;
}

/* Runs every serializer into its slice; the first error, or 0 */
static int kho_run_serializers(void *seg, size_t offset, bool parallel)
{
	struct kho_serializer *ser;
	struct kho_subtree *sub;
	int cpu = -1, err = 0;

	cpus_read_lock();
	list_for_each_entry(sub, &kho_out.subtrees, list) {
		ser = sub->ser;
		if (!ser)
			continue;
		ser->blob = seg + offset;
		offset += PAGE_ALIGN(ser->max_size);
		if (!parallel) {
			kho_serialize_work(&ser->work);
			continue;
		}
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
		queue_work_on(cpu, system_highpri_wq, &ser->work);
	}
	list_for_each_entry(sub, &kho_out.subtrees, list) {
		ser = sub->ser;
		if (!ser)
			continue;
		if (parallel)
			flush_work(&ser->work);
		if (ser->result > (int)ser->max_size)
			ser->result = -ENOSPC;
		if (ser->result < 0 && !err) {
			pr_err("serializer %s failed (%d)\n", sub->name,
			       ser->result);
			err = ser->result;
		}
	}
	cpus_read_unlock();
	return err;
}

/* Points each serializer's subtree at its blob; returns the bytes used */
static size_t kho_serialized_subtrees(void *seg, phys_addr_t phys,
				      size_t used)
{
	struct kho_subtree *sub;

	list_for_each_entry(sub, &kho_out.subtrees, list) {
		if (!sub->ser)
			continue;
		sub->phys = phys + (sub->ser->blob - seg);
		sub->size = sub->ser->result;
		used = max_t(size_t, used, sub->ser->blob - seg + sub->size);
	}
	return used;
}

static void kho_forget_serialized(void)
{
	struct kho_subtree *sub;

	list_for_each_entry(sub, &kho_out.subtrees, list)
		if (sub->ser)
			sub->phys = 0;
}

/* What kho/out/corrupt asked for, done to the written segment */
static void kho_segment_corrupt(void *seg)
{
	void *fdt = seg + KHO_SEGMENT_HEADER_SIZE;

	if (!strcmp(kho_out.corrupt, "compatible"))
		fdt_setprop_inplace(fdt, 0, "compatible", "kho-v0",
				    sizeof("kho-v0"));
	else if (!strcmp(kho_out.corrupt, "checksum"))
		/* The empty memory reservation block: the FDT still parses */
		((u8 *)fdt)[fdt_off_mem_rsvmap(fdt)] ^= 0xff;
}

static int kho_serialize_into(void *seg, phys_addr_t phys, size_t size,
			      size_t *used)
{
	size_t fdt_room, end;
	void *fdt = seg + KHO_SEGMENT_HEADER_SIZE;
	int err;

	((struct kho_segment_header *)seg)->magic = 0;
	end = kho_segment_layout(&fdt_room);
	if (end > size) {
		pr_err("the handover needs %zu bytes, kho_fdt_max gave %zu at load\n",
		       end, size);
		return -ENOSPC;
	}
	err = kho_run_serializers(seg, KHO_SEGMENT_HEADER_SIZE + fdt_room,
				  READ_ONCE(kho_parallel));
	if (!err) {
		*used = kho_serialized_subtrees(seg, phys, 0);
		err = kho_fdt_build(fdt, fdt_room,
				    virt_to_phys(kho_out.tree.root),
				    &kho_out.subtrees);
	}
	kho_forget_serialized();
	if (err)
		return err;
	*used = max_t(size_t, *used,
		      KHO_SEGMENT_HEADER_SIZE + fdt_totalsize(fdt));
	if (kho_out.corrupt && strcmp(kho_out.corrupt, "checksum"))
		kho_segment_corrupt(seg);
	kho_segment_seal(seg, size, *used);
	if (kho_out.corrupt && !strcmp(kho_out.corrupt, "checksum"))
		kho_segment_corrupt(seg);
	return 0;
}

/**
 * kho_serialize - write the handover into the image's segment
 * @image: the image kexec -e is about to boot
 *
 * Called by kernel_kexec() before anything is shut down: on an error the
 * system keeps running and the image stays loaded. The serializers run
 * in parallel, one per online CPU at a time, unless kho/out/parallel is
 * N; then the root FDT is written and the segment sealed.
 *
 * Return: 0, also without a segment; -ENOSPC when the handover is larger
 * than the segment; a serializer's error; -ENOMEM.
 */
int kho_serialize(struct kimage *image)
{
	unsigned long mem = image->kho_segment_mem;
	unsigned long memsz = image->kho_segment_memsz;
	struct page *cma_page;
	size_t used = 0;
	void *seg;
	u64 start;
	int err;

	if (!memsz)
		return 0;
	start = ktime_get_ns();
	/* In CMA the segment is contiguous and in the direct map */
	cma_page = kexec_cma_page(image, mem, memsz);
	seg = cma_page ? page_address(cma_page) :
			 kimage_map_segment(image, mem, memsz);
	if (!seg)
		return -ENOMEM;
	mutex_lock(&kho_out.lock);
	err = kho_serialize_into(seg, mem, memsz, &used);
	mutex_unlock(&kho_out.lock);
	if (!cma_page)
		kimage_unmap_segment(seg);
	if (err) {
		pr_err("kexec -e refused (%d): the image stays loaded\n", err);
		return err;
	}
	pr_info("serialized into %zu of %lu bytes at 0x%lx in %llu us (%s)\n",
		used, memsz, mem, div_u64(ktime_get_ns() - start, NSEC_PER_USEC),
		READ_ONCE(kho_parallel) ? "parallel" : "serial");
	return 0;
}

/**
 * kho_retrieve_subtree - find a blob the previous kernel named
 * @name: the subtree's name
 * @phys: set to the blob's physical address
 * @size: if not NULL, set to its size
 *
 * The blob's memory is the user's to restore.
 *
 * Return: 0; -ENOENT when there was no handover or no such subtree;
 * -EINVAL for a malformed one.
 */
int kho_retrieve_subtree(const char *name, phys_addr_t *phys, size_t *size)
{
	u64 blob_size;
	int err;

	if (!kho_in.accepted)
		return -ENOENT;
	err = kho_fdt_find(phys_to_virt(kho_in.fdt_phys), name, phys,
			   &blob_size);
	if (!err && size)
		*size = blob_size;
	return err;
}
EXPORT_SYMBOL_GPL(kho_retrieve_subtree);

/*
 * kho_out.fdt is what kho/out/fdt shows: the root FDT as kexec -e would
 * write it now, without the serializers' subtrees.
 */
static int __init kho_out_init(void)
{
	int err = -ENOMEM;

	if (!kho_enable)
		return 0;
	kho_out.tree.root = (void *)get_zeroed_page(GFP_KERNEL);
	kho_out.fdt = (void *)get_zeroed_page(GFP_KERNEL);
	if (!kho_out.tree.root || !kho_out.fdt)
		goto err_free;
	mutex_lock(&kho_out.lock);
	err = kho_out_update_fdt();
	mutex_unlock(&kho_out.lock);
	if (err)
		goto err_free;
	return 0;

err_free:
	free_page((unsigned long)kho_out.fdt);
	kho_out.fdt = NULL;
	free_page((unsigned long)kho_out.tree.root);
	kho_out.tree.root = NULL;
	pr_err("cannot set up the handover (%d): handover off\n", err);
	kho_enable = false;
	return err;
}
core_initcall(kho_out_init);

/* ----------------------------------------------- the incoming handover */

/*
 * An FDT that is not page aligned follows the header of the segment it
 * was written to at kexec -e: check the header, not yet the checksum,
 * which needs the direct map.
 */
static int __init kho_in_segment_header(phys_addr_t fdt_phys, u64 fdt_size)
{
	phys_addr_t seg = fdt_phys - KHO_SEGMENT_HEADER_SIZE;
	struct kho_segment_header *hdr;
	size_t used;
	int err;

	if (!PAGE_ALIGNED(seg)) {
		pr_warn("handover FDT at %pa is neither page aligned nor after a segment header: ignoring it\n",
			&fdt_phys);
		return -EINVAL;
	}
	hdr = early_memremap(seg, sizeof(*hdr));
	if (!hdr)
		return -ENOMEM;
	err = kho_segment_check_header(hdr, fdt_size + KHO_SEGMENT_HEADER_SIZE,
				       &used);
	early_memunmap(hdr, sizeof(*hdr));
	if (err) {
		pr_warn("handover segment at %pa has %s: ignoring it\n", &seg,
			err == -ENODATA ? "no valid header, kexec -e did not finish writing it" :
					  "a header with impossible sizes");
		return err;
	}
	kho_in.segment = seg;
	kho_in.segment_used = used;
	return 0;
}

/*
 * Upstream kernels list an area for low memory and one per node even when
 * kho_scratch= sized them 0: such an area holds nothing to boot in.
 */
static unsigned int __init kho_in_copy_scratch(const struct kho_scratch *scratch,
					       unsigned int nr)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr; i++)
		if (scratch[i].size)
			kho_in.scratch[n++] = scratch[i];
	return n;
}

/**
 * kho_populate - note the handover the previous kernel passed
 * @fdt_phys: its root FDT
 * @fdt_size: bytes at @fdt_phys
 * @scratch_phys: its array of &struct kho_scratch
 * @scratch_size: bytes of the array
 *
 * Called by the architecture while parsing its boot data, before memblock
 * knows the memory: only the FDT header, compatible and scratch array
 * are checked here.
 */
void __init kho_populate(phys_addr_t fdt_phys, u64 fdt_size,
			 phys_addr_t scratch_phys, u64 scratch_size)
{
	unsigned int nr = scratch_size / sizeof(struct kho_scratch);
	void *fdt, *scratch;
	int err;

	if (!nr || nr > KHO_SCRATCH_MAX ||
	    scratch_size % sizeof(struct kho_scratch)) {
		pr_warn("handover has %llu bytes of scratch areas: ignoring it\n",
			scratch_size);
		return;
	}
	if (!PAGE_ALIGNED(fdt_phys)) {
		if (kho_in_segment_header(fdt_phys, fdt_size))
			return;
		fdt_size = kho_in.segment_used - KHO_SEGMENT_HEADER_SIZE;
	}
	fdt_size = min_t(u64, fdt_size, KHO_FDT_MAX_SIZE);
	fdt = early_memremap(fdt_phys, fdt_size);
	if (!fdt)
		return;
	err = kho_fdt_check(fdt, fdt_size, &kho_in.map);
	if (err == -EPROTO)
		pr_warn("handover FDT is '%.32s', this kernel reads '%s': ignoring it\n",
			(const char *)fdt_getprop(fdt, 0, "compatible", NULL) ?: "",
			KHO_FDT_COMPATIBLE);
	else if (err)
		pr_warn("handover FDT at %pa is malformed: ignoring it\n",
			&fdt_phys);
	early_memunmap(fdt, fdt_size);
	if (err)
		return;

	scratch = early_memremap(scratch_phys, scratch_size);
	if (!scratch)
		return;
	nr = kho_in_copy_scratch(scratch, nr);
	early_memunmap(scratch, scratch_size);
	if (!nr) {
		pr_warn("handover has only empty scratch areas: ignoring it\n");
		return;
	}
	kho_in.nr_scratch = nr;
	kho_in.fdt_phys = fdt_phys;
}

static void __init kho_in_drop(const char *why)
{
	pr_warn("%s: ignoring the handover, preserved memory is free memory\n",
		why);
	if (kho_in.segment_reserved)
		memblock_phys_free(kho_in.segment, PAGE_ALIGN(kho_in.segment_used));
	kho_in.segment_reserved = false;
	kho_in.segment = 0;
	kho_in.fdt_phys = 0;
	kho_in.nr_scratch = 0;
}

/**
 * kho_memblock_setup - boot in scratch only
 *
 * Called right after memblock learned the memory: from now until
 * kho_reserve_preserved() every memblock allocation comes from the
 * scratch areas (and the first MiB, which never holds preserved memory),
 * so none lands on memory the previous kernel preserved.
 */
void __init kho_memblock_setup(void)
{
	unsigned int i;

	if (!kho_in.fdt_phys)
		return;
	if (!kho_enable)
		return kho_in_drop("booted without kho=on");
	for (i = 0; i < kho_in.nr_scratch; i++) {
		struct kho_scratch *area = &kho_in.scratch[i];

		if (!area->size || !PAGE_ALIGNED(area->addr | area->size) ||
		    !memblock_is_region_memory(area->addr, area->size))
			return kho_in_drop("a scratch area is not RAM");
	}
	if (kho_in.segment) {
		phys_addr_t size = PAGE_ALIGN(kho_in.segment_used);

		if (!memblock_is_region_memory(kho_in.segment, size) ||
		    memblock_is_region_reserved(kho_in.segment, size) ||
		    memblock_reserve(kho_in.segment, size))
			return kho_in_drop("the handover segment is not free RAM");
		kho_in.segment_reserved = true;
	}
	for (i = 0; i < kho_in.nr_scratch; i++)
		memblock_mark_kho_scratch(kho_in.scratch[i].addr,
					  kho_in.scratch[i].size);
	memblock_mark_kho_scratch(0, SZ_1M);
	memblock_set_kho_scratch_only(true);
}

static bool kho_in_scratch(phys_addr_t phys, phys_addr_t size)
{
	unsigned int i;

	for (i = 0; i < kho_in.nr_scratch; i++)
		if (memblock_addrs_overlap(phys, size, kho_in.scratch[i].addr,
					   kho_in.scratch[i].size))
			return true;
	return false;
}

/* Why a range the previous kernel listed cannot be taken, or NULL */
static const char * __init kho_in_bad_range(phys_addr_t phys,
					    phys_addr_t size)
{
	if (!memblock_is_region_memory(phys, size))
		return "is not RAM";
	if (kho_in_scratch(phys, size))
		return "lies in a scratch area";
	if (memblock_is_region_reserved(phys, size))
		return "overlaps memory in use at boot";
	return NULL;
}

/*
 * Blocks come in address order within each order, so the walk joins
 * adjacent blocks into runs and checks and reserves a run at a time:
 * memblock's cost grows with its number of regions, not of blocks.
 */
struct kho_in_walk {
	bool reserve;
	bool fdt_preserved;
	unsigned long nr_blocks;
	unsigned long nr_nodes;
	unsigned long nr_runs;
	u64 bytes;
	phys_addr_t run_start, run_end;
};

static int __init kho_in_flush_run(struct kho_in_walk *walk)
{
	phys_addr_t start = walk->run_start, size = walk->run_end - start;
	const char *why;

	if (!size)
		return 0;
	walk->run_start = 0;
	walk->run_end = 0;
	walk->nr_runs++;
	if (walk->reserve) {
		if (memblock_is_region_reserved(start, size)) {
			pr_warn("preserved range %pa+%pa is listed twice\n",
				&start, &size);
			return -EINVAL;
		}
		return memblock_reserve(start, size);
	}
	why = kho_in_bad_range(start, size);
	if (why) {
		pr_warn("preserved range %pa+%pa %s\n", &start, &size, why);
		return -EINVAL;
	}
	return 0;
}

static int __init kho_in_node(phys_addr_t phys, void *arg)
{
	struct kho_in_walk *walk = arg;
	const char *why;

	if (walk->reserve)
		return memblock_reserve(phys, PAGE_SIZE);
	why = PAGE_ALIGNED(phys) ? kho_in_bad_range(phys, PAGE_SIZE) :
				   "is not page aligned";
	if (why) {
		pr_warn("memory map node %pa %s\n", &phys, why);
		return -EINVAL;
	}
	walk->nr_nodes++;
	return 0;
}

static int __init kho_in_run(phys_addr_t phys, unsigned int order,
			     unsigned long nr, void *arg)
{
	phys_addr_t size = (PAGE_SIZE << order) * nr;
	struct kho_in_walk *walk = arg;
	int err;

	if (walk->run_end && phys == walk->run_end) {
		walk->run_end += size;
	} else {
		err = kho_in_flush_run(walk);
		if (err)
			return err;
		walk->run_start = phys;
		walk->run_end = phys + size;
	}
	if (phys <= kho_in.fdt_phys && kho_in.fdt_phys < phys + size)
		walk->fdt_preserved = true;
	walk->nr_blocks += nr;
	walk->bytes += size;
	return 0;
}

static const struct kho_radix_walk_ops kho_in_walk_ops __initconst = {
	.node = kho_in_node,
	.run = kho_in_run,
};

static void __init kho_in_unreserve(phys_addr_t phys, void *arg)
{
	memblock_phys_free(phys, PAGE_SIZE);
}

static int __init kho_in_unreserve_run(phys_addr_t phys, unsigned int order,
				       unsigned long nr, void *arg)
{
	memblock_phys_free(phys, (PAGE_SIZE << order) * nr);
	return 0;
}

static const struct kho_radix_walk_ops kho_in_unreserve_ops __initconst = {
	.run = kho_in_unreserve_run,
	.node_done = kho_in_unreserve,
};

/**
 * kho_reserve_preserved - reserve what the previous kernel preserved
 *
 * Called once the direct map covers all memory. The map is walked twice:
 * first every node and block is checked (RAM, outside scratch, not in use),
 * and only if all are fine, reserved. Then memblock may allocate anywhere.
 */
void __init kho_reserve_preserved(void)
{
	struct kho_in_walk walk = { }, reserve = { .reserve = true };
	int err;

	if (!kho_in.fdt_phys)
		return;
	if (kho_in.segment &&
	    kho_segment_check_sum(phys_to_virt(kho_in.segment))) {
		memblock_set_kho_scratch_only(false);
		return kho_in_drop("the handover segment's checksum is wrong");
	}
	err = kho_radix_walk(kho_in.map, &kho_in_walk_ops, &walk) ?:
	      kho_in_flush_run(&walk);
	/* Without a segment, the FDT must be in memory the map preserves */
	if (!err && !kho_in.segment && !walk.fdt_preserved) {
		pr_warn("the handover FDT is not in preserved memory\n");
		err = -EINVAL;
	}
	if (!err) {
		err = kho_radix_walk(kho_in.map, &kho_in_walk_ops, &reserve) ?:
		      kho_in_flush_run(&reserve);
		if (err)
			kho_radix_walk(kho_in.map, &kho_in_unreserve_ops, NULL);
	}
	memblock_set_kho_scratch_only(false);
	if (err)
		return kho_in_drop("the memory map is unusable");
	kho_in.accepted = true;
	kho_in.nr_blocks = walk.nr_blocks;
	kho_in.nr_nodes = walk.nr_nodes;
	pr_info("handover accepted: %lu blocks in %lu runs, %llu KiB preserved; segment %zu bytes\n",
		walk.nr_blocks, walk.nr_runs, walk.bytes >> 10,
		kho_in.segment ? kho_in.segment_used : 0);
}

static int __init kho_in_tag_run(phys_addr_t phys, unsigned int order,
				 unsigned long nr, void *arg)
{
	unsigned long pfn = PHYS_PFN(phys), i;

	for (i = 0; i < nr; i++, pfn += 1UL << order)
		set_page_private(pfn_to_page(pfn), KHO_PAGE_TAG(order));
	return 0;
}

static void __init kho_in_free_node(phys_addr_t phys, void *arg)
{
	free_reserved_page(pfn_to_page(PHYS_PFN(phys)));
}

static const struct kho_radix_walk_ops kho_in_tag_ops __initconst = {
	.run = kho_in_tag_run,
	.node_done = kho_in_free_node,
};

/*
 * The struct pages of reserved memory are initialized by now: mark the
 * first page of each preserved block with its order, so a restore needs
 * no map, and give the map's own pages back.
 */
static int __init kho_in_init(void)
{
	if (!kho_in.accepted)
		return 0;
	kho_radix_walk(kho_in.map, &kho_in_tag_ops, NULL);
	pr_info("restorable: %lu blocks; memory map freed: %lu pages\n",
		kho_in.nr_blocks, kho_in.nr_nodes);
	return 0;
}
early_initcall(kho_in_init);

/* ------------------------------------------------------------ restore */

static struct page *kho_restore_block(phys_addr_t phys, bool as_folio,
				      unsigned int *order)
{
	struct page *page = pfn_to_online_page(PHYS_PFN(phys));
	unsigned long i, nr;

	if (!page || !PAGE_ALIGNED(phys) || !PageReserved(page) ||
	    page_private(page) >> 32 != KHO_PAGE_MAGIC)
		return NULL;
	*order = page_private(page) & 0xff;
	nr = 1UL << *order;
	set_page_private(page, 0);
	for (i = 0; i < nr; i++) {
		ClearPageReserved(page + i);
		set_page_count(page + i, as_folio && i ? 0 : 1);
	}
	if (as_folio && *order)
		prep_compound_page(page, *order);
	adjust_managed_page_count(page, nr);
	return page;
}

/**
 * kho_restore_folio - take back a folio the previous kernel preserved
 * @phys: its physical address
 *
 * Return: the folio, with the order it was preserved with and one
 * reference; NULL when @phys is not the start of a preserved block or was
 * restored already.
 */
struct folio *kho_restore_folio(phys_addr_t phys)
{
	unsigned int order;
	struct page *page = kho_restore_block(phys, true, &order);

	return page ? page_folio(page) : NULL;
}
EXPORT_SYMBOL_GPL(kho_restore_folio);

/**
 * kho_restore_pages - take back pages preserved by kho_preserve_pages()
 * @phys: physical address of the first page
 * @nr_pages: how many were preserved
 *
 * Return: the first page, each page with one reference; NULL when the
 * range does not start a preserved block (a partial restore keeps what
 * it took).
 */
struct page *kho_restore_pages(phys_addr_t phys, unsigned long nr_pages)
{
	unsigned long pfn = PHYS_PFN(phys), end_pfn = pfn + nr_pages;
	unsigned int order;

	while (pfn < end_pfn) {
		if (!kho_restore_block(PFN_PHYS(pfn), false, &order))
			return NULL;
		pfn += 1UL << order;
	}
	return pfn_to_page(PHYS_PFN(phys));
}
EXPORT_SYMBOL_GPL(kho_restore_pages);

/* ------------------------------------------------------------ debugfs */

static ssize_t kho_fdt_read(struct file *file, char __user *buf, size_t len,
			    loff_t *ppos)
{
	const void *fdt = file->private_data;

	return simple_read_from_buffer(buf, len, ppos, fdt, fdt_totalsize(fdt));
}

static const struct file_operations kho_fdt_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = kho_fdt_read,
	.llseek = default_llseek,
};

static int kho_scratch_show(struct seq_file *m, bool len)
{
	unsigned int i;

	for (i = 0; i < kho_out.nr_scratch; i++)
		seq_printf(m, "0x%llx\n", (u64)(len ? kho_out.scratch[i].size :
						    kho_out.scratch[i].addr));
	return 0;
}

static int scratch_phys_show(struct seq_file *m, void *v)
{
	return kho_scratch_show(m, false);
}
DEFINE_SHOW_ATTRIBUTE(scratch_phys);

static int scratch_len_show(struct seq_file *m, void *v)
{
	return kho_scratch_show(m, true);
}
DEFINE_SHOW_ATTRIBUTE(scratch_len);

static int kho_preserved_show_block(phys_addr_t phys, unsigned int order,
				    void *arg)
{
	seq_printf(arg, "0x%llx %u\n", (u64)phys, order);
	return 0;
}

/* The preserved blocks, "ADDRESS ORDER" per line, in the map's order */
static int preserved_show(struct seq_file *m, void *v)
{
	static const struct kho_radix_walk_ops ops = {
		.block = kho_preserved_show_block,
	};
	int err;

	mutex_lock(&kho_out.tree.lock);
	err = kho_radix_walk(virt_to_phys(kho_out.tree.root), &ops, m);
	mutex_unlock(&kho_out.tree.lock);
	return err;
}
DEFINE_SHOW_ATTRIBUTE(preserved);

static int __init kho_in_subtrees_debugfs(struct dentry *dir, const void *fdt)
{
	struct debugfs_blob_wrapper *wrapper;
	struct dentry *sub_dir;
	phys_addr_t phys;
	int node;
	u64 size;

	sub_dir = debugfs_create_dir("sub_fdts", dir);
	fdt_for_each_subnode(node, fdt, 0) {
		const char *name = fdt_get_name(fdt, node, NULL);

		if (!name || kho_fdt_find(fdt, name, &phys, &size) ||
		    !memblock_is_region_memory(phys, size))
			continue;
		wrapper = kzalloc(sizeof(*wrapper), GFP_KERNEL);
		if (!wrapper)
			return -ENOMEM;
		wrapper->data = phys_to_virt(phys);
		wrapper->size = size;
		debugfs_create_blob(name, 0400, sub_dir, wrapper);
	}
	return 0;
}

#ifdef CONFIG_KEXEC_HANDOVER_DEBUG
/*
 * kho/out/corrupt damages the handover on purpose, so that tests can show
 * how the next kernel copes: "compatible" has kexec -e write another
 * format version, "checksum" has it flip a byte of the FDT after sealing
 * the segment (one only the checksum can tell from a sound one),
 * "outside-ram" and "in-scratch" list a block where none
 * may be, "bad-node" points the map at a node outside RAM.
 */
static int kho_corrupt(const char *what)
{
	struct kho_radix_node *root = kho_out.tree.root;
	phys_addr_t beyond = PFN_PHYS(max_pfn) + SZ_1G;

	static const char * const at_kexec[] = { "compatible", "checksum" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(at_kexec); i++) {
		if (strcmp(what, at_kexec[i]))
			continue;
		mutex_lock(&kho_out.lock);
		kho_out.corrupt = at_kexec[i];
		mutex_unlock(&kho_out.lock);
		return 0;
	}
	if (!strcmp(what, "outside-ram"))
		return kho_radix_add(&kho_out.tree, beyond, 0);
	if (!strcmp(what, "in-scratch"))
		return kho_radix_add(&kho_out.tree, kho_out.scratch[0].addr, 0);
	if (!strcmp(what, "bad-node")) {
		mutex_lock(&kho_out.tree.lock);
		root->table[ARRAY_SIZE(root->table) - 1] = beyond;
		mutex_unlock(&kho_out.tree.lock);
		return 0;
	}
	return -EINVAL;
}

static ssize_t kho_corrupt_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	char what[16];
	int err;

	if (len >= sizeof(what))
		return -EINVAL;
	if (copy_from_user(what, ubuf, len))
		return -EFAULT;
	what[len] = '\0';
	err = kho_corrupt(strim(what));
	if (err)
		return err;
	pr_warn("handover corrupted on request: %s\n", strim(what));
	return len;
}

static const struct file_operations kho_corrupt_fops = {
	.owner = THIS_MODULE,
	.write = kho_corrupt_write,
};

static void kho_corrupt_debugfs(struct dentry *dir)
{
	debugfs_create_file("corrupt", 0200, dir, NULL, &kho_corrupt_fops);
}
#else
static void kho_corrupt_debugfs(struct dentry *dir) { }
#endif

/* The used bytes of the segment the previous kernel wrote, header first */
static struct debugfs_blob_wrapper kho_in_segment_blob;

static int __init kho_debugfs_init(void)
{
	struct dentry *root, *dir;
	struct kho_subtree *sub;

	if (!kho_enable && !kho_in.accepted)
		return 0;
	root = debugfs_create_dir("kho", NULL);
	if (kho_in.accepted) {
		dir = debugfs_create_dir("in", root);
		debugfs_create_file("fdt", 0400, dir,
				    phys_to_virt(kho_in.fdt_phys), &kho_fdt_fops);
		kho_in_subtrees_debugfs(dir, phys_to_virt(kho_in.fdt_phys));
		if (kho_in.segment) {
			kho_in_segment_blob.data = phys_to_virt(kho_in.segment);
			kho_in_segment_blob.size = kho_in.segment_used;
			debugfs_create_blob("segment", 0400, dir,
					    &kho_in_segment_blob);
		}
	}
	if (!kho_enable)
		return 0;
	dir = debugfs_create_dir("out", root);
	debugfs_create_bool("parallel", 0600, dir, &kho_parallel);
	debugfs_create_file("fdt", 0400, dir, kho_out.fdt, &kho_fdt_fops);
	debugfs_create_file("scratch_phys", 0400, dir, NULL, &scratch_phys_fops);
	debugfs_create_file("scratch_len", 0400, dir, NULL, &scratch_len_fops);
	debugfs_create_file("preserved", 0400, dir, NULL, &preserved_fops);
	kho_corrupt_debugfs(dir);
	mutex_lock(&kho_out.lock);
	kho_out.sub_dir = debugfs_create_dir("sub_fdts", dir);
	list_for_each_entry(sub, &kho_out.subtrees, list)
		kho_subtree_debugfs(sub, phys_to_virt(sub->phys));
	mutex_unlock(&kho_out.lock);
	return 0;
}
fs_initcall(kho_debugfs_init);
