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
 *
 * This file is the core: the parameters, preserving memory, the subtrees
 * named in the root FDT, and restoring what the previous kernel preserved.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "../../mm/internal.h"
#include "kexec_handover_internal.h"

bool kho_enable __ro_after_init;

static int __init kho_parse_enable(char *p)
{
	return kstrtobool(p, &kho_enable);
}
early_param("kho", kho_parse_enable);

/*
 * kho_fdt_max=: the bytes kexec_file_load() reserves for the segment the
 * FDT and the serializers' blobs are written to at kexec -e. 0 sizes it
 * at load from what is registered then, plus a page.
 */
unsigned long kho_fdt_max;

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
bool kho_parallel = true;

/* What this kernel hands to the next */
struct kho_out kho_out = {
	.tree.lock = __MUTEX_INITIALIZER(kho_out.tree.lock),
	.subtrees = LIST_HEAD_INIT(kho_out.subtrees),
	.lock = __MUTEX_INITIALIZER(kho_out.lock),
};

/* What the previous kernel handed to this one */
struct kho_in kho_in;

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

/**
 * kho_block_order - the order of the next block of a preserved range
 * @pfn: where the block starts
 * @end_pfn: where the range ends
 *
 * The largest naturally aligned block at @pfn that ends by @end_pfn and
 * lies on one node, with no cap at MAX_PAGE_ORDER: upstream cuts
 * kho_preserve_pages() ranges by this rule and walks them by it again in
 * kho_restore_pages(), so a range cut any other way comes back there half
 * set up.
 *
 * Return: the order.
 */
unsigned int kho_block_order(unsigned long pfn, unsigned long end_pfn)
{
	unsigned int order = pfn ? __ffs(pfn) : BITS_PER_LONG - 1;

	order = min_t(unsigned int, order, ilog2(end_pfn - pfn));
	while (pfn_to_nid(pfn) != pfn_to_nid(pfn + (1UL << order) - 1))
		order--;
	return order;
}

/**
 * kho_unpreserve_range - take a range of page frames out of the map
 * @pfn: the first
 * @end_pfn: the one after the last
 */
void kho_unpreserve_range(unsigned long pfn, unsigned long end_pfn)
{
	unsigned int order;

	for (; pfn < end_pfn; pfn += 1UL << order) {
		order = kho_block_order(pfn, end_pfn);
		kho_radix_del(&kho_out.tree, PFN_PHYS(pfn), order);
	}
}

/**
 * kho_preserve_range - list a range of page frames in the map
 * @pfn: the first
 * @end_pfn: the one after the last
 *
 * In blocks of kho_block_order(), with no check of what the frames hold.
 *
 * Return: 0, or -ENOMEM, in which case nothing of the range is listed.
 */
int kho_preserve_range(unsigned long pfn, unsigned long end_pfn)
{
	unsigned long start_pfn = pfn;
	unsigned int order;
	int err;

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
	unsigned long pfn = page_to_pfn(page);
	int err;

	err = kho_check_preservable(page, nr_pages);
	if (err)
		return err;
	return kho_preserve_range(pfn, pfn + nr_pages);
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
	if (kho_find_subtree(sub->name, 0) || (sub->ser && sub->ser->sub))
		goto out;
	list_add_tail(&sub->list, &kho_out.subtrees);
	err = kho_out_update_fdt();
	if (err) {
		list_del(&sub->list);
		WARN_ON(kho_out_update_fdt());
		goto out;
	}
	if (sub->ser) {
		sub->ser->sub = sub;
		INIT_WORK(&sub->ser->work, kho_serialize_work);
	} else {
		kho_debugfs_add_subtree(sub);
	}
out:
	mutex_unlock(&kho_out.lock);
	return err;
}

static void kho_delete_subtree(struct kho_subtree *sub)
{
	lockdep_assert_held(&kho_out.lock);
	list_del(&sub->list);
	WARN_ON(kho_out_update_fdt());
	if (!sub->ser)
		kho_debugfs_remove_subtree(sub);
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

/**
 * kho_serialize_work - run one serializer, from kho_serialize()
 * @work: &kho_serializer.work
 */
void kho_serialize_work(struct work_struct *work)
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
 * -EEXIST for a name taken or a serializer registered already, which
 * stays registered as it was; -ENOSPC when kho/out/fdt is full; -ENOMEM.
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
	err = kho_insert_subtree(sub);
	if (err)
		kho_free_subtree(sub);
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

/* ------------------------------------------------------------ restore */

static struct page *kho_restore_block(phys_addr_t phys, bool as_folio,
				      unsigned int *order)
{
	struct page *page = pfn_to_online_page(PHYS_PFN(phys));
	unsigned long i, nr;

	/*
	 * Preserved memory is reserved noinit: its struct pages are not
	 * PageReserved, and the tag on the head page is what marks a block.
	 */
	if (!page || !PAGE_ALIGNED(phys) ||
	    page_private(page) >> 32 != KHO_PAGE_MAGIC)
		return NULL;
	*order = page_private(page) & 0xff;
	/* The buddy allocator could not free such a folio */
	if (as_folio && *order > MAX_PAGE_ORDER) {
		pr_warn("block at %pa is order %u, above MAX_PAGE_ORDER: restore it with kho_restore_pages()\n",
			&phys, *order);
		return NULL;
	}
	nr = 1UL << *order;
	set_page_private(page, 0);
	for (i = 0; i < nr; i++)
		set_page_count(page + i, as_folio && i ? 0 : 1);
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
 * reference; NULL when @phys is not the start of a preserved block, was
 * restored already, or starts a block above MAX_PAGE_ORDER (which stays
 * preserved for kho_restore_pages()).
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
