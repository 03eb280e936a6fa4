// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the root FDT of Kexec HandOver.
 *
 * An input is an FDT, optionally followed (past the FDT header's
 * totalsize) by the text of a preserved memory map, "ADDRESS ORDER" a
 * line. Each input goes to
 *
 *   - kho_fdt_check() of kernel/kexec_handover/kho_fdt.c, on a copy of
 *     exactly the FDT's bytes, so that a read past them is caught;
 *   - when it passes, kho_fdt_find() for the name of every subnode, and
 *     kho_fdt_build() with the subtrees found: the FDT it writes must fit
 *     in exactly its size, pass kho_fdt_check() and give the same
 *     subtrees back, and no other;
 *   - kho-fdt's own check, against fixed RAM and scratch ranges and the
 *     map, and its dump: any disagreement between the tool's reasons and
 *     the kernel's verdict aborts;
 *   - kho-fdt's parsers of ranges, /proc/iomem and the scratch files, with
 *     the map text;
 *   - the whole input, to kho_segment_check_header() and, when it passes,
 *     kho_segment_check_sum(), as the next kernel checks the segment
 *     kexec -e wrote; then sealed with kho_segment_seal(), which both
 *     must accept, and with one byte flipped, which the sum must refuse.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include "kho_internal.h"
#include "kho-fdt.h"

static FILE *devnull;
static struct kho_ranges ram, scratch;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	devnull = fopen("/dev/null", "w");
	if (!devnull ||
	    kho_ranges_parse(&ram, "0x1000-0x9ffff,0x100000-0x7fffffff,0x100000000+4G") ||
	    kho_ranges_parse(&scratch, "0x60000000+256M,0x1c0000000+64M"))
		abort();
	return 0;
}

/* The subtrees of @fdt that kho_fdt_find() finds, in *@subs */
static size_t find_subtrees(const void *fdt, struct kho_subtree **subs)
{
	struct kho_subtree *s;
	size_t nr = 0, cap = 0;
	const char *name;
	int node;

	*subs = NULL;
	fdt_for_each_subnode(node, fdt, 0) {
		cap++;
	}
	if (!cap)
		return 0;
	*subs = calloc(cap, sizeof(**subs));
	if (!*subs)
		abort();
	fdt_for_each_subnode(node, fdt, 0) {
		name = fdt_get_name(fdt, node, NULL);
		if (!name || nr == cap)
			continue;
		s = &(*subs)[nr];
		if (kho_fdt_find(fdt, name, &s->phys, &s->size))
			continue;
		/* the kernel finds the first subtree that answers to a name */
		if (fdt_subnode_offset(fdt, 0, name) != node)
			continue;
		s->name = name;
		nr++;
	}
	return nr;
}

/* kho_fdt_build() into @size bytes, which must be enough */
static void *build(size_t size, phys_addr_t map, struct list_head *list)
{
	void *buf = malloc(size);

	if (!buf || kho_fdt_build(buf, size, map, list))
		abort();
	return buf;
}

/*
 * kho_fdt_build() of what was found: it fits in exactly its totalsize
 * (ASan watches the end), not in one byte less, and reads back the same
 */
static void round_trip(const void *fdt, phys_addr_t map)
{
	struct kho_subtree *subs;
	phys_addr_t map2, phys;
	size_t nr, i, size;
	LIST_HEAD(list);
	void *buf;
	u64 len;

	nr = find_subtrees(fdt, &subs);
	for (i = 0; i < nr; i++)
		list_add_tail(&subs[i].list, &list);
	buf = build(2 * fdt_totalsize(fdt) + 4096, map, &list);
	size = fdt_totalsize(buf);
	free(buf);
	buf = malloc(size - 1);
	if (!buf || kho_fdt_build(buf, size - 1, map, &list) != -ENOSPC)
		abort();
	free(buf);

	buf = build(size, map, &list);
	if (kho_fdt_check(buf, size, &map2) || map2 != map)
		abort();
	for (i = 0; i < nr; i++)
		if (kho_fdt_find(buf, subs[i].name, &phys, &len) ||
		    phys != subs[i].phys || len != subs[i].size)
			abort();
	if (kho_fdt_find(buf, "kho-fdt-fuzz: no such subtree", &phys, &len) !=
	    -ENOENT)
		abort();
	free(buf);
	free(subs);
}

/* The parsers of kho-fdt's other inputs get the map text too */
static void parse_others(const char *text)
{
	struct kho_ranges rs = { };
	unsigned long line;
	long pair_line;

	kho_ranges_parse(&rs, text);
	kho_iomem_parse(&rs, text, &line);
	kho_scratch_parse(&rs, text, text, &pair_line);
	kho_ranges_free(&rs);
}

/* Where the FDT of an input ends, and the map text begins */
static size_t fdt_part(const uint8_t *data, size_t size)
{
	if (size < sizeof(struct fdt_header) || fdt_magic(data) != FDT_MAGIC ||
	    fdt_totalsize(data) >= size)
		return size;
	return fdt_totalsize(data);
}

static void fuzz_segment(const uint8_t *data, size_t size)
{
	uint8_t *seg;
	size_t used;

	if (size < KHO_SEGMENT_HEADER_SIZE)
		return;
	seg = malloc(size);
	if (!seg)
		abort();
	memcpy(seg, data, size);
	if (!kho_segment_check_header((void *)seg, size, &used) &&
	    used > size)
		abort();
	if (!kho_segment_check_header((void *)seg, size, &used))
		kho_segment_check_sum(seg);
	if (size >= KHO_SEGMENT_HEADER_SIZE + sizeof(struct fdt_header)) {
		kho_segment_seal(seg, size, size);
		if (kho_segment_check_header((void *)seg, size, &used) ||
		    used != size || kho_segment_check_sum(seg))
			abort();
		seg[KHO_SEGMENT_HEADER_SIZE + data[size - 1] %
		    (size - KHO_SEGMENT_HEADER_SIZE)] ^= 0x5a;
		if (kho_segment_check_sum(seg) != -EBADMSG)
			abort();
	}
	free(seg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kho_check c = {
		.name = "input", .out = devnull, .ram = &ram, .scratch = &scratch,
	};
	size_t fdt_size = fdt_part(data, size);
	struct kho_map map = { };
	unsigned long line;
	phys_addr_t root;
	char *text;
	void *fdt;

	fuzz_segment(data, size);
	fdt = malloc(fdt_size ?: 1);
	text = strndup((const char *)data + fdt_size, size - fdt_size);
	if (!fdt || !text)
		abort();
	memcpy(fdt, data, fdt_size);
	if (*text && !kho_map_parse(&map, text, &line))
		c.map = &map;
	parse_others(text);

	if (!kho_fdt_check(fdt, fdt_size, &root))
		round_trip(fdt, root);
	kho_check_fdt(&c, fdt, fdt_size);
	if (c.disagreements) {
		c.out = stderr;
		c.problems = 0;
		kho_check_fdt(&c, fdt, fdt_size);
		abort();
	}
	c.out = NULL;
	kho_dump(&c, devnull, fdt, fdt_size);

	kho_map_free(&map);
	free(text);
	free(fdt);
	return 0;
}
