// SPDX-License-Identifier: GPL-2.0
/*
 * kcma-pin: fills memory with its own pages and has CONFIG_KEXEC_CMA_PIN_TEST
 * pin those of them that lie in CMA, one per STRIDE bytes of physical
 * memory. The pins outlive it: the pages stay where they are, unmovable,
 * until "clear" is written to the knob.
 *
 * Usage: kcma-pin BYTES STRIDE
 *
 * BYTES and STRIDE are in bytes (a suffix K, M or G multiplies). Prints
 * how many pages are pinned in all; exits 1 on an error, 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define KNOB	"/sys/kernel/debug/kexec_cma_pin_test/pin"

static unsigned long parse_size(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	switch (*end) {
	case 'G':
		v <<= 10;
		/* fall through */
	case 'M':
		v <<= 10;
		/* fall through */
	case 'K':
		v <<= 10;
		end++;
	}
	return *end || !v ? 0 : v;
}

static int count_pinned(void)
{
	FILE *f = fopen(KNOB, "r");
	int c, n = 0;

	if (!f)
		return -1;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	unsigned long bytes, stride, page = sysconf(_SC_PAGESIZE);
	char cmd[64];
	char *buf;
	int fd, len;

	if (argc != 3 || !(bytes = parse_size(argv[1])) ||
	    !(stride = parse_size(argv[2]))) {
		fprintf(stderr, "usage: kcma-pin BYTES STRIDE\n");
		return 2;
	}
	bytes &= ~(page - 1);
	buf = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		perror("kcma-pin: mmap");
		return 1;
	}
	memset(buf, 0x5a, bytes);

	fd = open(KNOB, O_WRONLY);
	if (fd < 0) {
		perror("kcma-pin: " KNOB);
		return 1;
	}
	len = snprintf(cmd, sizeof(cmd), "%lx %lx %lx", (unsigned long)buf,
		       bytes, stride);
	if (write(fd, cmd, len) != len) {
		fprintf(stderr, "kcma-pin: writing '%s' to %s: %s\n", cmd, KNOB,
			strerror(errno));
		return 1;
	}
	close(fd);
	printf("kcma-pin: %d pages pinned in CMA\n", count_pinned());
	return 0;
}
