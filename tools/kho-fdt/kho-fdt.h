/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kho-fdt: the checks and the dump of a Kexec HandOver root FDT, as
 * functions over buffers that report and never exit, so that both the
 * command (kho-fdt.c) and the fuzz target (fuzz.c) call them.
 */
#ifndef _KHO_FDT_TOOL_H
#define _KHO_FDT_TOOL_H

#include <stdio.h>
#include <linux/compiler.h>
#include <linux/types.h>

/*
 * The highest block order the next kernel reads: a block within x86-64's
 * 46-bit physical address space (MAX_PHYSMEM_BITS - PAGE_SHIFT). Blocks
 * above MAX_PAGE_ORDER are valid: kho_preserve_pages() cuts ranges into
 * the largest aligned blocks.
 */
#define KHO_MAX_ORDER		34
/* The highest order a map file may name: larger blocks have no u64 size */
#define KHO_PARSE_MAX_ORDER	51
/* Problem lines printed at most; the rest are counted */
#define KHO_MAX_SHOWN		100

/* A physical range; @last is its last byte, so that no range wraps */
struct kho_range {
	u64 start;
	u64 last;
};

struct kho_ranges {
	struct kho_range *r;
	size_t nr;
};

/* A preserved block: 4096 << @order bytes at @addr; @order <= 51 */
struct kho_block {
	u64 addr;
	unsigned int order;
};

struct kho_map {
	struct kho_block *b;
	size_t nr;
};

/**
 * struct kho_check - one check of a root FDT
 * @name: the FDT's name in the problem lines
 * @out: where the problem lines go; NULL: they are only counted
 * @ram: the RAM ranges, in any order; NULL: RAM is not checked
 * @scratch: the scratch areas; NULL: not checked
 * @map: the preserved blocks, in any order; NULL: not checked
 * @problems: problems found so far
 * @disagreements: the problems that are this tool's own fault: the
 *	kernel's kho_fdt_check() or kho_fdt_find() and the tool's reasons
 *	disagree (counted in @problems too; the fuzz target aborts on them)
 */
struct kho_check {
	const char *name;
	FILE *out;
	const struct kho_ranges *ram;
	const struct kho_ranges *scratch;
	const struct kho_map *map;
	unsigned long problems;
	unsigned long disagreements;
};

unsigned long kho_check_fdt(struct kho_check *c, const void *fdt,
			    size_t size);
int kho_dump(struct kho_check *c, FILE *out, const void *fdt, size_t size);

/* Parsers of NUL-terminated text: NULL, or why it is not understood */
const char *kho_ranges_parse(struct kho_ranges *rs, const char *spec);
const char *kho_iomem_parse(struct kho_ranges *rs, const char *text,
			    unsigned long *line);
const char *kho_scratch_parse(struct kho_ranges *rs, const char *phys,
			      const char *len, long *line);
const char *kho_map_parse(struct kho_map *map, const char *text,
			  unsigned long *line);
void kho_ranges_free(struct kho_ranges *rs);
void kho_map_free(struct kho_map *map);

#endif /* _KHO_FDT_TOOL_H */
