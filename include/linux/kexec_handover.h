/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kexec HandOver: memory and state that survive a kexec_file handover.
 *
 * A user preserves the folios or pages that hold its state and names a
 * blob (itself in preserved memory) with kho_add_subtree(). The next
 * kernel finds the blob with kho_retrieve_subtree() and takes the memory
 * back with kho_restore_folio() or kho_restore_pages().
 * Documentation/admin-guide/kexec-handover.rst describes the whole.
 */
#ifndef _LINUX_KEXEC_HANDOVER_H
#define _LINUX_KEXEC_HANDOVER_H

#include <linux/err.h>
#include <linux/errno.h>
#include <linux/numa.h>
#include <linux/types.h>
#include <linux/workqueue.h>

/*
 * Scratch areas this kernel reserves and hands over, at most: one in low
 * memory, one anywhere and one on each node
 */
#define KHO_SCRATCH_MAX		(MAX_NUMNODES + 2)

struct folio;
struct page;
struct kho_vmalloc;
struct kexec_buf;
struct kimage;
struct kho_subtree;
struct resource;
struct kho_scratch;
struct cma;

/**
 * struct kho_serializer - a user that writes its subtree at kexec -e
 * @name: the subtree's name, unique among all subtrees
 * @max_size: bytes the blob may take at most
 * @serialize: writes the blob, an FDT or any bytes, into @blob (@size is
 *	@max_size) and returns the bytes written, or a negative errno that
 *	fails kexec -e. Called once per kexec -e attempt, in parallel with
 *	the other serializers, in process context; it must not call into
 *	KHO's subtree and serializer functions. @blob stays mapped until
 *	the jump: a user may change what it wrote, in place and within the
 *	bytes it returned, from a reboot notifier or a shutdown callback,
 *	as KHO seals the segment again once devices are shut down.
 *
 * The rest is KHO's.
 */
struct kho_serializer {
	const char *name;
	size_t max_size;
	int (*serialize)(struct kho_serializer *ser, void *blob, size_t size);

	struct kho_subtree *sub;
	struct work_struct work;
	void *blob;
	int result;
};

#ifdef CONFIG_KEXEC_HANDOVER
bool kho_is_enabled(void);
bool is_kho_boot(void);

int kho_preserve_folio(struct folio *folio);
void kho_unpreserve_folio(struct folio *folio);
int kho_preserve_pages(struct page *page, unsigned long nr_pages);
void kho_unpreserve_pages(struct page *page, unsigned long nr_pages);
struct folio *kho_restore_folio(phys_addr_t phys);
struct page *kho_restore_pages(phys_addr_t phys, unsigned long nr_pages);
int kho_preserve_vmalloc(void *ptr, struct kho_vmalloc *preservation);
void kho_unpreserve_vmalloc(struct kho_vmalloc *preservation);
void *kho_restore_vmalloc(const struct kho_vmalloc *preservation);
void *kho_alloc_preserve(size_t size);
void kho_unpreserve_free(void *mem);
void kho_restore_free(void *mem);

int kho_add_subtree(const char *name, void *blob, size_t size);
void kho_remove_subtree(void *blob);
int kho_retrieve_subtree(const char *name, phys_addr_t *phys, size_t *size);

int kho_register_serializer(struct kho_serializer *ser);
void kho_unregister_serializer(struct kho_serializer *ser);

/* For kexec_file, kexec -e and the architecture's boot code */
int kho_add_segment(struct kimage *image);
int kho_serialize(struct kimage *image);
unsigned int kho_scratch_areas(struct kho_scratch *areas, unsigned int max);
unsigned int kho_image_scratch(const struct kimage *image,
			       struct kho_scratch *areas, unsigned int max);
unsigned int kho_scratch_cmas(struct cma *const **areas);
int kho_locate_mem_hole(struct kexec_buf *kbuf,
			int (*func)(struct resource *res, void *arg));
void kho_populate(phys_addr_t fdt_phys, u64 fdt_size,
		  phys_addr_t scratch_phys, u64 scratch_size);
void kho_memblock_setup(void);
void kho_reserve_preserved(void);
void kho_reserve_scratch(void);
#else
static inline bool kho_is_enabled(void) { return false; }
static inline bool is_kho_boot(void) { return false; }
static inline int kho_preserve_folio(struct folio *folio) { return -EOPNOTSUPP; }
static inline void kho_unpreserve_folio(struct folio *folio) { }
static inline int kho_preserve_pages(struct page *page, unsigned long nr_pages)
{
	return -EOPNOTSUPP;
}

static inline void kho_unpreserve_pages(struct page *page, unsigned long nr_pages) { }
static inline struct folio *kho_restore_folio(phys_addr_t phys) { return NULL; }
static inline struct page *kho_restore_pages(phys_addr_t phys, unsigned long nr_pages)
{
	return NULL;
}

static inline int kho_preserve_vmalloc(void *ptr,
				       struct kho_vmalloc *preservation)
{
	return -EOPNOTSUPP;
}

static inline void kho_unpreserve_vmalloc(struct kho_vmalloc *preservation) { }
static inline void *kho_restore_vmalloc(const struct kho_vmalloc *preservation)
{
	return NULL;
}

static inline void *kho_alloc_preserve(size_t size)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline void kho_unpreserve_free(void *mem) { }
static inline void kho_restore_free(void *mem) { }

static inline int kho_add_subtree(const char *name, void *blob, size_t size)
{
	return -EOPNOTSUPP;
}

static inline void kho_remove_subtree(void *blob) { }
static inline int kho_retrieve_subtree(const char *name, phys_addr_t *phys,
				       size_t *size)
{
	return -ENOENT;
}

static inline int kho_register_serializer(struct kho_serializer *ser)
{
	return -EOPNOTSUPP;
}

static inline void kho_unregister_serializer(struct kho_serializer *ser) { }
static inline int kho_add_segment(struct kimage *image) { return 0; }
static inline int kho_serialize(struct kimage *image) { return 0; }
static inline unsigned int kho_scratch_areas(struct kho_scratch *areas,
					     unsigned int max)
{
	return 0;
}

static inline unsigned int kho_image_scratch(const struct kimage *image,
					     struct kho_scratch *areas,
					     unsigned int max)
{
	return 0;
}

static inline unsigned int kho_scratch_cmas(struct cma *const **areas)
{
	*areas = NULL;
	return 0;
}

static inline int kho_locate_mem_hole(struct kexec_buf *kbuf,
				      int (*func)(struct resource *res, void *arg))
{
	return 1;
}

static inline void kho_populate(phys_addr_t fdt_phys, u64 fdt_size,
				phys_addr_t scratch_phys, u64 scratch_size) { }
static inline void kho_memblock_setup(void) { }
static inline void kho_reserve_preserved(void) { }
static inline void kho_reserve_scratch(void) { }
#endif

#endif /* _LINUX_KEXEC_HANDOVER_H */
