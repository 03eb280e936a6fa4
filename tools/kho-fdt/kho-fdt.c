// SPDX-License-Identifier: GPL-2.0
/*
 * kho-fdt: check or print the root FDT of Kexec HandOver ("kho-v3"), as
 * /sys/kernel/debug/kho/out/fdt and in/fdt hold it, with the preserved
 * memory map, the RAM and the scratch areas it goes with. The help text
 * below is its documentation.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kho_internal.h"
#include "kho-fdt.h"

#define MAX_FILE_SIZE	(256UL << 20)

static const char help[] =
"usage: kho-fdt dump FILE [--map PRESERVED]\n"
"       kho-fdt check FILE [--ram RANGES] [--ram-iomem IOMEM]\n"
"                          [--scratch RANGES] [--scratch-files PHYS LEN]\n"
"                          [--map PRESERVED]\n"
"       kho-fdt --help\n"
"\n"
"Reads the root FDT of Kexec HandOver in the kho-v3 format (upstream Linux\n"
"7.1's, include/linux/kho/abi/kexec_handover.h): what the running kernel\n"
"hands over, /sys/kernel/debug/kho/out/fdt, or what the previous kernel\n"
"handed over, /sys/kernel/debug/kho/in/fdt. FILE may be - for stdin.\n"
"FILE may also be the segment kexec -e wrote the FDT into, as the next\n"
"kernel's /sys/kernel/debug/kho/in/segment holds it: its header (magic,\n"
"sizes, and the xxh64 of the used bytes) is checked as the next kernel\n"
"checks it, kho_segment_check_header() and kho_segment_check_sum(), and\n"
"the FDT that follows it is read.\n"
"\n"
"  / {\n"
"      compatible = \"kho-v3\";\n"
"      preserved-memory-map = <u64, host-endian: root of the radix tree>;\n"
"      NAME {                                  (one per KHO user)\n"
"          preserved-data = <u64: physical address of the blob>;\n"
"          blob-size = <u64: its size in bytes>;\n"
"      };\n"
"  };\n"
"\n"
"dump prints the compatible, the memory map's root and each subtree (name,\n"
"preserved-data, blob-size), and whether the kernel's own check,\n"
"kho_fdt_check(), accepts the FDT. With --map, the preserved blocks too:\n"
"adjacent blocks joined into ranges with their orders, the count and bytes\n"
"of each order, and the totals.\n"
"\n"
"check prints one line per problem, \"kho-fdt: FILE: ...\" (at most 100,\n"
"then how many more), or \"FILE: no problems (...)\" and what was checked.\n"
"It checks:\n"
"  - the FDT header, and that its size fits in the file (\"truncated\");\n"
"  - that compatible is kho-v3 (another version is named);\n"
"  - that preserved-memory-map is there, 8 bytes, not 0, page aligned;\n"
"  - that every subtree has preserved-data and blob-size of 8 bytes each,\n"
"    blob-size not 0, and a name no earlier subtree answers to;\n"
"  with --ram (or --ram-iomem):\n"
"  - that every blob, the memory map's root page and every preserved block\n"
"    lies in RAM;\n"
"  with --scratch (or --scratch-files):\n"
"  - that none of them lies in a scratch area;\n"
"  with --map:\n"
"  - that no two blocks overlap, every block is aligned to its size and of\n"
"    order 0 to 34 (the orders the next kernel reads), every blob lies in\n"
"    preserved memory and the memory map's root page does not.\n"
"The verdict on the FDT is the kernel's: kho-fdt runs kho_fdt_check() and\n"
"kho_fdt_find() of kernel/kexec_handover/kho_fdt.c, built unchanged, and\n"
"explains what they refuse (a line \"kho-fdt disagrees with ...\" would be\n"
"a bug of kho-fdt). Blocks are checked against RAM and scratch as runs of\n"
"adjacent blocks, as the next kernel does: \"map: preserved range\n"
"START+SIZE is not RAM\".\n"
"\n"
"Options:\n"
"  --map PRESERVED   the preserved memory map as\n"
"                    /sys/kernel/debug/kho/out/preserved lists it: one block\n"
"                    a line, \"ADDRESS ORDER\", the block being 4096 << ORDER\n"
"                    bytes; blank lines and lines starting with # are left\n"
"                    out\n"
"  --ram RANGES      the machine's RAM\n"
"  --ram-iomem IOMEM the \"System RAM\" lines of a copy of /proc/iomem (made\n"
"                    as root: other users see only zeros)\n"
"  --scratch RANGES  the scratch areas (the kernel logs them at boot:\n"
"                    \"KHO: scratch area 0: START+SIZE\")\n"
"  --scratch-files PHYS LEN\n"
"                    the scratch areas from the two debugfs files\n"
"                    /sys/kernel/debug/kho/out/scratch_phys and scratch_len,\n"
"                    one hexadecimal number a line each\n"
"  -h, --help        this text\n"
"Each option may be given more than once; the ranges add up.\n"
"\n"
"RANGES: comma separated START-END or START+SIZE, with no spaces. END is\n"
"the range's last byte, as /proc/iomem and the kernel's e820 lines print\n"
"it. Numbers are decimal, or hexadecimal after 0x, and may end in K, M, G\n"
"or T (times 2^10, 2^20, 2^30, 2^40):\n"
"  --ram 0x100000-0x7ffdffff,0x100000000+2G --scratch 0x60000000+256M\n"
"\n"
"Exit status: 0 when no problem was found (dump: when FILE is an FDT),\n"
"1 when problems were found (dump: FILE is no FDT), 2 for bad usage or a\n"
"file that cannot be read or understood.\n"
"\n"
"On a machine booted with kho=on:\n"
"  cd /sys/kernel/debug/kho/out\n"
"  kho-fdt check fdt --map preserved --scratch-files scratch_phys \\\n"
"      scratch_len --ram-iomem /proc/iomem\n"
"  kho-fdt dump fdt --map preserved\n";

struct options {
	const char *file;
	struct kho_ranges ram;
	struct kho_ranges scratch;
	struct kho_map map;
	bool has_ram, has_scratch, has_map;
};

/* Bad usage or an unreadable input: one line, then @hint, exit 2 */
static __noreturn void vdie(const char *hint, const char *fmt, va_list ap)
{
	fputs("kho-fdt: ", stderr);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n%s", hint);
	exit(2);
}

static __printf(1, 2) __noreturn void usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie("Try 'kho-fdt --help'.\n", fmt, ap);
}

static __printf(1, 2) __noreturn void fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdie("", fmt, ap);
}

/* All of @path ("-": stdin), NUL-terminated; its size in *@size */
static char *read_file(const char *path, size_t *size)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 0, n = 0, got;
	char *buf = NULL;

	if (!f)
		fail("%s: %s", path, strerror(errno));
	do {
		if (n + 1 >= cap) {
			cap = cap ? cap * 2 : 65536;
			if (cap > MAX_FILE_SIZE)
				fail("%s: larger than %lu MiB", path,
				     MAX_FILE_SIZE >> 20);
			buf = realloc(buf, cap);
			if (!buf)
				fail("%s: out of memory", path);
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
	} while (got);
	if (ferror(f))
		fail("%s: %s", path, strerror(errno));
	if (f != stdin)
		fclose(f);
	buf[n] = '\0';
	*size = n;
	return buf;
}

static char *read_text(const char *path)
{
	size_t size;
	char *text = read_file(path, &size);

	if (strlen(text) != size)
		fail("%s: not a text file", path);
	return text;
}

static void add_ranges(struct kho_ranges *rs, const char *opt,
		       const char *spec)
{
	const char *why = kho_ranges_parse(rs, spec);

	if (why)
		usage("%s '%s': %s", opt, spec, why);
}

static void add_iomem(struct kho_ranges *rs, const char *path)
{
	char *text = read_text(path);
	unsigned long line;
	const char *why = kho_iomem_parse(rs, text, &line);

	if (why && line)
		fail("%s:%lu: %s", path, line, why);
	if (why)
		fail("%s: %s", path, why);
	free(text);
}

static void add_scratch_files(struct kho_ranges *rs, const char *phys,
			      const char *len)
{
	char *phys_text = read_text(phys), *len_text = read_text(len);
	const char *why;
	long line;

	why = kho_scratch_parse(rs, phys_text, len_text, &line);
	if (why && line > 0)
		fail("%s:%ld: %s", phys, line, why);
	if (why && line < 0)
		fail("%s:%ld: %s", len, -line, why);
	if (why)
		fail("%s and %s: %s", phys, len, why);
	free(phys_text);
	free(len_text);
}

static void add_map(struct kho_map *map, const char *path)
{
	char *text = read_text(path);
	unsigned long line;
	const char *why = kho_map_parse(map, text, &line);

	if (why)
		fail("%s:%lu: %s", path, line, why);
	free(text);
}

/* The argument after option @i, or a usage error */
static const char *arg(int argc, char **argv, int i)
{
	if (i + 1 >= argc)
		usage("%s needs an argument", argv[i]);
	return argv[i + 1];
}

static void parse_args(struct options *o, bool check, int argc, char **argv)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--map")) {
			add_map(&o->map, arg(argc, argv, i++));
			o->has_map = true;
		} else if (check && !strcmp(a, "--ram")) {
			add_ranges(&o->ram, a, arg(argc, argv, i++));
			o->has_ram = true;
		} else if (check && !strcmp(a, "--ram-iomem")) {
			add_iomem(&o->ram, arg(argc, argv, i++));
			o->has_ram = true;
		} else if (check && !strcmp(a, "--scratch")) {
			add_ranges(&o->scratch, a, arg(argc, argv, i++));
			o->has_scratch = true;
		} else if (check && !strcmp(a, "--scratch-files")) {
			if (i + 2 >= argc)
				usage("%s needs two arguments: PHYS LEN", a);
			add_scratch_files(&o->scratch, argv[i + 1], argv[i + 2]);
			o->has_scratch = true;
			i += 2;
		} else if (a[0] == '-' && a[1]) {
			usage("%s: unknown option for %s", a,
			      check ? "check" : "dump");
		} else if (o->file) {
			usage("%s: one FILE only", a);
		} else {
			o->file = a;
		}
	}
	if (!o->file)
		usage("no FILE");
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static void print_ok(const struct options *o, const struct kho_check *c)
{
	printf("%s: no problems (checked: the FDT", o->file);
	if (c->map)
		printf(", %zu preserved block%s", o->map.nr, plural(o->map.nr));
	if (c->ram)
		printf(", %zu RAM range%s", o->ram.nr, plural(o->ram.nr));
	if (c->scratch)
		printf(", %zu scratch area%s", o->scratch.nr,
		       plural(o->scratch.nr));
	printf(")\n");
}

/*
 * A segment's header before the FDT: checked, and skipped. Returns the
 * FDT's offset in @buf and sets *@size to its bytes; -1 after one line
 * saying what is wrong.
 */
static long segment_fdt(const char *name, const char *buf, size_t *size)
{
	const struct kho_segment_header *hdr = (const void *)buf;
	size_t used;
	int err;

	if (*size < sizeof(hdr->magic) || hdr->magic != KHO_SEGMENT_MAGIC)
		return 0;
	/* The next kernel's in/segment holds the used bytes only */
	err = kho_segment_check_header(hdr, hdr->size > *size ? hdr->size : *size,
				       &used);
	if (!err && used > *size) {
		printf("kho-fdt: %s: segment: %zu bytes used, the file has %zu\n",
		       name, used, *size);
		return -1;
	}
	if (!err)
		err = kho_segment_check_sum(buf);
	if (err) {
		printf("kho-fdt: %s: segment: %s\n", name,
		       err == -EBADMSG ? "the xxh64 of the used bytes does not match its header" :
					 "its header's sizes are impossible");
		return -1;
	}
	printf("%s: segment of %llu bytes, %zu used, xxh64 0x%016llx matches\n",
	       name, (unsigned long long)hdr->size, used,
	       (unsigned long long)hdr->xxh64);
	*size = used - KHO_SEGMENT_HEADER_SIZE;
	return KHO_SEGMENT_HEADER_SIZE;
}

int main(int argc, char **argv)
{
	struct options o = { };
	struct kho_check c = { };
	bool check;
	size_t size;
	char *fdt;
	long off;
	int i, ret;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(help, stdout);
			return 0;
		}
	if (argc < 2)
		usage("no command: dump or check");
	check = !strcmp(argv[1], "check");
	if (!check && strcmp(argv[1], "dump"))
		usage("%s: no such command (dump, check)", argv[1]);
	parse_args(&o, check, argc - 2, argv + 2);
	fdt = read_file(o.file, &size);

	off = segment_fdt(o.file, fdt, &size);
	if (off < 0) {
		free(fdt);
		return 1;
	}
	c.name = o.file;
	c.ram = o.has_ram ? &o.ram : NULL;
	c.scratch = o.has_scratch ? &o.scratch : NULL;
	c.map = o.has_map ? &o.map : NULL;
	if (check) {
		c.out = stdout;
		ret = kho_check_fdt(&c, fdt + off, size) ? 1 : 0;
		if (!ret)
			print_ok(&o, &c);
	} else {
		c.out = stderr;
		ret = kho_dump(&c, stdout, fdt + off, size) ? 1 : 0;
	}
	free(fdt);
	kho_ranges_free(&o.ram);
	kho_ranges_free(&o.scratch);
	kho_map_free(&o.map);
	return ret;
}
