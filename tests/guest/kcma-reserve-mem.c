// SPDX-License-Identifier: GPL-2.0
/*
 * kcma-reserve-mem FDT NAME: "START SIZE" (hexadecimal) of the reserve_mem=
 * region NAME in FDT, the "memblock" subtree upstream Linux 7.1 hands over
 * for its reserve_mem= regions (include/linux/kho/abi/memblock.h:
 * compatible "memblock-v1", a "reserve-mem-v1" node per region with u64
 * "start" and "size" in the CPU's byte order), as KHO's debugfs shows it
 * in kho/out/sub_fdts/memblock. Exits 1 with a message when the FDT or the
 * node is not so.
 *
 * guest-ldlibs: -lfdt
 */
#include <fcntl.h>
#include <inttypes.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t u64_prop(const void *fdt, int node, const char *name)
{
	const void *p;
	uint64_t v;
	int len;

	p = fdt_getprop(fdt, node, name, &len);
	if (!p || len != sizeof(v)) {
		fprintf(stderr, "kcma-reserve-mem: no 8-byte '%s' property\n", name);
		exit(1);
	}
	memcpy(&v, p, sizeof(v));
	return v;
}

/* debugfs gives its blobs no size: read to the end */
static char *read_file(const char *path, size_t *size)
{
	size_t room = 1 << 16;
	char *buf = malloc(room);
	ssize_t got;
	int fd = open(path, O_RDONLY);

	*size = 0;
	if (fd < 0 || !buf)
		return NULL;
	while ((got = read(fd, buf + *size, room - *size)) > 0) {
		*size += got;
		if (*size == room && !(buf = realloc(buf, room *= 2)))
			return NULL;
	}
	close(fd);
	return got < 0 ? NULL : buf;
}

int main(int argc, char **argv)
{
	size_t size;
	char *fdt;
	int node;

	if (argc != 3) {
		fprintf(stderr, "usage: kcma-reserve-mem FDT NAME\n");
		return 2;
	}
	fdt = read_file(argv[1], &size);
	if (!fdt || size < sizeof(struct fdt_header) || fdt_check_full(fdt, size)) {
		fprintf(stderr, "kcma-reserve-mem: %s is not a well-formed FDT\n", argv[1]);
		return 1;
	}
	if (fdt_node_check_compatible(fdt, 0, "memblock-v1")) {
		fprintf(stderr, "kcma-reserve-mem: %s is not 'memblock-v1'\n", argv[1]);
		return 1;
	}
	node = fdt_subnode_offset(fdt, 0, argv[2]);
	if (node < 0 || fdt_node_check_compatible(fdt, node, "reserve-mem-v1")) {
		fprintf(stderr, "kcma-reserve-mem: no 'reserve-mem-v1' node '%s'\n", argv[2]);
		return 1;
	}
	printf("0x%" PRIx64 " 0x%" PRIx64 "\n", u64_prop(fdt, node, "start"),
	       u64_prop(fdt, node, "size"));
	return 0;
}
