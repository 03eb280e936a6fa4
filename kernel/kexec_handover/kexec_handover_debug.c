// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kexec HandOver: damage on request, for tests.
 *
 * Never built into a production kernel: CONFIG_KEXEC_HANDOVER_DEBUG.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/libfdt.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "kexec_handover_internal.h"

/* What kho_serialize() damages, as kho/out/corrupt asked; kho_out.lock */
static const char *kho_corrupt_at_kexec;

/*
 * Every free entry of the root points at the root: done at kexec -e, as
 * this kernel's own walks of the map would not end either.
 */
static void kho_debug_loop(void)
{
	struct kho_radix_node *root = kho_out.tree.root;
	unsigned int i;

	mutex_lock(&kho_out.tree.lock);
	for (i = 0; i < ARRAY_SIZE(root->table); i++)
		if (!root->table[i])
			root->table[i] = virt_to_phys(root);
	mutex_unlock(&kho_out.tree.lock);
}

/**
 * kho_debug_corrupt - do what kho/out/corrupt asked to the written segment
 * @seg: the segment, written
 * @sealed: whether its checksum is taken yet: "checksum" damages the FDT
 *	after, anything else before
 */
void kho_debug_corrupt(void *seg, bool sealed)
{
	void *fdt = seg + KHO_SEGMENT_HEADER_SIZE;
	const char *what = kho_corrupt_at_kexec;

	lockdep_assert_held(&kho_out.lock);
	if (!what || sealed != !strcmp(what, "checksum"))
		return;
	if (!strcmp(what, "loop"))
		kho_debug_loop();
	else if (!strcmp(what, "compatible"))
		fdt_setprop_inplace(fdt, 0, "compatible", "kho-v0",
				    sizeof("kho-v0"));
	else
		/* The empty memory reservation block: the FDT still parses */
		((u8 *)fdt)[fdt_off_mem_rsvmap(fdt)] ^= 0xff;
}

/*
 * kho/out/corrupt damages the handover on purpose, so that tests can show
 * how the next kernel copes: "compatible" has kexec -e write another
 * format version, "checksum" has it flip a byte of the FDT after sealing
 * the segment (one only the checksum can tell from a sound one), "loop"
 * has it link the map's root back to itself, "outside-ram" and
 * "in-scratch" list a block where none may be, "bad-node" points the map
 * at a node outside RAM.
 */
static int kho_corrupt(const char *what)
{
	struct kho_radix_node *root = kho_out.tree.root;
	phys_addr_t beyond = PFN_PHYS(max_pfn) + SZ_1G;

	static const char * const at_kexec[] = { "compatible", "checksum",
						 "loop" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(at_kexec); i++) {
		if (strcmp(what, at_kexec[i]))
			continue;
		mutex_lock(&kho_out.lock);
		kho_corrupt_at_kexec = at_kexec[i];
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

/**
 * kho_debug_debugfs - add kho/out/corrupt
 * @dir: kho/out
 */
void kho_debug_debugfs(struct dentry *dir)
{
	debugfs_create_file("corrupt", 0200, dir, NULL, &kho_corrupt_fops);
}
