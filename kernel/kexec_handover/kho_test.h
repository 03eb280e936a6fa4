/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Kexec HandOver test user: what its two files share
 */
#ifndef _KERNEL_KEXEC_HANDOVER_KHO_TEST_H
#define _KERNEL_KEXEC_HANDOVER_KHO_TEST_H

#include <linux/array_size.h>
#include <linux/init.h>
#include <linux/types.h>

struct dentry;
struct seq_file;

/* The pattern: word @word of folio @folio of data of @generation */
static inline u64 kho_test_word(u64 generation, unsigned int folio,
				size_t word)
{
	return (generation << 48) ^ ((u64)folio << 24) ^
	       (word * 0x9e3779b97f4a7c15ULL);
}

/* The orders the folios cycle through, without an order given */
static inline unsigned int kho_test_order(unsigned int i)
{
	static const unsigned int orders[] = { 0, 1, 3, 9 };

	return orders[i % ARRAY_SIZE(orders)];
}

/* kho_test.c */
int kho_test_parse(const char __user *ubuf, size_t len, char *buf,
		   size_t size);
u64 kho_test_generation(void);

/* kho_test_ser.c */
void __init kho_test_ser_restore(void);
void kho_test_ser_show(struct seq_file *m);
void kho_test_ser_debugfs(struct dentry *dir);

/* kho_test_upstream.c */
void __init kho_test_upstream_restore(void);
bool kho_test_upstream_found(void);
void kho_test_upstream_show(struct seq_file *m);
void kho_test_upstream_debugfs(struct dentry *dir);

/* kho_test_ranges.c */
void __init kho_test_ranges_restore(void);
void kho_test_ranges_show(struct seq_file *m);
void kho_test_ranges_debugfs(struct dentry *dir);

/* kho_test_reserve_mem.c */
void __init kho_test_reserve_mem_init(void);
void kho_test_reserve_mem_show(struct seq_file *m);
void kho_test_reserve_mem_debugfs(struct dentry *dir);

#endif /* _KERNEL_KEXEC_HANDOVER_KHO_TEST_H */
