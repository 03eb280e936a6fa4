// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Kexec HandOver test user's look at a reserve_mem= region: with
 * kho_test.reserve_mem=NAME it finds the region at boot and gives its
 * place and the SHA-256 of its bytes in the status; writing 1 to
 * kho_test/reserve_mem_fill fills it with random bytes and takes the
 * SHA-256 again. Booted by a handover with the same reserve_mem=, the
 * next kernel must have the region where it was, with the same bytes.
 */

#define pr_fmt(fmt) "kho_test: " fmt

#include <linux/debugfs.h>
#include <linux/io.h>
#include <linux/memblock.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <crypto/sha2.h>

#include "kho_test.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "kho_test."

static char reserve_mem_name[16];
module_param_string(reserve_mem, reserve_mem_name, sizeof(reserve_mem_name),
		    0444);
MODULE_PARM_DESC(reserve_mem, "the reserve_mem= region to look at");

static struct {
	struct mutex lock;	/* the region's bytes and their sum */
	bool found;
	phys_addr_t start, size;
	u8 sha256[SHA256_DIGEST_SIZE];
} kho_test_rm = {
	.lock = __MUTEX_INITIALIZER(kho_test_rm.lock),
};

static void kho_test_rm_sum(void)
{
	sha256(phys_to_virt(kho_test_rm.start), kho_test_rm.size,
	       kho_test_rm.sha256);
}

/**
 * kho_test_reserve_mem_init - find the region kho_test.reserve_mem= names
 */
void __init kho_test_reserve_mem_init(void)
{
	if (!reserve_mem_name[0])
		return;
	if (!reserve_mem_find_by_name(reserve_mem_name, &kho_test_rm.start,
				      &kho_test_rm.size) ||
	    kho_test_rm.size > U32_MAX) {
		pr_err("no reserve_mem region '%s' to look at\n",
		       reserve_mem_name);
		return;
	}
	kho_test_rm.found = true;
	kho_test_rm_sum();
	pr_info("reserve_mem '%s': %pa bytes at %pa, sha256 %*phN\n",
		reserve_mem_name, &kho_test_rm.size, &kho_test_rm.start,
		SHA256_DIGEST_SIZE, kho_test_rm.sha256);
}

/**
 * kho_test_reserve_mem_show - the reserve_mem_* lines of kho_test/status
 * @m:	the status file
 */
void kho_test_reserve_mem_show(struct seq_file *m)
{
	mutex_lock(&kho_test_rm.lock);
	seq_printf(m, "reserve_mem_found %d\nreserve_mem_start 0x%llx\n"
		   "reserve_mem_size %llu\nreserve_mem_sha256 %*phN\n",
		   kho_test_rm.found, (u64)kho_test_rm.start,
		   (u64)kho_test_rm.size, SHA256_DIGEST_SIZE,
		   kho_test_rm.sha256);
	mutex_unlock(&kho_test_rm.lock);
}

static int kho_test_reserve_mem_fill(void *data, u64 val)
{
	if (val != 1)
		return -EINVAL;
	if (!kho_test_rm.found)
		return -ENOENT;
	mutex_lock(&kho_test_rm.lock);
	get_random_bytes(phys_to_virt(kho_test_rm.start), kho_test_rm.size);
	kho_test_rm_sum();
	mutex_unlock(&kho_test_rm.lock);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(kho_test_reserve_mem_fill_fops, NULL,
			 kho_test_reserve_mem_fill, "%llu\n");

/**
 * kho_test_reserve_mem_debugfs - add kho_test/reserve_mem_fill
 * @dir:	kho_test
 */
void kho_test_reserve_mem_debugfs(struct dentry *dir)
{
	debugfs_create_file_unsafe("reserve_mem_fill", 0200, dir, NULL,
				   &kho_test_reserve_mem_fill_fops);
}
