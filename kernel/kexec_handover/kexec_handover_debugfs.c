// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kexec HandOver: /sys/kernel/debug/kho.
 *
 * in/ shows what the previous kernel handed over: its root FDT, the blobs
 * it names and the segment it was written to; out/ what this kernel would
 * hand over now: the root FDT, the scratch areas, the preserved blocks,
 * the users' blobs, and whether serializers run in parallel.
 */

#define pr_fmt(fmt) "KHO: " fmt

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/libfdt.h>
#include <linux/memblock.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "kexec_handover_internal.h"

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

/* The used bytes of the segment the previous kernel wrote, header first */
static struct debugfs_blob_wrapper kho_in_segment_blob;

/* kho/out/sub_fdts: the blobs of the subtrees added so far */
static struct dentry *kho_out_sub_dir;

static ssize_t kho_subtree_read(struct file *file, char __user *buf,
				size_t len, loff_t *ppos)
{
	const struct kho_subtree *sub = file->private_data;

	return simple_read_from_buffer(buf, len, ppos, phys_to_virt(sub->phys),
				       sub->size);
}

static const struct file_operations kho_subtree_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = kho_subtree_read,
	.llseek = default_llseek,
};

/**
 * kho_debugfs_add_subtree - show a user's subtree in kho/out/sub_fdts
 * @sub: a subtree just added, kho_out.lock held
 */
void kho_debugfs_add_subtree(struct kho_subtree *sub)
{
	lockdep_assert_held(&kho_out.lock);
	if (kho_out_sub_dir)
		debugfs_create_file(sub->name, 0400, kho_out_sub_dir, sub,
				    &kho_subtree_fops);
}

/**
 * kho_debugfs_remove_subtree - stop showing a subtree
 * @sub: a subtree about to be freed, kho_out.lock held
 */
void kho_debugfs_remove_subtree(struct kho_subtree *sub)
{
	lockdep_assert_held(&kho_out.lock);
	if (kho_out_sub_dir)
		debugfs_lookup_and_remove(sub->name, kho_out_sub_dir);
}

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
	kho_debug_debugfs(dir);
	mutex_lock(&kho_out.lock);
	kho_out_sub_dir = debugfs_create_dir("sub_fdts", dir);
	list_for_each_entry(sub, &kho_out.subtrees, list)
		if (!sub->ser)
			kho_debugfs_add_subtree(sub);
	mutex_unlock(&kho_out.lock);
	return 0;
}
fs_initcall(kho_debugfs_init);
