// SPDX-License-Identifier: GPL-2.0
/*
 * kho-fdt's checks of a Kexec HandOver root FDT, and its dump.
 *
 * The verdict on the FDT itself is the kernel's: kho_fdt_check() and
 * kho_fdt_find() of kernel/kexec_handover/kho_fdt.c, compiled unchanged.
 * This file says why they refuse, following the same steps, and counts a
 * disagreement when its reasons and their verdict differ. It also checks
 * what the next kernel can only check at boot: that the blobs and the
 * preserved blocks lie in RAM and outside the scratch areas, and that the
 * preserved memory map is sound.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>
#include <linux/align.h>

#include "kho_internal.h"
#include "kho-fdt.h"

#define U64_MAX		(~0ULL)
#define ESCAPED_MAX	160

/* The ranges a check works on, sorted and merged */
struct view {
	struct kho_check *c;
	const void *fdt;
	struct kho_range *ram;
	size_t nr_ram;
	struct kho_range *runs;	/* the valid preserved blocks, joined */
	size_t nr_runs;
};

static void vreport(struct kho_check *c, const char *fmt, va_list ap)
{
	c->problems++;
	if (!c->out || c->problems > KHO_MAX_SHOWN)
		return;
	fprintf(c->out, "kho-fdt: %s: ", c->name);
	vfprintf(c->out, fmt, ap);
	fputc('\n', c->out);
}

static __printf(2, 3) void problem(struct kho_check *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, fmt, ap);
	va_end(ap);
}

/* The kernel's verdict and this file's reasons differ: a bug here */
static __printf(2, 3) void disagree(struct kho_check *c, const char *fmt, ...)
{
	va_list ap;

	c->disagreements++;
	va_start(ap, fmt);
	vreport(c, fmt, ap);
	va_end(ap);
}

/*
 * @len bytes at @s, printable: a final NUL is dropped, others become
 * "', '" (so that a string list in quotes reads 'a', 'b'), other bytes
 * outside ASCII's printable ones, ' and \ become \xNN.
 */
static const char *escape(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, n = 0;

	if (len && !s[len - 1])
		len--;
	for (i = 0; i < len && n + 8 < size; i++) {
		unsigned char ch = s[i];

		if (!ch)
			n += snprintf(buf + n, size - n, "', '");
		else if (ch < 0x20 || ch >= 0x7f || ch == '\'' || ch == '\\')
			n += snprintf(buf + n, size - n, "\\x%02x", ch);
		else
			buf[n++] = ch;
	}
	if (i < len)
		n += snprintf(buf + n, size - n, "...");
	buf[n] = '\0';
	return buf;
}

static u64 block_size(unsigned int order)
{
	return (u64)PAGE_SIZE << order;
}

/* The order of a block's range */
static unsigned int range_order(const struct kho_range *r)
{
	return __builtin_ctzll(r->last - r->start + 1) - PAGE_SHIFT;
}

static u64 get_u64(const void *p)
{
	u64 val;

	memcpy(&val, p, sizeof(val));
	return val;
}

/* ------------------------------------------------------------- ranges */

static int range_cmp(const void *a, const void *b)
{
	const struct kho_range *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->last != y->last)
		return x->last < y->last ? -1 : 1;
	return 0;
}

/* Room for one more element after @nr in *@arr: 0 or -ENOMEM */
static int grow(void **arr, size_t nr, size_t elem)
{
	size_t cap = nr < 16 ? 16 : nr * 2;
	void *p;

	if (nr && (nr < 16 || (nr & (nr - 1))))
		return 0;
	if (cap > ((size_t)-1) / 2 / elem)
		return -ENOMEM;
	p = realloc(*arr, cap * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	return 0;
}

static int ranges_add(struct kho_ranges *rs, u64 start, u64 last)
{
	if (grow((void **)&rs->r, rs->nr, sizeof(*rs->r)))
		return -ENOMEM;
	rs->r[rs->nr].start = start;
	rs->r[rs->nr].last = last;
	rs->nr++;
	return 0;
}

void kho_ranges_free(struct kho_ranges *rs)
{
	free(rs->r);
	rs->r = NULL;
	rs->nr = 0;
}

/* @nr ranges at @r sorted, and the overlapping or adjacent ones joined */
static size_t ranges_merge(struct kho_range *r, size_t nr)
{
	size_t i, n = 0;

	if (!nr)
		return 0;
	qsort(r, nr, sizeof(*r), range_cmp);
	for (i = 0; i < nr; i++) {
		if (n && (r[n - 1].last == U64_MAX ||
			  r[i].start <= r[n - 1].last + 1)) {
			if (r[i].last > r[n - 1].last)
				r[n - 1].last = r[i].last;
			continue;
		}
		r[n++] = r[i];
	}
	return n;
}

/* A merged copy of @rs; NULL only when out of memory */
static struct kho_range *ranges_merged(const struct kho_ranges *rs,
				       size_t *nr)
{
	struct kho_range *r = malloc((rs->nr ?: 1) * sizeof(*r));

	if (!r)
		return NULL;
	if (rs->nr)
		memcpy(r, rs->r, rs->nr * sizeof(*r));
	*nr = ranges_merge(r, rs->nr);
	return r;
}

/* The range of sorted, merged @r that holds all of [@start, @last] */
static const struct kho_range *find_covering(const struct kho_range *r,
					     size_t nr, u64 start, u64 last)
{
	size_t lo = 0, hi = nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r[mid].start <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || r[lo - 1].last < last)
		return NULL;
	return &r[lo - 1];
}

/* A range of @r (in any order) that overlaps [@start, @last] */
static const struct kho_range *find_overlap(const struct kho_range *r,
					    size_t nr, u64 start, u64 last)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (r[i].start <= last && start <= r[i].last)
			return &r[i];
	return NULL;
}

/* ------------------------------------------------------------ parsing */

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	return p;
}

static unsigned int digit_value(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return 16;
}

/*
 * A number at *@p, decimal or, after 0x, hexadecimal (hexadecimal in any
 * case when @hex); *@p moves past it. Return: 0, -EINVAL when there is
 * no number, -ERANGE when it does not fit in 64 bits.
 */
static int parse_u64(const char **p, bool hex, u64 *val)
{
	const char *s = *p, *digits;
	unsigned int base = hex ? 16 : 10, d;
	u64 v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (digits = s; (d = digit_value(*s)) < base; s++) {
		if (v > (U64_MAX - d) / base)
			return -ERANGE;
		v = v * base + d;
	}
	if (s == digits)
		return -EINVAL;
	*val = v;
	*p = s;
	return 0;
}

/* A number with an optional binary suffix K, M, G or T */
static int parse_size(const char **p, u64 *val)
{
	static const char suffixes[] = "KMGT";
	const char *suffix;
	unsigned int shift;
	int err;

	err = parse_u64(p, false, val);
	if (err || !**p)
		return err;
	suffix = strchr(suffixes, toupper((unsigned char)**p));
	if (!suffix)
		return 0;
	shift = 10 * (suffix - suffixes + 1);
	if (*val > U64_MAX >> shift)
		return -ERANGE;
	*val <<= shift;
	(*p)++;
	return 0;
}

/* One START-END or START+SIZE at *@p */
static const char *parse_range(struct kho_ranges *rs, const char **p)
{
	u64 start, end;
	char sep;

	if (parse_size(p, &start))
		return "expected START-END or START+SIZE";
	sep = **p;
	if (sep != '-' && sep != '+')
		return "expected START-END or START+SIZE";
	(*p)++;
	if (parse_size(p, &end))
		return "expected START-END or START+SIZE";
	if (sep == '+') {
		if (!end)
			return "SIZE is 0";
		if (end - 1 > U64_MAX - start)
			return "START+SIZE goes past the top of the address space";
		end = start + end - 1;
	} else if (end < start) {
		return "END is below START";
	}
	return ranges_add(rs, start, end) ? "out of memory" : NULL;
}

/**
 * kho_ranges_parse - add comma-separated ranges to @rs
 * @rs: the ranges
 * @spec: START-END (END the last byte) or START+SIZE, comma separated;
 *	numbers decimal or 0x hexadecimal, with an optional K, M, G or T
 *
 * Return: NULL, or why @spec is not understood.
 */
const char *kho_ranges_parse(struct kho_ranges *rs, const char *spec)
{
	const char *p = spec, *why;

	for (;;) {
		why = parse_range(rs, &p);
		if (why)
			return why;
		if (!*p)
			return NULL;
		if (*p++ != ',')
			return "expected ',' between two ranges";
	}
}

static const char *line_end(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ?: p + strlen(p);
}

static const char *next_line(const char *eol)
{
	return *eol ? eol + 1 : eol;
}

/* One line of /proc/iomem: a "System RAM" line adds its range */
static const char *iomem_line(struct kho_ranges *rs, const char *p,
			      const char *eol, size_t *found, size_t *zero)
{
	static const char ram[] = "System RAM";
	u64 start, last;

	p = skip_space(p);
	if (p == eol)
		return NULL;
	if (parse_u64(&p, true, &start) || *p++ != '-' ||
	    parse_u64(&p, true, &last))
		return "expected 'START-END : NAME'";
	p = skip_space(p);
	if (*p != ':')
		return "expected 'START-END : NAME'";
	p = skip_space(p + 1);
	while (eol > p && (eol[-1] == ' ' || eol[-1] == '\r'))
		eol--;
	if (eol - p != sizeof(ram) - 1 || memcmp(p, ram, eol - p))
		return NULL;
	if (last < start)
		return "END is below START";
	(*found)++;
	if (!start && !last)
		(*zero)++;
	return ranges_add(rs, start, last) ? "out of memory" : NULL;
}

/**
 * kho_iomem_parse - add the "System RAM" ranges of a /proc/iomem copy
 * @rs: the ranges
 * @text: the copy
 * @line: set to the line number of an error, 0 for the file as a whole
 *
 * Return: NULL, or why @text is not understood.
 */
const char *kho_iomem_parse(struct kho_ranges *rs, const char *text,
			    unsigned long *line)
{
	const char *p, *eol, *why;
	size_t found = 0, zero = 0;

	*line = 0;
	for (p = text; *p; p = next_line(eol)) {
		eol = line_end(p);
		(*line)++;
		why = iomem_line(rs, p, eol, &found, &zero);
		if (why)
			return why;
	}
	*line = 0;
	if (!found)
		return "no 'System RAM' line";
	if (zero == found)
		return "every System RAM address is 0: copy /proc/iomem as root";
	return NULL;
}

/* The numbers of @text, one a line, in *@vals */
static const char *numbers_parse(const char *text, u64 **vals, size_t *nr,
				 unsigned long *line)
{
	const char *p, *eol;
	u64 val;

	*line = 0;
	for (p = text; *p; p = next_line(eol)) {
		eol = line_end(p);
		(*line)++;
		p = skip_space(p);
		if (p == eol)
			continue;
		if (parse_u64(&p, false, &val) || skip_space(p) != eol)
			return "expected one number";
		if (grow((void **)vals, *nr, sizeof(**vals)))
			return "out of memory";
		(*vals)[(*nr)++] = val;
	}
	return NULL;
}

/**
 * kho_scratch_parse - add the scratch areas that debugfs lists
 * @rs: the ranges
 * @phys: the text of kho/out/scratch_phys: an address a line
 * @len: the text of kho/out/scratch_len: the matching sizes
 * @line: set to the line of an error: positive in @phys (or of the area
 *	in both files when they do not match), negative in @len, 0 for the
 *	files as a whole
 *
 * Areas of size 0 are left out.
 *
 * Return: NULL, or why the texts are not understood.
 */
const char *kho_scratch_parse(struct kho_ranges *rs, const char *phys,
			      const char *len, long *line)
{
	u64 *addr = NULL, *size = NULL;
	size_t nr_addr = 0, nr_size = 0, i;
	unsigned long n;
	const char *why;

	why = numbers_parse(phys, &addr, &nr_addr, &n);
	*line = n;
	if (!why) {
		why = numbers_parse(len, &size, &nr_size, &n);
		*line = -(long)n;
	}
	if (!why && nr_addr != nr_size) {
		*line = 0;
		why = "the two files list different numbers of areas";
	}
	for (i = 0; !why && i < nr_addr; i++) {
		if (!size[i])
			continue;
		if (size[i] - 1 > U64_MAX - addr[i])
			why = "an area goes past the top of the address space";
		else if (ranges_add(rs, addr[i], addr[i] + size[i] - 1))
			why = "out of memory";
		*line = i + 1;
	}
	free(addr);
	free(size);
	return why;
}

static const char *map_line(struct kho_map *map, const char *p,
			    const char *eol)
{
	u64 addr, order;
	const char *s;

	p = skip_space(p);
	if (p == eol || *p == '#')
		return NULL;
	if (parse_u64(&p, false, &addr))
		return "expected 'ADDRESS ORDER'";
	s = skip_space(p);
	if (s == p || parse_u64(&s, false, &order) || skip_space(s) != eol)
		return "expected 'ADDRESS ORDER'";
	if (order > KHO_PARSE_MAX_ORDER)
		return "ORDER above 51: no such block fits in 64 bits";
	if (grow((void **)&map->b, map->nr, sizeof(*map->b)))
		return "out of memory";
	map->b[map->nr].addr = addr;
	map->b[map->nr].order = order;
	map->nr++;
	return NULL;
}

/**
 * kho_map_parse - add the blocks of a preserved memory map listing
 * @map: the blocks
 * @text: "ADDRESS ORDER" a line, as kho/out/preserved lists them; blank
 *	lines and lines that start with # are left out
 * @line: set to the line number of an error
 *
 * Return: NULL, or why @text is not understood.
 */
const char *kho_map_parse(struct kho_map *map, const char *text,
			  unsigned long *line)
{
	const char *p, *eol, *why;

	*line = 0;
	for (p = text; *p; p = next_line(eol)) {
		eol = line_end(p);
		(*line)++;
		why = map_line(map, p, eol);
		if (why)
			return why;
	}
	return NULL;
}

void kho_map_free(struct kho_map *map)
{
	free(map->b);
	map->b = NULL;
	map->nr = 0;
}

/* -------------------------------------------------------- the root FDT */

/* What kho_fdt_check() checks first: the header; 0 or -EINVAL */
static int check_header(struct kho_check *c, const void *fdt, size_t size)
{
	int err;

	if (size < sizeof(struct fdt_header)) {
		problem(c, "%zu bytes: too short for an FDT header (%zu bytes)",
			size, sizeof(struct fdt_header));
		return -EINVAL;
	}
	err = fdt_check_header(fdt);
	if (err == -FDT_ERR_BADMAGIC) {
		problem(c, "not an FDT: magic 0x%08x, not 0x%08x",
			fdt_magic(fdt), FDT_MAGIC);
		return -EINVAL;
	}
	if (err) {
		problem(c, "bad FDT header: %s", fdt_strerror(err));
		return -EINVAL;
	}
	if (fdt_totalsize(fdt) > size) {
		problem(c, "truncated: the FDT header says %u bytes, there are %zu",
			fdt_totalsize(fdt), size);
		return -EINVAL;
	}
	return 0;
}

static u32 be32(const void *p)
{
	const unsigned char *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

/* The structure block of @fdt, walked tag by tag */
struct walk {
	const char *base;	/* the structure block */
	u64 end;		/* its size */
	const char *strings;
	u64 strings_size;
	unsigned int depth;
	bool root_done;
};

/* One tag at *@off: 1 after FDT_END, 0, or -EINVAL with *@why */
static int walk_tag(struct walk *w, u64 *off, const char **why)
{
	const char *p;
	u32 tag, len, nameoff;

	if (*off > w->end || w->end - *off < 4) {
		*why = "no FDT_END tag";
		return -EINVAL;
	}
	p = w->base + *off;
	tag = be32(p);
	*off += 4;
	switch (tag) {
	case FDT_BEGIN_NODE:
		if (!memchr(p + 4, '\0', w->end - *off)) {
			*why = "a node name runs past the structure block";
			return -EINVAL;
		}
		if (!w->depth && w->root_done) {
			*why = "a second root node";
			return -EINVAL;
		}
		*off += strlen(p + 4) + 1;
		w->depth++;
		break;
	case FDT_END_NODE:
		if (!w->depth) {
			*why = "FDT_END_NODE outside any node";
			return -EINVAL;
		}
		w->root_done = !--w->depth;
		break;
	case FDT_PROP:
		if (!w->depth || w->end - *off < 8) {
			*why = w->depth ? "a property runs past the structure block" :
					  "a property outside any node";
			return -EINVAL;
		}
		len = be32(p + 4);
		nameoff = be32(p + 8);
		*off += 8;
		if (len > w->end - *off) {
			*why = "a property's length runs past the structure block";
			return -EINVAL;
		}
		if (nameoff >= w->strings_size ||
		    !memchr(w->strings + nameoff, '\0',
			    w->strings_size - nameoff)) {
			*why = "a property's name is not in the strings block";
			return -EINVAL;
		}
		*off += len;
		break;
	case FDT_NOP:
		break;
	case FDT_END:
		if (w->depth || !w->root_done) {
			*why = w->depth ? "FDT_END inside a node" : "no root node";
			return -EINVAL;
		}
		return 1;
	default:
		*why = "an unknown tag";
		return -EINVAL;
	}
	*off = ALIGN(*off, 4);
	return 0;
}

/*
 * The structure block, walked with every length checked, so that a
 * damaged FDT is reported with where and why, not only libfdt's error
 * code. Not a check of kho_fdt_check(): kho-fdt's own. 0 or -EINVAL.
 */
static int check_structure(struct kho_check *c, const void *fdt)
{
	u64 total = fdt_totalsize(fdt), off = 0, at;
	u64 off_struct = fdt_off_dt_struct(fdt);
	u64 off_strings = fdt_off_dt_strings(fdt);
	struct walk w = { };
	const char *why;
	int ret;

	if (fdt_version(fdt) < 16) {
		problem(c, "FDT version %u: kho-fdt reads versions 16 and later",
			fdt_version(fdt));
		return -EINVAL;
	}
	w.strings_size = fdt_size_dt_strings(fdt);
	w.end = fdt_version(fdt) >= 17 ? fdt_size_dt_struct(fdt) :
		total - off_struct;
	if (off_struct > total || w.end > total - off_struct ||
	    off_strings > total || w.strings_size > total - off_strings) {
		problem(c, "bad FDT header: a block lies outside the FDT");
		return -EINVAL;
	}
	if (off_struct % 4 || fdt_off_mem_rsvmap(fdt) % 8) {
		problem(c, "bad FDT header: the %s block is not aligned",
			off_struct % 4 ? "structure" : "memory reservation");
		return -EINVAL;
	}
	w.base = (const char *)fdt + off_struct;
	w.strings = (const char *)fdt + off_strings;
	do {
		at = off;
		ret = walk_tag(&w, &off, &why);
	} while (!ret);
	if (ret < 0) {
		problem(c, "FDT structure damaged at offset 0x%" PRIx64 ": %s",
			off_struct + at, why);
		return -EINVAL;
	}
	return 0;
}

/* Then the compatible: 0 or -EPROTO */
static int check_compatible(struct kho_check *c, const void *fdt)
{
	char buf[ESCAPED_MAX];
	const char *compat;
	int err, len;

	err = fdt_node_check_compatible(fdt, 0, KHO_FDT_COMPATIBLE);
	if (!err)
		return 0;
	compat = fdt_getprop(fdt, 0, "compatible", &len);
	if (compat)
		problem(c,
			"compatible is '%s': another version of the format; this tool reads %s",
			escape(buf, sizeof(buf), compat, len),
			KHO_FDT_COMPATIBLE);
	else if (len == -FDT_ERR_NOTFOUND)
		problem(c, "no compatible property at the root; this tool reads %s",
			KHO_FDT_COMPATIBLE);
	else
		problem(c, "compatible unreadable: %s", fdt_strerror(len));
	return -EPROTO;
}

/* Then the memory map property */
static void check_map_prop(struct kho_check *c, const void *fdt, u64 *map)
{
	const void *prop;
	int len;

	prop = fdt_getprop(fdt, 0, KHO_FDT_MEMORY_MAP_PROP_NAME, &len);
	if (!prop && len == -FDT_ERR_NOTFOUND) {
		problem(c, "no " KHO_FDT_MEMORY_MAP_PROP_NAME " property");
	} else if (!prop) {
		problem(c, KHO_FDT_MEMORY_MAP_PROP_NAME " unreadable: %s",
			fdt_strerror(len));
	} else if (len != sizeof(u64)) {
		problem(c, KHO_FDT_MEMORY_MAP_PROP_NAME " is %d bytes, not 8",
			len);
	} else {
		*map = get_u64(prop);
		if (!*map)
			problem(c, KHO_FDT_MEMORY_MAP_PROP_NAME " is 0");
		else if (*map & (PAGE_SIZE - 1))
			problem(c, KHO_FDT_MEMORY_MAP_PROP_NAME " 0x%" PRIx64 " is not page aligned",
				*map);
	}
}

/*
 * The root, as kho_fdt_check() checks it; sets *@map when the memory map
 * property is right. Return: 0; -EINVAL or -EPROTO when the rest of the
 * FDT cannot be read as kho-v3.
 */
static int check_root(struct kho_check *c, const void *fdt, size_t size,
		      u64 *map)
{
	phys_addr_t kernel_map = 0;
	unsigned long before;
	int kernel_err, err;
	bool found;

	*map = 0;
	if (check_header(c, fdt, size)) {
		/* kho_fdt_check() stops at the header too, before any walk */
		if (!kho_fdt_check(fdt, size, &kernel_map))
			disagree(c,
				 "kho-fdt disagrees with kho_fdt_check(), which accepts the header");
		return -EINVAL;
	}
	if (check_structure(c, fdt))
		return -EINVAL;
	before = c->problems;
	kernel_err = kho_fdt_check(fdt, size, &kernel_map);
	err = check_compatible(c, fdt);
	if (!err)
		check_map_prop(c, fdt, map);
	found = c->problems != before;
	if (!kernel_err == found)
		disagree(c, "kho-fdt disagrees with kho_fdt_check(), which returns %d",
			 kernel_err);
	else if (!kernel_err && kernel_map != *map)
		disagree(c, "kho_fdt_check() reads the memory map as 0x%" PRIx64 ", kho-fdt as 0x%" PRIx64,
			 (u64)kernel_map, *map);
	if (c->problems != before)
		*map = 0;
	return err;
}

/* Where the memory map's root page lies */
static void check_map_root(struct view *v, u64 map)
{
	struct kho_check *c = v->c;
	u64 last = map + PAGE_SIZE - 1;
	const struct kho_range *r;

	if (c->ram && !find_covering(v->ram, v->nr_ram, map, last))
		problem(c, KHO_FDT_MEMORY_MAP_PROP_NAME " 0x%" PRIx64 " is not RAM", map);
	r = c->scratch ? find_overlap(c->scratch->r, c->scratch->nr, map, last) :
			 NULL;
	if (r)
		problem(c, "%s 0x%" PRIx64 " lies in scratch area 0x%" PRIx64 "+0x%" PRIx64,
			KHO_FDT_MEMORY_MAP_PROP_NAME, map, r->start, r->last - r->start + 1);
	r = c->map ? find_overlap(v->runs, v->nr_runs, map, last) : NULL;
	if (r)
		problem(c,
			"%s 0x%" PRIx64 " lies in preserved range 0x%" PRIx64 "+0x%" PRIx64 ": the next kernel would reserve it twice",
			KHO_FDT_MEMORY_MAP_PROP_NAME, map, r->start, r->last - r->start + 1);
}

/* ----------------------------------------------------------- subtrees */

/* A u64 property of subtree @node: 0, or -EINVAL after the problem line */
static int subtree_prop(struct kho_check *c, const void *fdt, int node,
			const char *name, const char *prop_name, u64 *val)
{
	const void *prop;
	int len;

	prop = fdt_getprop(fdt, node, prop_name, &len);
	if (!prop && len == -FDT_ERR_NOTFOUND)
		problem(c, "subtree '%s': no %s property", name, prop_name);
	else if (!prop)
		problem(c, "subtree '%s': %s unreadable: %s", name, prop_name,
			fdt_strerror(len));
	else if (len != sizeof(u64))
		problem(c, "subtree '%s': %s is %d bytes, not 8", name,
			prop_name, len);
	else
		*val = get_u64(prop);
	return prop && len == sizeof(u64) ? 0 : -EINVAL;
}

/* Where a subtree's blob lies */
static void check_blob(struct view *v, const char *name, u64 phys, u64 size)
{
	struct kho_check *c = v->c;
	const struct kho_range *r;
	u64 last;

	if (!size) {
		problem(c, "subtree '%s': " KHO_SUB_TREE_SIZE_PROP_NAME " is 0",
			name);
		return;
	}
	if (size - 1 > U64_MAX - phys) {
		problem(c,
			"subtree '%s': blob 0x%" PRIx64 "+0x%" PRIx64 " goes past the top of the address space",
			name, phys, size);
		return;
	}
	last = phys + size - 1;
	if (c->ram && !find_covering(v->ram, v->nr_ram, phys, last))
		problem(c, "subtree '%s': blob 0x%" PRIx64 "+0x%" PRIx64 " is not RAM", name,
			phys, size);
	r = c->scratch ? find_overlap(c->scratch->r, c->scratch->nr, phys, last) :
			 NULL;
	if (r)
		problem(c, "subtree '%s': blob 0x%" PRIx64 "+0x%" PRIx64 " lies in scratch area 0x%" PRIx64 "+0x%" PRIx64,
			name, phys, size, r->start, r->last - r->start + 1);
	if (c->map && !find_covering(v->runs, v->nr_runs, phys, last))
		problem(c, "subtree '%s': blob 0x%" PRIx64 "+0x%" PRIx64 " is not preserved memory",
			name, phys, size);
}

static void check_subtree(struct view *v, int node, int index)
{
	struct kho_check *c = v->c;
	unsigned long before = c->problems;
	char name[ESCAPED_MAX];
	phys_addr_t kernel_phys = 0;
	u64 kernel_size = 0, phys = 0, size = 0;
	const char *raw;
	int len, err;
	bool found;

	raw = fdt_get_name(v->fdt, node, &len);
	if (!raw) {
		problem(c, "subtree %d: name unreadable: %s", index,
			fdt_strerror(len));
		return;
	}
	escape(name, sizeof(name), raw, strlen(raw));
	if (fdt_subnode_offset(v->fdt, 0, raw) != node) {
		problem(c,
			"subtree '%s': an earlier subtree answers to the same name; the kernel finds only that one",
			name);
		return;
	}
	err = kho_fdt_find(v->fdt, raw, &kernel_phys, &kernel_size);
	if (!subtree_prop(c, v->fdt, node, name, KHO_SUB_TREE_PROP_NAME,
			  &phys) && !phys)
		problem(c, "subtree '%s': " KHO_SUB_TREE_PROP_NAME " is 0 (no blob written)",
			name);
	subtree_prop(c, v->fdt, node, name, KHO_SUB_TREE_SIZE_PROP_NAME, &size);
	found = c->problems != before;
	if (!err == found)
		disagree(c, "subtree '%s': kho-fdt disagrees with kho_fdt_find(), which returns %d",
			 name, err);
	else if (!err && (kernel_phys != phys || kernel_size != size))
		disagree(c,
			 "subtree '%s': kho_fdt_find() reads 0x%" PRIx64 "+0x%" PRIx64 ", kho-fdt 0x%" PRIx64 "+0x%" PRIx64,
			 name, (u64)kernel_phys, kernel_size, phys, size);
	if (c->problems == before)
		check_blob(v, name, phys, size);
}

static void check_subtrees(struct view *v)
{
	int node, n = 0;

	fdt_for_each_subnode(node, v->fdt, 0)
		check_subtree(v, node, n++);
	if (node != -FDT_ERR_NOTFOUND)
		problem(v->c, "FDT structure damaged after %d subtrees: %s", n,
			fdt_strerror(node));
}

/* ---------------------------------------------------- the memory map */

static bool block_valid(const struct kho_block *b)
{
	return b->order <= KHO_MAX_ORDER &&
	       !(b->addr & (block_size(b->order) - 1));
}

/* The valid blocks as sorted ranges in *@nr_blocks, and their runs */
static int map_prepare(struct view *v, struct kho_range **blocks,
		       size_t *nr_blocks)
{
	const struct kho_map *map = v->c->map;
	struct kho_range *r;
	size_t i, n = 0;

	r = malloc((map->nr ?: 1) * sizeof(*r));
	v->runs = malloc((map->nr ?: 1) * sizeof(*r));
	if (!r || !v->runs) {
		free(r);
		return -ENOMEM;
	}
	for (i = 0; i < map->nr; i++) {
		if (!block_valid(&map->b[i]))
			continue;
		r[n].start = map->b[i].addr;
		r[n].last = map->b[i].addr + block_size(map->b[i].order) - 1;
		n++;
	}
	if (n)
		qsort(r, n, sizeof(*r), range_cmp);
	if (n)
		memcpy(v->runs, r, n * sizeof(*r));
	v->nr_runs = ranges_merge(v->runs, n);
	*blocks = r;
	*nr_blocks = n;
	return 0;
}

static void check_block_values(struct kho_check *c)
{
	const struct kho_block *b;
	size_t i;

	for (i = 0; i < c->map->nr; i++) {
		b = &c->map->b[i];
		if (b->order > KHO_MAX_ORDER)
			problem(c,
				"map: block 0x%" PRIx64 " order %u: the next kernel reads orders 0 to %d only",
				b->addr, b->order, KHO_MAX_ORDER);
		else if (!block_valid(b))
			problem(c, "map: block 0x%" PRIx64 " order %u is not aligned to its size 0x%" PRIx64,
				b->addr, b->order, block_size(b->order));
	}
}

/* @r: the valid blocks, sorted */
static void check_overlaps(struct kho_check *c, const struct kho_range *r,
			   size_t nr)
{
	size_t i, far = 0;

	for (i = 1; i < nr; i++) {
		if (!range_cmp(&r[i], &r[far]))
			problem(c, "map: block 0x%" PRIx64 " order %u is listed twice",
				r[i].start, range_order(&r[i]));
		else if (r[i].start <= r[far].last)
			problem(c, "map: block 0x%" PRIx64 " order %u overlaps block 0x%" PRIx64 " order %u",
				r[i].start, range_order(&r[i]), r[far].start,
				range_order(&r[far]));
		if (r[i].last > r[far].last)
			far = i;
	}
}

/* The runs of adjacent blocks, as the next kernel checks them */
static void check_runs(struct view *v)
{
	struct kho_check *c = v->c;
	const struct kho_range *run, *r;
	size_t i;

	for (i = 0; i < v->nr_runs; i++) {
		run = &v->runs[i];
		if (c->ram && !find_covering(v->ram, v->nr_ram, run->start,
					     run->last))
			problem(c, "map: preserved range 0x%" PRIx64 "+0x%" PRIx64 " is not RAM",
				run->start, run->last - run->start + 1);
		r = c->scratch ? find_overlap(c->scratch->r, c->scratch->nr,
					      run->start, run->last) : NULL;
		if (r)
			problem(c,
				"map: preserved range 0x%" PRIx64 "+0x%" PRIx64 " lies in scratch area 0x%" PRIx64 "+0x%" PRIx64,
				run->start, run->last - run->start + 1,
				r->start, r->last - r->start + 1);
	}
}

/**
 * kho_check_fdt - check a root FDT and what @c holds with it
 * @c: the check: what to check against, where the problems go
 * @fdt: the FDT
 * @size: bytes at @fdt (a file's size)
 *
 * One problem line per problem, "kho-fdt: NAME: ...", at most
 * %KHO_MAX_SHOWN of them and then a count of the others.
 *
 * Return: the number of problems in @c, including earlier calls.
 */
unsigned long kho_check_fdt(struct kho_check *c, const void *fdt, size_t size)
{
	struct view v = { .c = c, .fdt = fdt };
	struct kho_range *blocks = NULL;
	size_t nr_blocks = 0;
	u64 map;

	if (c->ram)
		v.ram = ranges_merged(c->ram, &v.nr_ram);
	if ((c->ram && !v.ram) ||
	    (c->map && map_prepare(&v, &blocks, &nr_blocks))) {
		problem(c, "out of memory");
		goto out;
	}
	if (!check_root(c, fdt, size, &map)) {
		if (map)
			check_map_root(&v, map);
		check_subtrees(&v);
	}
	if (c->map) {
		check_block_values(c);
		check_overlaps(c, blocks, nr_blocks);
		check_runs(&v);
	}
out:
	if (c->out && c->problems > KHO_MAX_SHOWN)
		fprintf(c->out, "kho-fdt: %s: %lu more problems not shown\n",
			c->name, c->problems - KHO_MAX_SHOWN);
	free(v.ram);
	free(v.runs);
	free(blocks);
	return c->problems;
}

/* --------------------------------------------------------------- dump */

static const char *human(char *buf, size_t size, u64 bytes)
{
	static const char units[] = "KMGTPE";
	unsigned int u = 0;
	u64 div = 1024;

	if (bytes < 1024) {
		snprintf(buf, size, "%" PRIu64 " B", bytes);
		return buf;
	}
	while (u < 5 && bytes / div >= 1024) {
		div <<= 10;
		u++;
	}
	if (bytes % div)
		snprintf(buf, size, "%.1f %ciB", (double)bytes / div, units[u]);
	else
		snprintf(buf, size, "%" PRIu64 " %ciB", bytes / div, units[u]);
	return buf;
}

static void dump_prop(FILE *out, const void *fdt, int node, const char *name)
{
	const void *prop;
	char buf[32];
	int len;

	prop = fdt_getprop(fdt, node, name, &len);
	if (!prop)
		fprintf(out, "  %s (%s)", name, fdt_strerror(len));
	else if (len != sizeof(u64))
		fprintf(out, "  %s (%d bytes, not 8)", name, len);
	else if (strcmp(name, KHO_SUB_TREE_SIZE_PROP_NAME))
		fprintf(out, "  %s 0x%016" PRIx64, name, get_u64(prop));
	else
		fprintf(out, "  %s 0x%" PRIx64 " (%s)", name, get_u64(prop),
			human(buf, sizeof(buf), get_u64(prop)));
}

static void dump_subtrees(FILE *out, const void *fdt)
{
	char buf[ESCAPED_MAX];
	const char *name;
	int node, n = 0, len;

	fdt_for_each_subnode(node, fdt, 0)
		n++;
	fprintf(out, "subtrees              %d\n", n);
	fdt_for_each_subnode(node, fdt, 0) {
		name = fdt_get_name(fdt, node, &len);
		fprintf(out, "  %-18s", name ? escape(buf, sizeof(buf), name,
						      strlen(name)) : "?");
		dump_prop(out, fdt, node, KHO_SUB_TREE_PROP_NAME);
		dump_prop(out, fdt, node, KHO_SUB_TREE_SIZE_PROP_NAME);
		fputc('\n', out);
	}
	if (node != -FDT_ERR_NOTFOUND)
		fprintf(out, "  (structure damaged: %s)\n", fdt_strerror(node));
}

static void dump_root(FILE *out, const void *fdt)
{
	char buf[ESCAPED_MAX];
	const void *prop;
	int len;

	prop = fdt_getprop(fdt, 0, "compatible", &len);
	fprintf(out, "compatible            %s%s%s\n", prop ? "'" : "",
		prop ? escape(buf, sizeof(buf), prop, len) : fdt_strerror(len),
		prop ? "'" : "");
	prop = fdt_getprop(fdt, 0, KHO_FDT_MEMORY_MAP_PROP_NAME, &len);
	if (!prop)
		fprintf(out, "%-22s(%s)\n", KHO_FDT_MEMORY_MAP_PROP_NAME,
			fdt_strerror(len));
	else if (len != sizeof(u64))
		fprintf(out, "%-22s(%d bytes, not 8)\n",
			KHO_FDT_MEMORY_MAP_PROP_NAME, len);
	else
		fprintf(out, "%-22s0x%016" PRIx64 "\n", KHO_FDT_MEMORY_MAP_PROP_NAME,
			get_u64(prop));
}

static int block_cmp(const void *a, const void *b)
{
	const struct kho_block *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void dump_orders(FILE *out, u64 orders)
{
	unsigned int order;
	const char *sep = "";

	fprintf(out, "  order%s ", orders & (orders - 1) ? "s" : "");
	for (order = 0; order <= KHO_PARSE_MAX_ORDER; order++) {
		if (!(orders & (1ULL << order)))
			continue;
		fprintf(out, "%s%u", sep, order);
		sep = ",";
	}
	fputc('\n', out);
}

static void dump_run(FILE *out, u64 start, u64 last, u64 orders)
{
	char buf[32];

	fprintf(out, "  0x%016" PRIx64 "-0x%016" PRIx64 " %10s", start, last,
		human(buf, sizeof(buf), last - start + 1));
	dump_orders(out, orders);
}

/* The blocks, sorted, as runs of adjacent or overlapping blocks */
static size_t dump_runs(FILE *out, const struct kho_block *b, size_t nr,
			bool print)
{
	u64 start = 0, last = 0, orders = 0, size, end;
	size_t i, runs = 0;

	for (i = 0; i < nr; i++) {
		size = block_size(b[i].order);
		end = b[i].addr > U64_MAX - (size - 1) ? U64_MAX :
			b[i].addr + size - 1;
		if (!orders || (last != U64_MAX && b[i].addr > last + 1)) {
			if (orders && print)
				dump_run(out, start, last, orders);
			runs++;
			start = b[i].addr;
			last = end;
			orders = 0;
		}
		if (end > last)
			last = end;
		orders |= 1ULL << b[i].order;
	}
	if (orders && print)
		dump_run(out, start, last, orders);
	return runs;
}

static void dump_map(FILE *out, const struct kho_map *map)
{
	unsigned long count[KHO_PARSE_MAX_ORDER + 1] = { };
	struct kho_block *b;
	char buf[32];
	unsigned int order;
	u64 total = 0;
	size_t i;

	b = malloc((map->nr ?: 1) * sizeof(*b));
	if (!b) {
		fprintf(out, "preserved memory      (out of memory)\n");
		return;
	}
	if (map->nr)
		memcpy(b, map->b, map->nr * sizeof(*b));
	if (map->nr)
		qsort(b, map->nr, sizeof(*b), block_cmp);
	for (i = 0; i < map->nr; i++) {
		count[b[i].order]++;
		total += block_size(b[i].order);
	}
	fprintf(out, "preserved memory      %zu blocks in %zu ranges, %s\n",
		map->nr, dump_runs(out, b, map->nr, false),
		human(buf, sizeof(buf), total));
	dump_runs(out, b, map->nr, true);
	fprintf(out, "  order     blocks      bytes\n");
	for (order = 0; order <= KHO_PARSE_MAX_ORDER; order++)
		if (count[order])
			fprintf(out, "  %5u %10lu %10s\n", order, count[order],
				human(buf, sizeof(buf),
				      count[order] * block_size(order)));
	fprintf(out, "  total %10zu %10s (%" PRIu64 " bytes)\n", map->nr,
		human(buf, sizeof(buf), total), total);
	free(b);
}

static const char *verdict(int err)
{
	switch (err) {
	case 0:
		return "accepts it";
	case -EPROTO:
		return "refuses it: another format version (-EPROTO)";
	case -EINVAL:
		return "refuses it: malformed (-EINVAL)";
	default:
		return "refuses it";
	}
}

/**
 * kho_dump - print a root FDT and, with @c->map, the preserved blocks
 * @c: where to say why @fdt cannot be read; its map
 * @out: where to print
 * @fdt: the FDT
 * @size: bytes at @fdt
 *
 * Return: 0, or -EINVAL when @fdt is no FDT (the reason is in @c).
 */
int kho_dump(struct kho_check *c, FILE *out, const void *fdt, size_t size)
{
	phys_addr_t map;
	int err;

	if (check_header(c, fdt, size) || check_structure(c, fdt))
		return -EINVAL;
	err = kho_fdt_check(fdt, size, &map);
	fprintf(out, "file                  %s, %u bytes\n", c->name,
		fdt_totalsize(fdt));
	fprintf(out, "kho_fdt_check()       %s\n", verdict(err));
	dump_root(out, fdt);
	dump_subtrees(out, fdt);
	if (c->map)
		dump_map(out, c->map);
	return 0;
}
