// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Kexec HandOver test user's half that speaks upstream's format: after
 * a handover from upstream Linux 7.1 it restores what that kernel's own
 * test user preserved (its "kho_test" subtree) and checks the folios
 * against the checksum that user kept, and the SHA-256 of their bytes in
 * list order; the other way, it preserves random folios in that user's
 * format for a 7.1 kernel's test user to check.
 */

#define pr_fmt(fmt) "kho_test: " fmt

#include <linux/debugfs.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/kho/abi/kexec_handover.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/unaligned.h>
#include <linux/vmalloc.h>
#include <crypto/sha2.h>
#include <net/checksum.h>

#include "kho_test.h"

/* The folios preserved for upstream, and what was found of its */
static DEFINE_MUTEX(kho_test_upstream_lock);

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
	u64 *list;		/* "physical address | order" of each */
	struct kho_vmalloc list_info;
	struct folio *fdt;
	u8 sha256[SHA256_DIGEST_SIZE];	/* of the folios, in list order */
};

static struct kho_test_for_upstream kho_test_out_upstream;

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
	const __wsum *csum;
	u64 *list;
	int err;
	u32 nr;

	err = kho_test_upstream_list(fdt, &nr, &csum, &info);
	if (err)
		return err;
	kho_test_upstream.nr_folios = nr;
	list = kho_restore_vmalloc(info);
	if (!list)
		return -EINVAL;
	kho_test_upstream.csum_ok = kho_test_upstream_folios(list, nr) == *csum;
	vfree(list);
	return 0;
}

/**
 * kho_test_upstream_restore - restore and check what upstream's test user
 *	preserved, if the previous kernel was upstream's
 */
void __init kho_test_upstream_restore(void)
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
 * restore, its test user checking every folio against the checksum; the
 * list in a vmalloc area, preserved by kho_preserve_vmalloc() as
 * upstream's test user preserves its own (kho_test_out_upstream).
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
	if (out->list_info.first)
		kho_unpreserve_vmalloc(&out->list_info);
	vfree(out->list);
	for (i = 0; i < out->nr; i++)
		kho_test_unpreserve_folio(out->folios[i]);
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
		order = kho_test_order(out->nr);
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
		/* A GiB takes long enough under emulation to stall RCU */
		cond_resched();
	}
	sha256_final(&sha, out->sha256);
	return 0;
}

/* The folio list, "physical address | order", in a preserved vmalloc area */
static int kho_test_upstream_list_out(void)
{
	struct kho_test_for_upstream *out = &kho_test_out_upstream;
	unsigned int i;

	out->list = vmalloc_array(out->nr, sizeof(*out->list));
	if (!out->list)
		return -ENOMEM;
	for (i = 0; i < out->nr; i++)
		out->list[i] = PFN_PHYS(folio_pfn(out->folios[i])) |
			       folio_order(out->folios[i]);
	return kho_preserve_vmalloc(out->list, &out->list_info);
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
	size_t fdt_size;
	__wsum csum;
	int err;

	err = kho_test_upstream_fill(bytes, &csum);
	if (err)
		goto fail;
	err = kho_test_upstream_list_out();
	if (err)
		goto fail;
	/* Sized as upstream sizes it */
	fdt_size = out->nr * sizeof(u64) + PAGE_SIZE;
	out->fdt = kho_test_preserved_folio(get_order(fdt_size), 0);
	if (!out->fdt) {
		err = -ENOMEM;
		goto fail;
	}
	err = kho_test_upstream_fdt(folio_address(out->fdt), fdt_size,
				    &out->list_info, csum, out->nr);
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

	mutex_lock(&kho_test_upstream_lock);
	kho_test_upstream_release();
	err = bytes ? kho_test_upstream_preserve(PAGE_ALIGN(bytes)) : 0;
	mutex_unlock(&kho_test_upstream_lock);
	return err ?: len;
}

static const struct file_operations kho_test_upstream_fops = {
	.owner = THIS_MODULE,
	.write = kho_test_upstream_write,
};

/**
 * kho_test_upstream_found - whether upstream's test user handed data over
 *
 * Return: true when this kernel found its subtree.
 */
bool kho_test_upstream_found(void)
{
	return kho_test_upstream.found;
}

/**
 * kho_test_upstream_show - the upstream_* lines of kho_test/status
 * @m:	the status file
 */
void kho_test_upstream_show(struct seq_file *m)
{
	mutex_lock(&kho_test_upstream_lock);
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
	mutex_unlock(&kho_test_upstream_lock);
}

/**
 * kho_test_upstream_debugfs - add kho_test/upstream
 * @dir:	kho_test
 */
void kho_test_upstream_debugfs(struct dentry *dir)
{
	debugfs_create_file("upstream", 0200, dir, NULL,
			    &kho_test_upstream_fops);
}
