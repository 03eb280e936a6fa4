// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for kexec_file CMA placement
 *
 * Each case builds a bare file-mode image and adds segments to it the way
 * an image loader does, through kexec_add_buffer(), then looks at where
 * they landed and what the CMA area holds afterwards.
 */

#include <kunit/test.h>
#include <linux/cma.h>
#include <linux/dma-map-ops.h>
#include <linux/highmem.h>
#include <linux/kexec.h>
#include <linux/pageblock-flags.h>
#include <linux/sizes.h>
#include <linux/vmalloc.h>

#include "kexec_file_cma.h"
#include "kexec_internal.h"

KUNIT_DEFINE_ACTION_WRAPPER(kexec_cma_test_vfree, vfree, const void *);

static u8 kexec_cma_test_byte(size_t offset)
{
	return (offset * 7 + 3) & 0xff;
}

static struct cma *kexec_cma_test_area(void)
{
	return dev_get_cma_area(NULL);
}

static int kexec_cma_test_init(struct kunit *test)
{
	struct kimage *image;

	if (!kexec_cma_test_area())
		kunit_skip(test, "no default CMA area (booted with cma=0?)");

	image = do_kimage_alloc_init();
	KUNIT_ASSERT_NOT_NULL(test, image);
	image->file_mode = 1;
	test->priv = image;
	return 0;
}

static void kexec_cma_test_exit(struct kunit *test)
{
	kimage_free(test->priv);
}

/* @bufsz pattern bytes in a vmalloc() buffer */
static u8 *kexec_cma_test_pattern(struct kunit *test, size_t bufsz)
{
	u8 *buf = vmalloc(bufsz);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < bufsz; i++)
		buf[i] = kexec_cma_test_byte(i);
	return buf;
}

/* @bufsz pattern bytes, freed with the test */
static u8 *kexec_cma_test_buffer(struct kunit *test, size_t bufsz)
{
	u8 *buf = kexec_cma_test_pattern(test, bufsz);

	KUNIT_ASSERT_EQ(test, 0,
			kunit_add_action_or_reset(test, kexec_cma_test_vfree, buf));
	return buf;
}

/*
 * Adds a segment of @bufsz pattern bytes to the test's image, from
 * @kbuf->buffer if the caller set it
 */
static int kexec_cma_test_add(struct kunit *test, struct kexec_buf *kbuf,
			      size_t bufsz, unsigned long memsz,
			      unsigned long align)
{
	if (!kbuf->buffer)
		kbuf->buffer = kexec_cma_test_buffer(test, bufsz);
	if (!kbuf->image) {
		kbuf->image = test->priv;
		kbuf->mem = KEXEC_BUF_MEM_UNKNOWN;
		kbuf->buf_max = ULONG_MAX;
	}
	kbuf->bufsz = bufsz;
	kbuf->memsz = memsz;
	kbuf->buf_align = align;
	return kexec_add_buffer(kbuf);
}

/*
 * The image's initrd: the generic code knows it by its buffer, and
 * kimage_free() frees it with the image
 */
static int kexec_cma_test_add_initrd(struct kunit *test, struct kexec_buf *kbuf,
				     size_t bufsz, unsigned long memsz)
{
	struct kimage *image = test->priv;

	kbuf->buffer = kexec_cma_test_pattern(test, bufsz);
	image->initrd_buf = kbuf->buffer;
	image->initrd_buf_len = bufsz;
	return kexec_cma_test_add(test, kbuf, bufsz, memsz, PAGE_SIZE);
}

static struct kexec_placement *kexec_cma_test_last(struct kunit *test)
{
	struct kimage *image = test->priv;

	return &image->placement[image->nr_segments - 1];
}

static bool kexec_cma_test_in_area(unsigned long mem, unsigned long memsz)
{
	struct cma *area = kexec_cma_test_area();
	unsigned long base = cma_get_base(area);

	return mem >= base && mem + memsz <= base + cma_get_size(area);
}

/* cma_alloc() is first fit: this page is where the next allocation goes */
static struct page *kexec_cma_test_first_free(struct kunit *test)
{
	struct cma *area = kexec_cma_test_area();
	struct page *page = cma_alloc(area, 1, 0, true);

	KUNIT_ASSERT_NOT_NULL(test, page);
	cma_release(area, page, 1);
	return page;
}

/* The x86 kernel asks for 2 MiB, above the 1 MiB dma_alloc_from_contiguous() cap */
static void kexec_cma_test_alignment(struct kunit *test)
{
	static const unsigned long aligns[] = { PAGE_SIZE, SZ_1M, SZ_2M, SZ_4M };
	struct kimage *image = test->priv;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(aligns); i++) {
		struct kexec_buf kbuf = {};
		struct kexec_segment *segment = &image->segment[i];

		KUNIT_ASSERT_EQ(test, 0,
				kexec_cma_test_add(test, &kbuf, 3 * PAGE_SIZE + 100,
						   SZ_1M, aligns[i]));
		KUNIT_EXPECT_EQ(test, kexec_cma_test_last(test)->reason,
				KEXEC_CMA_PLACED);
		KUNIT_ASSERT_NOT_NULL(test, kexec_cma_test_last(test)->cma_pages);
		KUNIT_EXPECT_TRUE_MSG(test, IS_ALIGNED(segment->mem, aligns[i]),
				      "mem 0x%lx, align 0x%lx", segment->mem,
				      aligns[i]);
		KUNIT_EXPECT_TRUE(test, kexec_cma_test_in_area(segment->mem,
							       segment->memsz));
		KUNIT_EXPECT_EQ(test, segment->mem,
				page_to_boot_pfn(kexec_cma_test_last(test)->cma_pages)
				<< PAGE_SHIFT);
	}
}

/* A range CMA cannot give is released and the segment is copied */
static void kexec_cma_test_range(struct kunit *test)
{
	struct cma *area = kexec_cma_test_area();
	unsigned long base = cma_get_base(area);
	struct kimage *image = test->priv;
	struct kexec_buf below = {
		.image = image,
		.mem = KEXEC_BUF_MEM_UNKNOWN,
		.buf_max = base - 1,
	};
	struct kexec_buf above = {
		.image = image,
		.mem = KEXEC_BUF_MEM_UNKNOWN,
		.buf_min = base + cma_get_size(area),
		.buf_max = ULONG_MAX,
	};
	struct page *first_free = kexec_cma_test_first_free(test);
	unsigned long index;
	int ret;

	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &below, PAGE_SIZE,
						    PAGE_SIZE, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, kexec_cma_test_last(test)->reason,
			KEXEC_CMA_ALIGN_RANGE);
	KUNIT_EXPECT_NULL(test, kexec_cma_test_last(test)->cma_pages);
	KUNIT_EXPECT_LE(test, below.mem + PAGE_SIZE - 1, base - 1);

	/* There may be no RAM above the area at all: then the hole walk fails */
	index = image->nr_segments;
	ret = kexec_cma_test_add(test, &above, PAGE_SIZE, PAGE_SIZE, PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, ret == 0 || ret == -EADDRNOTAVAIL);
	KUNIT_EXPECT_EQ(test, image->placement[index].reason,
			KEXEC_CMA_ALIGN_RANGE);
	KUNIT_EXPECT_NULL(test, image->placement[index].cma_pages);

	/* Nothing was kept: the first free page is the same as before */
	KUNIT_EXPECT_PTR_EQ(test, kexec_cma_test_first_free(test), first_free);
}

static void kexec_cma_test_reasons(struct kunit *test)
{
	struct cma *area = kexec_cma_test_area();
	struct kimage *image = test->priv;
	struct kexec_buf fixed = {
		.image = image,
		.mem = cma_get_base(area),
		.buf_max = ULONG_MAX,
	};
	struct kexec_buf huge = {}, flagged = {}, crash = {};
	unsigned long index;

	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &fixed, PAGE_SIZE,
						    PAGE_SIZE, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, kexec_cma_test_last(test)->reason,
			KEXEC_CMA_FIXED);

	KUNIT_ASSERT_EQ(test, 0,
			kexec_cma_test_add(test, &huge, PAGE_SIZE,
					   cma_get_size(area) + PAGE_SIZE,
					   PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, kexec_cma_test_last(test)->reason,
			KEXEC_CMA_ALLOC_FAILED);
	KUNIT_EXPECT_FALSE(test, kexec_cma_test_in_area(huge.mem, huge.memsz));

	image->no_cma = 1;
	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &flagged, PAGE_SIZE,
						    PAGE_SIZE, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, kexec_cma_test_last(test)->reason, KEXEC_CMA_FLAG);

	/* Crash wins over the flag; the hole walk may find no crashkernel */
	image->type = KEXEC_TYPE_CRASH;
	index = image->nr_segments;
	kexec_cma_test_add(test, &crash, PAGE_SIZE, PAGE_SIZE, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, image->placement[index].reason, KEXEC_CMA_CRASH);
	KUNIT_EXPECT_NULL(test, image->placement[index].cma_pages);
	image->type = KEXEC_TYPE_DEFAULT;

	KUNIT_EXPECT_NULL(test, image->placement[0].cma_pages);
	KUNIT_EXPECT_NULL(test, image->placement[1].cma_pages);
	KUNIT_EXPECT_NULL(test, image->placement[2].cma_pages);
}

/*
 * Dirty pages, handed back to CMA, then reused for a segment with a long
 * tail: the purgatory hashes that tail as zeros, so it must be cleared.
 */
static void kexec_cma_test_tail_zeroed(struct kunit *test)
{
	unsigned long nr_pages = SZ_2M >> PAGE_SHIFT, i, offset = 0;
	size_t bufsz = 5 * PAGE_SIZE + 123;
	struct cma *area = kexec_cma_test_area();
	struct kimage *image = test->priv;
	struct kexec_buf kbuf = {};
	struct page *dirty, *pages;
	bool intact = true;

	dirty = cma_alloc(area, nr_pages, get_order(SZ_2M), true);
	KUNIT_ASSERT_NOT_NULL(test, dirty);
	for (i = 0; i < nr_pages; i++)
		memset_page(nth_page(dirty, i), 0, 0xa5, PAGE_SIZE);
	cma_release(area, dirty, nr_pages);

	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &kbuf, bufsz, SZ_2M,
						    SZ_2M));
	pages = kexec_cma_test_last(test)->cma_pages;
	KUNIT_ASSERT_NOT_NULL(test, pages);
	KUNIT_EXPECT_PTR_EQ(test, pages, dirty);
	KUNIT_ASSERT_EQ(test, 0, kimage_load_segment(image, &image->segment[0]));

	for (i = 0; i < nr_pages && intact; i++) {
		u8 *p = kmap_local_page(nth_page(pages, i));
		size_t j;

		for (j = 0; j < PAGE_SIZE && intact; j++, offset++)
			intact = p[j] == (offset < bufsz ?
					  kexec_cma_test_byte(offset) : 0);
		kunmap_local(p);
	}
	KUNIT_EXPECT_TRUE_MSG(test, intact, "wrong byte at offset 0x%lx",
			      offset - 1);

	/* Written in place: no page list for relocate_kernel to copy */
	KUNIT_EXPECT_EQ(test, image->head, 0);
}

static void kexec_cma_test_map_segment(struct kunit *test)
{
	struct kimage *image = test->priv;
	struct kexec_segment *segment = &image->segment[0];
	size_t bufsz = 2 * PAGE_SIZE + 1;
	struct kexec_buf kbuf = {};
	void *vaddr;

	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &kbuf, bufsz,
						    4 * PAGE_SIZE, PAGE_SIZE));
	KUNIT_ASSERT_NOT_NULL(test, kexec_cma_test_last(test)->cma_pages);
	KUNIT_ASSERT_EQ(test, 0, kimage_load_segment(image, segment));

	vaddr = kimage_map_segment(image, segment->mem, segment->memsz);
	KUNIT_ASSERT_NOT_NULL(test, vaddr);
	KUNIT_EXPECT_EQ(test, 0, memcmp(vaddr, kbuf.buffer, bufsz));
	kimage_unmap_segment(vaddr);
}

/*
 * A page in the middle of a segment on the copy path: the destinations of
 * a run of source pages are implicit, kimage_map_segment() must count them.
 */
static void kexec_cma_test_map_copied_middle(struct kunit *test)
{
	struct kimage *image = test->priv;
	struct kexec_segment *segment = &image->segment[0];
	struct kexec_buf kbuf = {};
	size_t offset = 2 * PAGE_SIZE;
	u8 *vaddr;

	image->no_cma = 1;
	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &kbuf, 4 * PAGE_SIZE,
						    4 * PAGE_SIZE, PAGE_SIZE));
	KUNIT_ASSERT_EQ(test, 0, kimage_load_segment(image, segment));

	vaddr = kimage_map_segment(image, segment->mem + offset, PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, vaddr);
	KUNIT_EXPECT_EQ(test, 0, memcmp(vaddr, kbuf.buffer + offset, PAGE_SIZE));
	kimage_unmap_segment(vaddr);
}

/*
 * CMA and copied segments in one image, then kimage_free(): every CMA page
 * goes back, so the same allocation lands in the same place again.
 */
static void kexec_cma_test_mixed_release(struct kunit *test)
{
	struct cma *area = kexec_cma_test_area();
	struct kimage *image = test->priv;
	struct kexec_buf first = {}, copied = {}, second = {};
	unsigned long i;
	struct page *pages, *again;

	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &first, PAGE_SIZE,
						    SZ_2M, SZ_2M));
	image->no_cma = 1;
	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &copied, PAGE_SIZE,
						    2 * PAGE_SIZE, PAGE_SIZE));
	image->no_cma = 0;
	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &second, PAGE_SIZE,
						    SZ_1M, PAGE_SIZE));
	pages = image->placement[0].cma_pages;
	KUNIT_ASSERT_NOT_NULL(test, pages);
	KUNIT_EXPECT_NULL(test, image->placement[1].cma_pages);
	KUNIT_EXPECT_NOT_NULL(test, image->placement[2].cma_pages);

	for (i = 0; i < image->nr_segments; i++)
		KUNIT_ASSERT_EQ(test, 0, kimage_load_segment(image,
							     &image->segment[i]));
	/* Only the copied segment is in the page list */
	KUNIT_EXPECT_NE(test, image->head, 0);

	kimage_free(image);
	test->priv = NULL;

	again = cma_alloc(area, SZ_2M >> PAGE_SHIFT, get_order(SZ_2M), true);
	KUNIT_ASSERT_NOT_NULL(test, again);
	KUNIT_EXPECT_PTR_EQ(test, again, pages);
	cma_release(area, again, SZ_2M >> PAGE_SHIFT);
}

#ifdef CONFIG_KEXEC_VERIFY
#include <linux/xxhash.h>
#include <asm/setup_data.h>

/* Who checks a kernel-like segment, the initrd and another, in each mode */
struct kexec_cma_test_checkers {
	const char *name;
	u8 mode;
	bool copied[3];
	enum kexec_checker expect[3];
};

#define N	KEXEC_CHECK_NONE
#define P	KEXEC_CHECK_PURGATORY
#define S	KEXEC_CHECK_SUCCESSOR
static const struct kexec_cma_test_checkers kexec_cma_test_checkers_cases[] = {
	{ "xxh64-all-cma",	KEXEC_VERIFY_XXH64,  { 0, 0, 0 }, { N, S, N } },
	{ "xxh64-mixed",	KEXEC_VERIFY_XXH64,  { 0, 0, 1 }, { N, S, P } },
	{ "xxh64-all-copy",	KEXEC_VERIFY_XXH64,  { 1, 1, 1 }, { P, P, P } },
	{ "warn-all-cma",	KEXEC_VERIFY_WARN,   { 0, 0, 0 }, { N, S, N } },
	{ "warn-mixed",		KEXEC_VERIFY_WARN,   { 0, 0, 1 }, { N, S, P } },
	{ "warn-all-copy",	KEXEC_VERIFY_WARN,   { 1, 1, 1 }, { P, P, P } },
	{ "sha256-all-cma",	KEXEC_VERIFY_SHA256, { 0, 0, 0 }, { P, P, P } },
	{ "sha256-mixed",	KEXEC_VERIFY_SHA256, { 0, 0, 1 }, { P, P, P } },
	{ "sha256-all-copy",	KEXEC_VERIFY_SHA256, { 1, 1, 1 }, { P, P, P } },
	{ "off-all-cma",	KEXEC_VERIFY_OFF,    { 0, 0, 0 }, { N, N, N } },
	{ "off-mixed",		KEXEC_VERIFY_OFF,    { 0, 0, 1 }, { N, N, N } },
	{ "off-all-copy",	KEXEC_VERIFY_OFF,    { 1, 1, 1 }, { N, N, N } },
};

#undef N
#undef P
#undef S

KUNIT_ARRAY_PARAM_DESC(kexec_cma_test_checkers, kexec_cma_test_checkers_cases, name);

static void kexec_cma_test_verify_checkers(struct kunit *test)
{
	const struct kexec_cma_test_checkers *c = test->param_value;
	struct kexec_buf kbuf[3] = {};
	struct kimage *image = test->priv;
	unsigned int i;

	image->verify_mode = c->mode;
	for (i = 0; i < 3; i++) {
		image->no_cma = c->copied[i];
		KUNIT_ASSERT_EQ(test, 0, i == 1 ?
			kexec_cma_test_add_initrd(test, &kbuf[i], PAGE_SIZE, PAGE_SIZE) :
			kexec_cma_test_add(test, &kbuf[i], PAGE_SIZE, PAGE_SIZE, PAGE_SIZE));
		KUNIT_ASSERT_EQ(test, kexec_cma_resident(image, i), !c->copied[i]);
	}
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, kexec_verify_checker(image, i),
				    c->expect[i], "segment %u", i);
}

/* Segments written after load are nobody's to check, in any mode */
static void kexec_cma_test_verify_unhashed(struct kunit *test)
{
	struct kimage *image = test->priv;
	struct kexec_buf late = { .unhashed = true };

	image->verify_mode = KEXEC_VERIFY_SHA256;
	image->no_cma = 1;
	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &late, PAGE_SIZE, PAGE_SIZE, PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, kexec_segment_digested(image, 0));
	KUNIT_EXPECT_EQ(test, kexec_verify_checker(image, 0), KEXEC_CHECK_NONE);
}

/*
 * The record for the next kernel: the initrd's size and its xxh64, the
 * same function the purgatory and the next kernel use (known answers from
 * the xxHash reference).
 */
static void kexec_cma_test_verify_record(struct kunit *test)
{
	struct kimage *image = test->priv;
	struct kexec_verify_record record;
	struct kexec_buf initrd = {};
	size_t bufsz = 3 * PAGE_SIZE + 5;

	KUNIT_EXPECT_EQ(test, xxh64("", 0, 0), 0xef46db3751d8e999ULL);
	KUNIT_EXPECT_EQ(test, xxh64("abc", 3, 0), 0x44bc2cf5ad770999ULL);

	image->verify_mode = KEXEC_VERIFY_WARN;
	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add_initrd(test, &initrd, bufsz,
							   4 * PAGE_SIZE));
	KUNIT_ASSERT_TRUE(test, kexec_verify_fill_record(image, &record));
	KUNIT_EXPECT_EQ(test, record.magic, KEXEC_VERIFY_MAGIC);
	KUNIT_EXPECT_EQ(test, record.flags, KEXEC_VERIFY_F_WARN);
	KUNIT_EXPECT_EQ(test, record.initrd_size, bufsz);
	KUNIT_EXPECT_EQ(test, record.initrd_xxh64,
			xxh64(initrd.buffer, bufsz, 0));

	/* In sha256 mode the purgatory checks it: no record */
	image->verify_mode = KEXEC_VERIFY_SHA256;
	KUNIT_EXPECT_FALSE(test, kexec_verify_fill_record(image, &record));
}
#endif /* CONFIG_KEXEC_VERIFY */

/* Gives back chunk @c of a range placed whole, as if it was never had */
static unsigned long kexec_cma_test_unclaim(struct kexec_placement *placement,
					    unsigned long nr_pages,
					    unsigned int c)
{
	unsigned long pfn = page_to_pfn(placement->cma_pages);
	unsigned long start = pfn + kexec_cma_chunk_start(pfn, nr_pages, c);
	unsigned long end = pfn + kexec_cma_chunk_start(pfn, nr_pages, c + 1);

	cma_release(placement->area, pfn_to_page(start), end - start);
	__clear_bit(c, placement->claimed);
	placement->in_place -= (end - start) << PAGE_SHIFT;
	return end - start;
}

/*
 * A segment whose range was had only in part, chunks 1 and 3 missing: the
 * chunks had are written in place, the page list covers exactly the
 * others with the right bytes, a mapping mixes both, and releasing the
 * image gives back only what it held.
 */
static void kexec_cma_test_partial(struct kunit *test)
{
	unsigned long nr_pages = 4 * pageblock_nr_pages + 3, pfn, first;
	unsigned long memsz = nr_pages << PAGE_SHIFT, listed = 0, missing;
	size_t bufsz = memsz - PAGE_SIZE - 100, offset;
	struct kimage *image = test->priv;
	struct kexec_segment *segment = &image->segment[0];
	struct kexec_placement *placement = &image->placement[0];
	unsigned long dest = 0, i, chunk, nr_chunks;
	kimage_entry_t *ptr, entry;
	struct kexec_buf kbuf = {};
	bool intact = true;
	u8 *vaddr;

	/* A page in, so that the chunks do not start on a pageblock */
	KUNIT_ASSERT_EQ(test, 0, kexec_cma_test_add(test, &kbuf, bufsz, memsz,
						    PAGE_SIZE));
	KUNIT_ASSERT_NOT_NULL(test, placement->cma_pages);
	KUNIT_ASSERT_NULL(test, placement->claimed);
	pfn = page_to_pfn(placement->cma_pages);
	first = ALIGN_DOWN(pfn, pageblock_nr_pages);
	nr_chunks = DIV_ROUND_UP(pfn + nr_pages - first, pageblock_nr_pages);
	KUNIT_ASSERT_GE(test, nr_chunks, 5);

	placement->claimed = bitmap_zalloc(nr_chunks, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, placement->claimed);
	bitmap_fill(placement->claimed, nr_chunks);
	missing = kexec_cma_test_unclaim(placement, nr_pages, 1) +
		  kexec_cma_test_unclaim(placement, nr_pages, 3);
	KUNIT_ASSERT_EQ(test, 0, kimage_load_segment(image, segment));

	/* Every source page lands in a chunk not had, with its bytes */
	for (ptr = &image->head; (entry = *ptr) && !(entry & IND_DONE);
	     ptr = (entry & IND_INDIRECTION) ?
		   boot_phys_to_virt(entry & PAGE_MASK) : ptr + 1) {
		u8 *p;

		if (entry & IND_DESTINATION) {
			dest = entry & PAGE_MASK;
			continue;
		}
		if (!(entry & IND_SOURCE))
			continue;
		KUNIT_ASSERT_GE(test, dest, segment->mem);
		KUNIT_ASSERT_LT(test, dest, segment->mem + memsz);
		i = (dest - segment->mem) >> PAGE_SHIFT;
		chunk = (pfn + i - first) / pageblock_nr_pages;
		KUNIT_EXPECT_TRUE_MSG(test, chunk == 1 || chunk == 3,
				      "page %lu of chunk %lu is listed", i, chunk);
		p = kmap_local_page(boot_pfn_to_page((entry & PAGE_MASK) >>
						     PAGE_SHIFT));
		for (offset = i << PAGE_SHIFT; intact &&
		     offset < (i + 1) << PAGE_SHIFT; offset++)
			intact = p[offset & ~PAGE_MASK] ==
				 (offset < bufsz ? kexec_cma_test_byte(offset) : 0);
		kunmap_local(p);
		listed++;
		dest += PAGE_SIZE;
	}
	KUNIT_EXPECT_EQ(test, listed, missing);
	KUNIT_EXPECT_TRUE(test, intact);

	/* The whole segment through one mapping: chunks 0-4, both kinds */
	vaddr = kimage_map_segment(image, segment->mem, memsz);
	KUNIT_ASSERT_NOT_NULL(test, vaddr);
	KUNIT_EXPECT_EQ(test, 0, memcmp(vaddr, kbuf.buffer, bufsz));
	KUNIT_EXPECT_NULL(test, memchr_inv(vaddr + bufsz, 0, memsz - bufsz));
	kimage_unmap_segment(vaddr);

	/* The chunks had go back; reclaiming the range whole then succeeds */
	kexec_cma_release(image);
	KUNIT_EXPECT_EQ(test, 0, cma_alloc_range(kexec_cma_test_area(), pfn,
						 nr_pages, GFP_KERNEL));
	cma_release(kexec_cma_test_area(), pfn_to_page(pfn), nr_pages);
}

static struct kunit_case kexec_cma_test_cases[] = {
	KUNIT_CASE(kexec_cma_test_alignment),
	KUNIT_CASE(kexec_cma_test_range),
	KUNIT_CASE(kexec_cma_test_reasons),
	KUNIT_CASE(kexec_cma_test_tail_zeroed),
	KUNIT_CASE(kexec_cma_test_map_segment),
	KUNIT_CASE(kexec_cma_test_map_copied_middle),
	KUNIT_CASE(kexec_cma_test_mixed_release),
	KUNIT_CASE(kexec_cma_test_partial),
#ifdef CONFIG_KEXEC_VERIFY
	KUNIT_CASE_PARAM(kexec_cma_test_verify_checkers,
			 kexec_cma_test_checkers_gen_params),
	KUNIT_CASE(kexec_cma_test_verify_unhashed),
	KUNIT_CASE(kexec_cma_test_verify_record),
#endif
	{}
};

static struct kunit_suite kexec_cma_test_suite = {
	.name = "kexec_file_cma",
	.init = kexec_cma_test_init,
	.exit = kexec_cma_test_exit,
	.test_cases = kexec_cma_test_cases,
};

kunit_test_suite(kexec_cma_test_suite);

MODULE_DESCRIPTION("KUnit tests for kexec_file CMA placement");
MODULE_LICENSE("GPL");
