// SPDX-License-Identifier: GPL-2.0
/*
 * kcma-kho-folios SUBTREE: the bytes of every folio a "kho_test" subtree
 * lists, in the list's order, read from /dev/mem, on standard output;
 * "N folios, B bytes" on standard error. SUBTREE is the FDT of upstream
 * Linux 7.1's lib/test_kho.c (or of our test user writing its format), as
 * KHO's debugfs shows it: kho/out/sub_fdts/kho_test in the kernel that
 * preserves, kho/in/sub_fdts/kho_test in the next one.
 *
 * Upstream's test user checks the folios only against a 32-bit
 * csum_partial() and frees them as it does; the scenarios pipe this into
 * sha256sum on both sides of the handover to compare every byte. It needs
 * /dev/mem without CONFIG_STRICT_DEVMEM, and in the next kernel the
 * folios still preserved: nobody has restored and freed them.
 *
 * guest-ldlibs: -lfdt
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAGE_SIZE	4096UL
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define MAX_ORDER	18		/* 1 GiB folios, far above any here */
#define CHUNK_ENTRIES	(PAGE_SIZE / sizeof(uint64_t) - 1)

/* upstream 7.1: include/linux/kho/abi/kexec_handover.h, lib/test_kho.c */
struct kho_vmalloc {
	uint64_t first;
	uint32_t total_pages;
	uint16_t flags;
	uint16_t order;
};

struct kho_vmalloc_chunk {
	uint64_t next;
	uint64_t phys[CHUNK_ENTRIES];
};

static int mem_fd;

static void __attribute__((format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fputs("kcma-kho-folios: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void read_phys(uint64_t phys, void *buf, size_t len)
{
	if (pread(mem_fd, buf, len, (off_t)phys) != (ssize_t)len)
		die("cannot read /dev/mem at 0x%" PRIx64, phys);
}

static void *read_subtree(const char *path)
{
	size_t size = 0, room = 0;
	char *buf = NULL;
	ssize_t got;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		die("cannot open %s", path);
	do {
		if (size == room) {
			room = room ? 2 * room : 65536;
			buf = realloc(buf, room);
			if (!buf)
				die("out of memory");
		}
		got = read(fd, buf + size, room - size);
		if (got < 0)
			die("cannot read %s", path);
		size += got;
	} while (got > 0);
	close(fd);
	if (size < sizeof(struct fdt_header) || fdt_check_full(buf, size))
		die("%s is not a well-formed FDT", path);
	return buf;
}

/* The physical pages of the preserved vmalloc area @info describes */
static uint64_t *area_pages(const struct kho_vmalloc *info)
{
	struct kho_vmalloc_chunk chunk;
	uint64_t *pages, next = info->first, block;
	uint32_t n = 0, i, k;

	if (info->order > MAX_ORDER || !info->total_pages)
		die("folios_info: implausible area");
	pages = calloc(info->total_pages, sizeof(*pages));
	if (!pages)
		die("out of memory");
	while (next && n < info->total_pages) {
		read_phys(next, &chunk, sizeof(chunk));
		/* an empty chunk would let a looping list spin forever */
		if (!chunk.phys[0])
			die("folios_info: an empty chunk");
		for (i = 0; i < CHUNK_ENTRIES && chunk.phys[i]; i++) {
			block = chunk.phys[i];
			for (k = 0; k < 1U << info->order; k++) {
				if (n == info->total_pages)
					die("folios_info: more pages than total_pages");
				pages[n++] = block + k * PAGE_SIZE;
			}
		}
		next = chunk.next;
	}
	if (n != info->total_pages)
		die("folios_info: fewer pages than total_pages");
	return pages;
}

int main(int argc, char **argv)
{
	const struct kho_vmalloc *info;
	const uint32_t *nr_folios;
	uint64_t *pages, *list, bytes = 0;
	static char folio[PAGE_SIZE << 10];
	uint32_t i, order;
	void *fdt;
	int node, len;
	size_t size, off, piece;

	if (argc != 2) {
		fprintf(stderr, "usage: kcma-kho-folios SUBTREE > BYTES\n");
		return 2;
	}
	fdt = read_subtree(argv[1]);
	if (fdt_node_check_compatible(fdt, 0, "kho-test-v1"))
		die("%s is not a kho-test-v1 subtree", argv[1]);
	node = fdt_subnode_offset(fdt, 0, "data");
	nr_folios = node < 0 ? NULL : fdt_getprop(fdt, node, "nr_folios", &len);
	if (!nr_folios || len != sizeof(*nr_folios))
		die("%s: no data/nr_folios", argv[1]);
	info = fdt_getprop(fdt, node, "folios_info", &len);
	if (!info || len != sizeof(*info))
		die("%s: no data/folios_info", argv[1]);
	if ((uint64_t)*nr_folios * sizeof(*list) >
	    (uint64_t)info->total_pages * PAGE_SIZE)
		die("%s: nr_folios beyond the list", argv[1]);

	mem_fd = open("/dev/mem", O_RDONLY);
	if (mem_fd < 0)
		die("cannot open /dev/mem: %s", strerror(errno));
	pages = area_pages(info);
	list = malloc((size_t)info->total_pages * PAGE_SIZE);
	if (!list)
		die("out of memory");
	for (i = 0; i < info->total_pages; i++)
		read_phys(pages[i], (char *)list + i * PAGE_SIZE, PAGE_SIZE);

	for (i = 0; i < *nr_folios; i++) {
		order = list[i] & ~PAGE_MASK;
		if (order > MAX_ORDER)
			die("%s: a folio of implausible order", argv[1]);
		size = PAGE_SIZE << order;
		/* in pieces: a folio may be larger than the buffer */
		for (off = 0; off < size; off += piece) {
			piece = size - off < sizeof(folio) ? size - off : sizeof(folio);
			read_phys((list[i] & PAGE_MASK) + off, folio, piece);
			if (fwrite(folio, 1, piece, stdout) != piece)
				die("cannot write standard output");
		}
		bytes += size;
	}
	if (fflush(stdout))
		die("cannot write standard output");
	fprintf(stderr, "kcma-kho-folios: %" PRIu32 " folios, %" PRIu64 " bytes\n",
		*nr_folios, bytes);
	return 0;
}
