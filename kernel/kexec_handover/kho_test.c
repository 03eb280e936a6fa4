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
#include <crypto/sha2.h>
#include <net/checksum.h>

#define KHO_TEST_NAME		"kexec-cma-kho-test"
#define KHO_TEST_MAGIC		0x4b485431	/* "KHT1" */
#define KHO_TEST_ORDER_MASK	0xffUL
#define KHO_TEST_SER_NAME	"kexec-cma-kho-ser.%u"
#define KHO_TEST_SER_MAX	64
#define KHO_TEST_SER_CHUNK	SZ_64K
/* Room for the FDT's own structure around the pattern */
#define KHO_TEST_SER_SLACK(bytes) \
	(SZ_4K + DIV_ROUND_UP(bytes, KHO_TEST_SER_CHUNK) * 32)

/* The blob: which folios hold the pattern, in the next kernel's words */
struct kho_test_blob {
	u32 magic;
	u32 nr_folios;
	u64 generation;
	u64 bytes;
	u64 folios[];		/* physical address | order */
};

static const unsigned int kho_test_orders[] = { 0, 1, 3, 9 };

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

/* The serializers this kernel registered, and what it found of the last */
static struct {
	struct mutex lock;	/* the registered set */
	struct kho_serializer ser[KHO_TEST_SER_MAX];
	char names[KHO_TEST_SER_MAX][32];
	unsigned int nr;
	size_t bytes;		/* of pattern per serializer */
	u64 late;
	int fail;
	/* what this kernel found of the previous kernel's */
	unsigned int found, bad;
	u64 found_bytes, found_late;
} kho_test_ser = {
	.lock = __MUTEX_INITIALIZER(kho_test_ser.lock),
	.fail = -1,
};

/* What this kernel found of upstream's test user's data */
static struct {
	bool found;
	u32 nr_folios;
	u64 restored, restored_bytes, missing;
	bool csum_ok;
	u8 sha256[SHA256_DIGEST_SIZE];	/* of the restored folios, in order */
} kho_test_upstream;

/* What this kernel preserves in the format of upstream's test user */
struct kho_test_for_upstream {
	struct folio **folios;
	unsigned int nr;
	u64 bytes;
	struct folio **list;	/* the pages of the list */
	unsigned int nr_list;
	struct folio *chunk;
	struct folio *fdt;
	u8 sha256[SHA256_DIGEST_SIZE];	/* of the folios, in list order */
};

static struct kho_test_for_upstream kho_test_out_upstream;

static u64 kho_test_word(u64 generation, unsigned int folio, size_t word)
{
	return (generation << 48) ^ ((u64)folio << 24) ^
	       (word * 0x9e3779b97f4a7c15ULL);
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
			kho_test_orders[blob->nr_folios %
					ARRAY_SIZE(kho_test_orders)];
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

/* A short line from userspace, as a string */
static int kho_test_parse(const char __user *ubuf, size_t len, char *buf,
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
		   "preserved_bytes %llu\npreserve_us %llu\n"
		   "serializers_found %u\nserializers_bad %u\n"
		   "serializers_bytes %llu\nserializers_late %llu\n",
		   kho_test.handover, kho_test.generation, kho_test.restored,
		   kho_test.restored_bytes, kho_test.missing,
		   kho_test.bad_bytes, kho_test.restore_us, kho_test.check_us,
		   kho_test.blob ? kho_test.blob->nr_folios : 0,
		   kho_test.blob ? kho_test.blob->bytes : 0,
		   div_u64(kho_test.preserve_ns, NSEC_PER_USEC),
		   kho_test_ser.found, kho_test_ser.bad,
		   kho_test_ser.found_bytes, kho_test_ser.found_late);
	seq_printf(m, "upstream_found %d\nupstream_folios %u\n"
		   "upstream_restored_folios %llu\nupstream_restored_bytes %llu\n"
		   "upstream_missing_folios %llu\nupstream_csum_ok %d\n",
		   kho_test_upstream.found, kho_test_upstream.nr_folios,
		   kho_test_upstream.restored, kho_test_upstream.restored_bytes,
		   kho_test_upstream.missing, kho_test_upstream.csum_ok);
	seq_printf(m, "upstream_sha256 %*phN\n", SHA256_DIGEST_SIZE,
		   kho_test_upstream.sha256);
	seq_printf(m, "upstream_preserved_folios %u\nupstream_preserved_bytes %llu\n"
		   "upstream_preserved_sha256 %*phN\n",
		   kho_test_out_upstream.nr, kho_test_out_upstream.bytes,
		   SHA256_DIGEST_SIZE, kho_test_out_upstream.sha256);
	mutex_unlock(&kho_test.lock);
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

/* ------------------------------------------------------- serializers */

static int kho_test_ser_index(const struct kho_serializer *ser)
{
	return ser - kho_test_ser.ser;
}

/* The pattern of serializer @i: the folios' with numbers past theirs */
static u64 kho_test_ser_word(u64 generation, unsigned int i,
			     unsigned int chunk, size_t w)
{
	return kho_test_word(generation, KHO_TEST_SER_MAX + i,
			     chunk * (KHO_TEST_SER_CHUNK / sizeof(u64)) + w);
}

/* Writes BYTES of pattern in KHO_TEST_SER_CHUNK properties, and "late" */
static int kho_test_serialize(struct kho_serializer *ser, void *blob,
			      size_t size)
{
	unsigned int i = kho_test_ser_index(ser), chunk = 0;
	u64 generation = kho_test.generation + 1;
	u64 late = READ_ONCE(kho_test_ser.late);
	size_t left = kho_test_ser.bytes, w;
	char prop[16];
	u64 *words;
	int err;

	if (READ_ONCE(kho_test_ser.fail) == i)
		return -EIO;
	err = fdt_create(blob, size);
	err = err ?: fdt_finish_reservemap(blob);
	err = err ?: fdt_begin_node(blob, "");
	err = err ?: fdt_property_u64(blob, "generation", generation);
	err = err ?: fdt_property_u64(blob, "late", late);
	while (!err && left) {
		size_t len = min_t(size_t, left, KHO_TEST_SER_CHUNK);

		snprintf(prop, sizeof(prop), "data-%u", chunk);
		err = fdt_property_placeholder(blob, prop, len, (void **)&words);
		/* FDT properties are 4-byte aligned */
		for (w = 0; !err && w < len / sizeof(u64); w++)
			put_unaligned(kho_test_ser_word(generation, i, chunk, w),
				      &words[w]);
		left -= len;
		chunk++;
	}
	err = err ?: fdt_end_node(blob);
	err = err ?: fdt_finish(blob);
	if (err)
		return err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
	return fdt_totalsize(blob);
}

static void kho_test_ser_release(void)
{
	unsigned int i;

	for (i = 0; i < kho_test_ser.nr; i++)
		kho_unregister_serializer(&kho_test_ser.ser[i]);
	kho_test_ser.nr = 0;
}

static int kho_test_ser_register(unsigned int nr, size_t bytes)
{
	unsigned int i;
	int err;

	kho_test_ser.bytes = bytes;
	for (i = 0; i < nr; i++) {
		struct kho_serializer *ser = &kho_test_ser.ser[i];

		snprintf(kho_test_ser.names[i], sizeof(kho_test_ser.names[i]),
			 KHO_TEST_SER_NAME, i);
		ser->name = kho_test_ser.names[i];
		ser->max_size = bytes + KHO_TEST_SER_SLACK(bytes);
		ser->serialize = kho_test_serialize;
		err = kho_register_serializer(ser);
		if (err) {
			kho_test_ser_release();
			return err;
		}
		kho_test_ser.nr = i + 1;
	}
	return 0;
}

static ssize_t kho_test_serializers_write(struct file *file,
					  const char __user *ubuf, size_t len,
					  loff_t *ppos)
{
	unsigned long long bytes = 0;
	unsigned int nr;
	char buf[48];
	int err;

	err = kho_test_parse(ubuf, len, buf, sizeof(buf));
	if (err)
		return err;
	if (sscanf(buf, "%u %llu", &nr, &bytes) < 1 ||
	    nr > KHO_TEST_SER_MAX || bytes > SZ_256M || (nr && !bytes))
		return -EINVAL;
	mutex_lock(&kho_test_ser.lock);
	kho_test_ser_release();
	err = nr ? kho_test_ser_register(nr, bytes) : 0;
	mutex_unlock(&kho_test_ser.lock);
	return err ?: len;
}

static const struct file_operations kho_test_serializers_fops = {
	.owner = THIS_MODULE,
	.write = kho_test_serializers_write,
};

static int kho_test_late_set(void *data, u64 val)
{
	WRITE_ONCE(kho_test_ser.late, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(kho_test_late_fops, NULL, kho_test_late_set, "%llu\n");

static int kho_test_fail_set(void *data, u64 val)
{
	WRITE_ONCE(kho_test_ser.fail, (int)val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE_SIGNED(kho_test_fail_fops, NULL, kho_test_fail_set,
				"%lld\n");

/* Bytes of one restored serializer blob that are wrong, or -1 */
static s64 __init kho_test_ser_check(const void *fdt, size_t size,
				     unsigned int i, u64 *bytes, u64 *late)
{
	const fdt64_t *prop;
	unsigned int chunk;
	s64 bad = 0;
	u64 generation;
	int len;

	if (fdt_check_header(fdt) || fdt_totalsize(fdt) > size)
		return -1;
	prop = fdt_getprop(fdt, 0, "generation", &len);
	if (!prop || len != sizeof(*prop))
		return -1;
	generation = fdt64_to_cpu(*prop);
	prop = fdt_getprop(fdt, 0, "late", &len);
	if (!prop || len != sizeof(*prop))
		return -1;
	*late = fdt64_to_cpu(*prop);
	for (chunk = 0; ; chunk++) {
		const u64 *words;
		char name[16];
		size_t w;

		snprintf(name, sizeof(name), "data-%u", chunk);
		words = fdt_getprop(fdt, 0, name, &len);
		if (!words)
			break;
		for (w = 0; w < len / sizeof(u64); w++)
			bad += get_unaligned(&words[w]) !=
			       kho_test_ser_word(generation, i, chunk, w);
		*bytes += len;
	}
	return bad;
}

/* Finds and checks what the previous kernel's serializers wrote */
static void __init kho_test_ser_restore(void)
{
	unsigned int i;
	phys_addr_t phys;
	char name[32];
	size_t size;
	s64 bad;

	for (i = 0; i < KHO_TEST_SER_MAX; i++) {
		snprintf(name, sizeof(name), KHO_TEST_SER_NAME, i);
		if (kho_retrieve_subtree(name, &phys, &size))
			break;
		kho_test_ser.found++;
		bad = kho_test_ser_check(phys_to_virt(phys), size, i,
					 &kho_test_ser.found_bytes,
					 &kho_test_ser.found_late);
		if (bad)
			kho_test_ser.bad++;
	}
	if (!kho_test_ser.found)
		return;
	if (kho_test_ser.bad)
		pr_err("serializers: MISMATCH: %u of %u subtrees damaged\n",
		       kho_test_ser.bad, kho_test_ser.found);
	else
		pr_info("serializers: %u subtrees, %llu bytes intact, late %llu\n",
			kho_test_ser.found, kho_test_ser.found_bytes,
			kho_test_ser.found_late);
}

/* ------------------------------------------------- upstream's test user */

/*
 * Upstream Linux 7.1's lib/test_kho.c, on a boot with kho=on and nothing
 * handed over, fills random folios, lists them ("physical address |
 * order") in a vmalloc area preserved with kho_preserve_vmalloc() and
 * keeps the checksum of their bytes in its subtree. What a 7.1 kernel
 * hands over to this one is checked by restoring that.
 */
#define KHO_UPSTREAM_TEST_NAME		"kho_test"
#define KHO_UPSTREAM_TEST_COMPAT	"kho-test-v1"
#define KHO_UPSTREAM_TEST_MAGIC		0x4b484f21	/* "KHO!" */

static void __init kho_test_free_pages(struct page **pages, unsigned long nr)
{
	while (nr--)
		__free_page(pages[nr]);
}

/*
 * The pages of a vmalloc area the previous kernel preserved, restored in
 * the area's order into @pages (@v->total_pages of them); the chunks that
 * listed them are freed.
 */
static int __init kho_test_restore_vmalloc(const struct kho_vmalloc *v,
					   struct page **pages)
{
	unsigned long contig = 1UL << v->order, idx = 0, j;
	struct kho_vmalloc_chunk *chunk;
	struct page *chunk_page, *page;
	u64 next = v->first;
	unsigned int i;

	while (next) {
		chunk_page = kho_restore_pages(next, 1);
		if (!chunk_page)
			goto fail;
		chunk = page_address(chunk_page);
		for (i = 0; i < ARRAY_SIZE(chunk->phys) && chunk->phys[i]; i++) {
			page = NULL;
			if (idx + contig <= v->total_pages)
				page = kho_restore_pages(chunk->phys[i], contig);
			if (!page) {
				__free_page(chunk_page);
				goto fail;
			}
			for (j = 0; j < contig; j++)
				pages[idx++] = page + j;
		}
		next = chunk->next;
		__free_page(chunk_page);
	}
	if (idx == v->total_pages)
		return 0;
fail:
	kho_test_free_pages(pages, idx);
	return -EINVAL;
}

/* Take back the listed folios, in order, and checksum them as listed */
static __wsum __init kho_test_upstream_folios(const u64 *list, u32 nr)
{
	struct sha256_state sha;
	struct folio *folio;
	unsigned int order;
	__wsum csum = 0;
	u32 i;

	sha256_init(&sha);
	for (i = 0; i < nr; i++) {
		order = list[i] & ~PAGE_MASK;
		folio = kho_restore_folio(list[i] & PAGE_MASK);
		if (!folio || folio_order(folio) != order) {
			kho_test_upstream.missing++;
			if (folio)
				folio_put(folio);
			continue;
		}
		csum = csum_partial(folio_address(folio), folio_size(folio),
				    csum);
		sha256_update(&sha, folio_address(folio), folio_size(folio));
		kho_test_upstream.restored++;
		kho_test_upstream.restored_bytes += folio_size(folio);
		folio_put(folio);
	}
	sha256_final(&sha, kho_test_upstream.sha256);
	return csum;
}

/* The folio list of upstream's subtree; 0 or why not */
static int __init kho_test_upstream_list(const void *fdt, u32 *nr,
					 const __wsum **csum,
					 const struct kho_vmalloc **info)
{
	const u32 *magic, *nr_folios;
	int node, len;

	if (fdt_node_check_compatible(fdt, 0, KHO_UPSTREAM_TEST_COMPAT))
		return -EPROTO;
	magic = fdt_getprop(fdt, 0, "magic", &len);
	if (!magic || len != sizeof(*magic) ||
	    *magic != KHO_UPSTREAM_TEST_MAGIC)
		return -EPROTO;
	node = fdt_subnode_offset(fdt, 0, "data");
	if (node < 0)
		return -EINVAL;
	nr_folios = fdt_getprop(fdt, node, "nr_folios", &len);
	if (!nr_folios || len != sizeof(*nr_folios))
		return -EINVAL;
	*csum = fdt_getprop(fdt, node, "csum", &len);
	if (!*csum || len != sizeof(**csum))
		return -EINVAL;
	*info = fdt_getprop(fdt, node, "folios_info", &len);
	if (!*info || len != sizeof(**info) ||
	    (*info)->total_pages < DIV_ROUND_UP(*nr_folios * sizeof(u64),
						PAGE_SIZE))
		return -EINVAL;
	*nr = *nr_folios;
	return 0;
}

static int __init kho_test_upstream_check(const void *fdt)
{
	const struct kho_vmalloc *info;
	struct page **pages;
	const __wsum *csum;
	u64 *list;
	int err;
	u32 nr;

	err = kho_test_upstream_list(fdt, &nr, &csum, &info);
	if (err)
		return err;
	kho_test_upstream.nr_folios = nr;
	pages = kvcalloc(info->total_pages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	err = kho_test_restore_vmalloc(info, pages);
	if (err)
		goto out_free_array;
	list = vmap(pages, info->total_pages, VM_MAP, PAGE_KERNEL_RO);
	if (!list) {
		err = -ENOMEM;
		goto out_free_pages;
	}
	kho_test_upstream.csum_ok = kho_test_upstream_folios(list, nr) == *csum;
	vunmap(list);
out_free_pages:
	kho_test_free_pages(pages, info->total_pages);
out_free_array:
	kvfree(pages);
	return err;
}

static void __init kho_test_upstream_restore(void)
{
	struct folio *folio;
	phys_addr_t phys;
	size_t size;
	int err;

	if (kho_retrieve_subtree(KHO_UPSTREAM_TEST_NAME, &phys, &size))
		return;
	kho_test_upstream.found = true;
	folio = kho_restore_folio(phys);
	if (!folio || folio_size(folio) < size) {
		pr_err("upstream's %s: no preserved folio at %pa\n",
		       KHO_UPSTREAM_TEST_NAME, &phys);
		if (folio)
			folio_put(folio);
		return;
	}
	err = kho_test_upstream_check(folio_address(folio));
	folio_put(folio);
	if (err)
		pr_err("upstream's %s: cannot be read (%d)\n",
		       KHO_UPSTREAM_TEST_NAME, err);
	else if (!kho_test_upstream.missing && kho_test_upstream.csum_ok)
		pr_info("upstream's %s: %llu folios, %llu bytes restored, checksum matches\n",
			KHO_UPSTREAM_TEST_NAME, kho_test_upstream.restored,
			kho_test_upstream.restored_bytes);
	else
		pr_err("upstream's %s: MISMATCH: %llu of %u folios missing, checksum %s\n",
		       KHO_UPSTREAM_TEST_NAME, kho_test_upstream.missing,
		       kho_test_upstream.nr_folios,
		       kho_test_upstream.csum_ok ? "matches" : "differs");
}

/*
 * And the other way: data in that user's format for a 7.1 kernel to
 * restore, its test user checking every folio against the checksum. The
 * list is laid out as kho_preserve_vmalloc() leaves an area of order-0
 * pages: one chunk listing the pages that hold it (kho_test_out_upstream).
 */
static struct folio *kho_test_preserved_folio(unsigned int order, gfp_t gfp)
{
	struct folio *folio = folio_alloc(GFP_KERNEL | __GFP_NORETRY |
					  __GFP_NOWARN | gfp, order);

	if (folio && kho_preserve_folio(folio)) {
		folio_put(folio);
		folio = NULL;
	}
	return folio;
}

static void kho_test_unpreserve_folio(struct folio *folio)
{
	kho_unpreserve_folio(folio);
	folio_put(folio);
}

static void kho_test_upstream_release(void)
{
	struct kho_test_for_upstream *out = &kho_test_out_upstream;
	unsigned int i;

	if (out->fdt) {
		kho_remove_subtree(folio_address(out->fdt));
		kho_test_unpreserve_folio(out->fdt);
	}
	if (out->chunk)
		kho_test_unpreserve_folio(out->chunk);
	for (i = 0; i < out->nr_list; i++)
		kho_test_unpreserve_folio(out->list[i]);
	for (i = 0; i < out->nr; i++)
		kho_test_unpreserve_folio(out->folios[i]);
	kfree(out->list);
	kvfree(out->folios);
	memset(out, 0, sizeof(*out));
}

/*
 * @bytes of random folios of orders 0, 1, 3 and 9 in turn; their checksum,
 * and their SHA-256 in out->sha256
 */
static int kho_test_upstream_fill(u64 bytes, __wsum *csum)
{
	struct kho_test_for_upstream *out = &kho_test_out_upstream;
	struct sha256_state sha;
	unsigned int order;
	struct folio *folio;

	out->folios = kvcalloc(bytes >> PAGE_SHIFT, sizeof(*out->folios),
			       GFP_KERNEL);
	if (!out->folios)
		return -ENOMEM;
	*csum = 0;
	sha256_init(&sha);
	while (out->bytes < bytes) {
		order = kho_test_orders[out->nr % ARRAY_SIZE(kho_test_orders)];
		order = min_t(unsigned int, order,
			      ilog2((bytes - out->bytes) >> PAGE_SHIFT));
		folio = kho_test_preserved_folio(order, 0);
		if (!folio)
			return -ENOMEM;
		get_random_bytes(folio_address(folio), folio_size(folio));
		*csum = csum_partial(folio_address(folio), folio_size(folio),
				     *csum);
		sha256_update(&sha, folio_address(folio), folio_size(folio));
		out->folios[out->nr++] = folio;
		out->bytes += folio_size(folio);
	}
	sha256_final(&sha, out->sha256);
	return 0;
}

/* The folio list, "physical address | order", in pages one chunk lists */
static int kho_test_upstream_list_out(struct kho_vmalloc *info)
{
	struct kho_test_for_upstream *out = &kho_test_out_upstream;
	unsigned int i, per_page = PAGE_SIZE / sizeof(u64);
	unsigned int nr_list = DIV_ROUND_UP(out->nr, per_page);
	struct kho_vmalloc_chunk *chunk;
	struct folio *folio;
	u64 *entries;

	if (nr_list > ARRAY_SIZE(chunk->phys))
		return -E2BIG;
	out->list = kcalloc(nr_list, sizeof(*out->list), GFP_KERNEL);
	if (!out->list)
		return -ENOMEM;
	while (out->nr_list < nr_list) {
		folio = kho_test_preserved_folio(0, __GFP_ZERO);
		if (!folio)
			return -ENOMEM;
		out->list[out->nr_list++] = folio;
	}
	for (i = 0; i < out->nr; i++) {
		folio = out->folios[i];
		entries = folio_address(out->list[i / per_page]);
		entries[i % per_page] = PFN_PHYS(folio_pfn(folio)) |
					folio_order(folio);
	}
	out->chunk = kho_test_preserved_folio(0, __GFP_ZERO);
	if (!out->chunk)
		return -ENOMEM;
	chunk = folio_address(out->chunk);
	for (i = 0; i < nr_list; i++)
		chunk->phys[i] = PFN_PHYS(folio_pfn(out->list[i]));
	*info = (struct kho_vmalloc) {
		.first = PFN_PHYS(folio_pfn(out->chunk)),
		.total_pages = nr_list,
		.flags = KHO_VMALLOC_ALLOC,
	};
	return 0;
}

static int kho_test_upstream_fdt(void *fdt, size_t size,
				 const struct kho_vmalloc *info, __wsum csum,
				 u32 nr_folios)
{
	u32 magic = KHO_UPSTREAM_TEST_MAGIC;
	int err;

	err = fdt_create(fdt, size);
	err = err ?: fdt_finish_reservemap(fdt);
	err = err ?: fdt_begin_node(fdt, "");
	err = err ?: fdt_property_string(fdt, "compatible",
					 KHO_UPSTREAM_TEST_COMPAT);
	err = err ?: fdt_property(fdt, "magic", &magic, sizeof(magic));
	err = err ?: fdt_begin_node(fdt, "data");
	err = err ?: fdt_property(fdt, "nr_folios", &nr_folios,
				  sizeof(nr_folios));
	err = err ?: fdt_property(fdt, "folios_info", info, sizeof(*info));
	err = err ?: fdt_property(fdt, "csum", &csum, sizeof(csum));
	err = err ?: fdt_end_node(fdt);
	err = err ?: fdt_end_node(fdt);
	err = err ?: fdt_finish(fdt);
	return err ? -ENOSPC : 0;
}

static int kho_test_upstream_preserve(u64 bytes)
{
	struct kho_test_for_upstream *out = &kho_test_out_upstream;
	struct kho_vmalloc info;
	size_t fdt_size;
	__wsum csum;
	int err;

	err = kho_test_upstream_fill(bytes, &csum);
	if (err)
		goto fail;
	err = kho_test_upstream_list_out(&info);
	if (err)
		goto fail;
	/* Sized as upstream sizes it */
	fdt_size = out->nr * sizeof(u64) + PAGE_SIZE;
	out->fdt = kho_test_preserved_folio(get_order(fdt_size), 0);
	if (!out->fdt) {
		err = -ENOMEM;
		goto fail;
	}
	err = kho_test_upstream_fdt(folio_address(out->fdt), fdt_size, &info,
				    csum, out->nr);
	if (err)
		goto fail;
	err = kho_add_subtree(KHO_UPSTREAM_TEST_NAME, folio_address(out->fdt),
			      fdt_totalsize(folio_address(out->fdt)));
	if (err)
		goto fail;
	return 0;

fail:
	kho_test_upstream_release();
	return err;
}

static ssize_t kho_test_upstream_write(struct file *file,
				       const char __user *ubuf, size_t len,
				       loff_t *ppos)
{
	char buf[24];
	u64 bytes;
	int err;

	err = kho_test_parse(ubuf, len, buf, sizeof(buf));
	if (err)
		return err;
	if (kstrtou64(strim(buf), 0, &bytes) ||
	    bytes > (u64)totalram_pages() << PAGE_SHIFT)
		return -EINVAL;

	mutex_lock(&kho_test.lock);
	kho_test_upstream_release();
	err = bytes ? kho_test_upstream_preserve(PAGE_ALIGN(bytes)) : 0;
	mutex_unlock(&kho_test.lock);
	return err ?: len;
}

static const struct file_operations kho_test_upstream_fops = {
	.owner = THIS_MODULE,
	.write = kho_test_upstream_write,
};

static int __init kho_test_init(void)
{
	struct dentry *dir;

	kho_test_restore();
	kho_test_ser_restore();
	kho_test_upstream_restore();
	if (!kho_is_enabled() && !kho_test.handover &&
	    !kho_test_upstream.found)
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
	debugfs_create_file("serializers", 0200, dir, NULL,
			    &kho_test_serializers_fops);
	debugfs_create_file("upstream", 0200, dir, NULL,
			    &kho_test_upstream_fops);
	debugfs_create_file_unsafe("late", 0200, dir, NULL, &kho_test_late_fops);
	debugfs_create_file_unsafe("fail", 0200, dir, NULL, &kho_test_fail_fops);
	return 0;
}
late_initcall(kho_test_init);
