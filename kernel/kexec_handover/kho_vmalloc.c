// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kexec HandOver: vmalloc areas and zeroed allocations, with upstream's
 * API and in its layout. A vmalloc area is preserved as its blocks of
 * 1 << order pages, listed in a chain of preserved pages (&struct
 * kho_vmalloc_chunk) that the &struct kho_vmalloc a user hands over
 * points to. The next kernel maps the same pages again, in the same
 * order, at another address.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "kexec_handover_internal.h"

/* What a preserved area may have been allocated with */
#define KHO_VMALLOC_VM_FLAGS	(VM_ALLOC | VM_ALLOW_HUGE_VMAP)
#define KHO_VMALLOC_FLAGS	(KHO_VMALLOC_ALLOC | KHO_VMALLOC_HUGE_VMAP)

static unsigned int kho_vm_order(const struct vm_struct *vm)
{
#ifdef CONFIG_HAVE_ARCH_HUGE_VMALLOC
	return vm->page_order;
#else
	return 0;
#endif
}

/* A zeroed, preserved page of the list, linked after @prev if any */
static struct kho_vmalloc_chunk *kho_vmalloc_new_chunk(struct kho_vmalloc_chunk *prev)
{
	struct kho_vmalloc_chunk *chunk = (void *)get_zeroed_page(GFP_KERNEL);

	if (!chunk)
		return NULL;
	if (kho_preserve_pages(virt_to_page(chunk), 1)) {
		free_page((unsigned long)chunk);
		return NULL;
	}
	if (prev)
		prev->next = virt_to_phys(chunk);
	return chunk;
}

/**
 * kho_unpreserve_vmalloc - take back kho_preserve_vmalloc()
 * @preservation: what kho_preserve_vmalloc() filled
 *
 * The area stays allocated; the pages that listed it are freed.
 */
void kho_unpreserve_vmalloc(struct kho_vmalloc *preservation)
{
	unsigned long nr = 1UL << preservation->order;
	struct kho_vmalloc_chunk *chunk;
	phys_addr_t next = preservation->first;
	unsigned int i;

	while (next) {
		chunk = phys_to_virt(next);
		for (i = 0; i < ARRAY_SIZE(chunk->phys) && chunk->phys[i]; i++)
			kho_unpreserve_pages(pfn_to_page(PHYS_PFN(chunk->phys[i])), nr);
		next = chunk->next;
		kho_unpreserve_pages(virt_to_page(chunk), 1);
		free_page((unsigned long)chunk);
	}
	preservation->first = 0;
}
EXPORT_SYMBOL_GPL(kho_unpreserve_vmalloc);

/**
 * kho_preserve_vmalloc - hand a vmalloc area over to the next kernel
 * @ptr: an address in the area
 * @preservation: filled with what the next kernel restores it from; the
 *	user keeps it in a blob it hands over
 *
 * Return: 0; -EINVAL when @ptr is in no vmalloc area; -EOPNOTSUPP for an
 * area that is not vmalloc()'s own (a vmap(), an ioremap()) or without
 * kho=on; -ENOMEM, in which case nothing of it stays preserved.
 */
int kho_preserve_vmalloc(void *ptr, struct kho_vmalloc *preservation)
{
	struct vm_struct *vm = find_vm_area(ptr);
	struct kho_vmalloc_chunk *chunk;
	unsigned int idx = 0, order;
	unsigned long i, nr;
	int err;

	if (!vm)
		return -EINVAL;
	if (!(vm->flags & VM_ALLOC) || vm->flags & ~KHO_VMALLOC_VM_FLAGS)
		return -EOPNOTSUPP;
	order = kho_vm_order(vm);
	nr = 1UL << order;
	chunk = kho_vmalloc_new_chunk(NULL);
	if (!chunk)
		return kho_is_enabled() ? -ENOMEM : -EOPNOTSUPP;
	*preservation = (struct kho_vmalloc) {
		.first = virt_to_phys(chunk),
		.total_pages = vm->nr_pages,
		.flags = KHO_VMALLOC_ALLOC |
			 (vm->flags & VM_ALLOW_HUGE_VMAP ? KHO_VMALLOC_HUGE_VMAP : 0),
		.order = order,
	};
	for (i = 0; i < vm->nr_pages; i += nr) {
		if (idx == ARRAY_SIZE(chunk->phys)) {
			chunk = kho_vmalloc_new_chunk(chunk);
			err = -ENOMEM;
			if (!chunk)
				goto err_unpreserve;
			idx = 0;
		}
		err = kho_preserve_pages(vm->pages[i], nr);
		if (err)
			goto err_unpreserve;
		chunk->phys[idx++] = page_to_phys(vm->pages[i]);
	}
	return 0;

err_unpreserve:
	kho_unpreserve_vmalloc(preservation);
	return err;
}
EXPORT_SYMBOL_GPL(kho_preserve_vmalloc);

/* Takes back the blocks @chunk lists into @pages from @*idx on */
static int kho_vmalloc_restore_chunk(const struct kho_vmalloc_chunk *chunk,
				     unsigned int order, struct page **pages,
				     unsigned long *idx, unsigned long total)
{
	unsigned long nr = 1UL << order, j;
	struct page *page;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(chunk->phys) && chunk->phys[i]; i++) {
		if (*idx + nr > total)
			return -EINVAL;
		page = kho_restore_pages(chunk->phys[i], nr);
		if (!page)
			return -EINVAL;
		for (j = 0; j < nr; j++)
			pages[(*idx)++] = page + j;
	}
	return 0;
}

/**
 * kho_restore_vmalloc - map a vmalloc area the previous kernel preserved
 * @preservation: what its kho_preserve_vmalloc() filled
 *
 * The pages that listed the area are freed; vfree() frees the area.
 *
 * Return: the area's new address, or NULL when @preservation lists
 * memory that was not preserved so, or on -ENOMEM.
 */
void *kho_restore_vmalloc(const struct kho_vmalloc *preservation)
{
	unsigned long total = preservation->total_pages, idx = 0;
	phys_addr_t next = preservation->first;
	struct page **pages, *page;
	void *addr = NULL;
	int err = 0;

	if (!total || preservation->flags & ~KHO_VMALLOC_FLAGS ||
	    preservation->order > MAX_PAGE_ORDER)
		return NULL;
	pages = kvmalloc_array(total, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	while (next && !err) {
		page = kho_restore_pages(next, 1);
		if (!page)
			break;
		err = kho_vmalloc_restore_chunk(page_address(page),
						preservation->order, pages,
						&idx, total);
		next = ((struct kho_vmalloc_chunk *)page_address(page))->next;
		__free_page(page);
	}
	/* vfree() puts the pages and frees the array */
	if (!next && !err && idx == total)
		addr = vmap(pages, total, VM_MAP | VM_MAP_PUT_PAGES, PAGE_KERNEL);
	if (addr)
		return addr;
	while (idx)
		__free_page(pages[--idx]);
	kvfree(pages);
	return NULL;
}
EXPORT_SYMBOL_GPL(kho_restore_vmalloc);

/**
 * kho_alloc_preserve - allocate zeroed memory and hand it over
 * @size: bytes, rounded up to a power of two pages
 *
 * Return: the memory; ERR_PTR(-EINVAL) for a @size of 0, -E2BIG above
 * MAX_PAGE_ORDER, -ENOMEM, or kho_preserve_folio()'s error.
 */
void *kho_alloc_preserve(size_t size)
{
	struct folio *folio;
	unsigned int order;
	int err;

	if (!size)
		return ERR_PTR(-EINVAL);
	order = get_order(size);
	if (order > MAX_PAGE_ORDER)
		return ERR_PTR(-E2BIG);
	folio = folio_alloc(GFP_KERNEL | __GFP_ZERO, order);
	if (!folio)
		return ERR_PTR(-ENOMEM);
	err = kho_preserve_folio(folio);
	if (err) {
		folio_put(folio);
		return ERR_PTR(err);
	}
	return folio_address(folio);
}
EXPORT_SYMBOL_GPL(kho_alloc_preserve);

/**
 * kho_unpreserve_free - take back and free kho_alloc_preserve()'s memory
 * @mem: what it returned, or NULL
 */
void kho_unpreserve_free(void *mem)
{
	struct folio *folio;

	if (!mem)
		return;
	folio = virt_to_folio(mem);
	kho_unpreserve_folio(folio);
	folio_put(folio);
}
EXPORT_SYMBOL_GPL(kho_unpreserve_free);

/**
 * kho_restore_free - free what the previous kernel's kho_alloc_preserve()
 *	handed over
 * @mem: its address in this kernel, or NULL
 */
void kho_restore_free(void *mem)
{
	struct folio *folio;

	if (!mem)
		return;
	folio = kho_restore_folio(virt_to_phys(mem));
	if (!WARN_ON(!folio))
		folio_put(folio);
}
EXPORT_SYMBOL_GPL(kho_restore_free);
