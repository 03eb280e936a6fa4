// SPDX-License-Identifier: GPL-2.0
/*
 * kexec-file-fuzz: calls kexec_file_load() with random arguments, seeded
 * and reproducible from the seed.
 *
 * Usage: kexec-file-fuzz [--seed S] [--calls N] [--verbose] KERNEL INITRD
 *
 * Each call draws its kernel and initrd descriptors (the real files,
 * copies of KERNEL cut at a random point, files of random content and
 * size, an empty file, a directory, a file open for writing, a closed
 * descriptor, -1), its flag bits (the defined ones, now and then an
 * undefined one), and its command line (random length up to twice the
 * limit, random bytes, with or without the final NUL, or a bad pointer).
 * Unloads and crash loads are interleaved.
 *
 * Checked on every call: the errno is one Documentation/admin-guide/
 * kexec-cma.rst lists for kexec_file_load(); a call that must succeed
 * (the real kernel, a regular initrd, a terminated command line within
 * the limit, defined flags) does. At the end, after unloading both
 * images: every CMA page is back. The runner checks the kernel log for
 * oopses and warnings. Exits 0 when nothing was found; every finding is
 * printed with the call number and arguments, so "--seed S --calls N"
 * replays it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kcma-guest.h"

#define KEXEC_FILE_UNLOAD	0x01
#define KEXEC_FILE_ON_CRASH	0x02
#define KEXEC_FILE_NO_INITRAMFS	0x04
#define KEXEC_FILE_DEBUG	0x08
#define KEXEC_FILE_NO_CMA	0x10
#define KEXEC_FILE_DEFINED	0x1f

/* x86 COMMAND_LINE_SIZE */
#define CMDLINE_MAX		2048
#define WORK			"/tmp/kexec-file-fuzz"

/* The errnos kexec-cma.rst "Failures and errors" lists */
static const int documented[] = {
	EPERM, EINVAL, EBADF, EFAULT, ENOEXEC, ETXTBSY, EFBIG, ENOMEM,
	EADDRNOTAVAIL, EBUSY,
};

enum fd_kind { FD_REAL, FD_TRUNCATED, FD_RANDOM, FD_EMPTY, FD_DIR,
	       FD_WRITER, FD_CLOSED, FD_MINUS_ONE, FD_KINDS };

static const char * const fd_kind_names[] = {
	"real", "truncated", "random", "empty", "dir", "writer", "closed", "-1",
};

static const char *kernel_path, *initrd_path;
static uint64_t rng_state;
static int verbose, problems;
static char *kernel_data;
static size_t kernel_size;

static uint64_t rnd(void)
{
	/* xorshift64*: the same sequence from a seed on every libc */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static void write_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		printf("Bail out! cannot write %s: %s\n", path, strerror(errno));
		exit(2);
	}
	close(fd);
}

/* A file of random bytes, or of the kernel's first bytes, of random size */
static void make_file(const char *path, enum fd_kind kind)
{
	size_t size, i;
	char *buf;

	if (kind == FD_TRUNCATED) {
		write_file(path, kernel_data, below(kernel_size));
		return;
	}
	size = below(4) ? below(65536) : below(2 << 20);
	buf = malloc(size + 1);
	if (!buf)
		exit(2);
	for (i = 0; i < size; i++)
		buf[i] = rnd();
	/* Now and then a kernel's header on random content */
	if (size > 1024 && !below(4))
		memcpy(buf, kernel_data, 1024);
	write_file(path, buf, size);
	free(buf);
}

static int open_kind(enum fd_kind kind, const char *real, const char *name)
{
	char path[64];

	switch (kind) {
	case FD_REAL:
		return open(real, O_RDONLY);
	case FD_TRUNCATED:
	case FD_RANDOM:
		snprintf(path, sizeof(path), WORK "/%s", name);
		make_file(path, kind);
		return open(path, O_RDONLY);
	case FD_EMPTY:
		return open(WORK "/empty", O_RDONLY);
	case FD_DIR:
		return open(WORK, O_RDONLY | O_DIRECTORY);
	case FD_WRITER:
		snprintf(path, sizeof(path), WORK "/%s", name);
		make_file(path, FD_RANDOM);
		return open(path, O_RDWR);
	case FD_CLOSED:
		/* Not a number the next open could reuse */
		return 1000;
	default:
		return -1;
	}
}

static enum fd_kind pick_kind(void)
{
	/* The real file half of the time, so that loads get far */
	return below(2) ? FD_REAL : (enum fd_kind)below(FD_KINDS);
}

static int is_documented(int err)
{
	size_t i;

	for (i = 0; i < sizeof(documented) / sizeof(documented[0]); i++)
		if (documented[i] == err)
			return 1;
	return 0;
}

/*
 * A command line: random length and bytes; returns what the call passes,
 * and in *well_formed whether the kernel must accept it
 */
static const char *make_cmdline(char *buf, unsigned long *len, int *well_formed)
{
	unsigned long i, n = below(4) ? below(256) : below(2 * CMDLINE_MAX);

	for (i = 0; i < n; i++)
		buf[i] = below(8) ? ' ' + below(95) : 1 + below(255);
	*well_formed = 1;
	for (i = 0; i < n; i++)
		if (!buf[i])
			*well_formed = 0;
	buf[n] = '\0';
	*len = n + 1;
	switch (below(16)) {
	case 0:		/* no final NUL */
		*len = n;
		*well_formed = 0;
		break;
	case 1:
		*well_formed = 0;
		return NULL;
	case 2:
		*well_formed = 0;
		return (const char *)8;
	case 3:
		*len = 0;
		break;
	}
	/* A crash load appends elfcorehdr=: what is sure to fit */
	if (*len > CMDLINE_MAX / 2)
		*well_formed = 0;
	return buf;
}

static void usage(void)
{
	fprintf(stderr, "usage: kexec-file-fuzz [--seed S] [--calls N] [--verbose] KERNEL INITRD\n");
	exit(2);
}

static void load_kernel(void)
{
	struct stat st;
	int fd = open(kernel_path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st)) {
		printf("Bail out! cannot open %s: %s\n", kernel_path, strerror(errno));
		exit(2);
	}
	kernel_size = st.st_size;
	kernel_data = mmap(NULL, kernel_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (kernel_data == MAP_FAILED)
		exit(2);
	close(fd);
}

int main(int argc, char **argv)
{
	unsigned long seed = 1, calls = 1000, n, loaded = 0, crash_loaded = 0;
	unsigned long by_errno[256] = { 0 };
	static char cmdline[2 * CMDLINE_MAX + 1];
	long used0;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--calls") && i + 1 < argc)
			calls = strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--verbose"))
			verbose = 1;
		else
			usage();
	}
	if (argc - i != 2)
		usage();
	kernel_path = argv[i];
	initrd_path = argv[i + 1];
	setvbuf(stdout, NULL, _IOLBF, 0);
	rng_state = seed * 2654435761u + 1;
	load_kernel();
	mkdir(WORK, 0700);
	write_file(WORK "/empty", "", 0);

	syscall(SYS_kexec_file_load, -1, -1, 0, NULL, KEXEC_FILE_UNLOAD);
	syscall(SYS_kexec_file_load, -1, -1, 0, NULL,
		KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH);
	used0 = cma_used();
	printf("# kexec-file-fuzz --seed %lu --calls %lu: CMA pages in use %ld\n",
	       seed, calls, used0);

	for (n = 1; n <= calls; n++) {
		enum fd_kind kkind = pick_kind(), ikind = pick_kind();
		unsigned long flags = rnd() & KEXEC_FILE_DEFINED, len;
		int kfd, ifd, well_formed, err = 0, must_load;
		const char *ptr;

		/* Unloads: an eighth of the calls */
		if (!below(8))
			flags |= KEXEC_FILE_UNLOAD;
		else
			flags &= ~KEXEC_FILE_UNLOAD;
		if (!below(32))
			flags |= 1ul << (5 + below(59));
		kfd = open_kind(kkind, kernel_path, "kernel");
		ifd = open_kind(ikind, initrd_path, "initrd");
		ptr = make_cmdline(cmdline, &len, &well_formed);

		if (syscall(SYS_kexec_file_load, kfd, ifd, len, ptr, flags))
			err = errno;
		if (kfd >= 0)
			close(kfd);
		if (ifd >= 0)
			close(ifd);

		must_load = !(flags & ~KEXEC_FILE_DEFINED) &&
			    !(flags & KEXEC_FILE_UNLOAD) && kkind == FD_REAL &&
			    (ikind == FD_REAL || (flags & KEXEC_FILE_NO_INITRAMFS)) &&
			    well_formed;
		by_errno[err < 256 ? err : 0]++;
		if (verbose)
			printf("# call %lu: kernel %s initrd %s flags 0x%lx cmdline %lu%s: %s\n",
			       n, fd_kind_names[kkind], fd_kind_names[ikind], flags, len,
			       well_formed ? "" : " (bad)", err ? strerrorname_np(err) : "0");
		if ((err && !is_documented(err)) || (must_load && err)) {
			printf("# call %lu: kernel %s initrd %s flags 0x%lx cmdline %lu%s: %s%s\n",
			       n, fd_kind_names[kkind], fd_kind_names[ikind], flags, len,
			       well_formed ? "" : " (bad)", strerrorname_np(err),
			       must_load ? ", but this load must succeed" :
			       ", not a documented errno");
			problems++;
		}
		if (!err && !(flags & KEXEC_FILE_UNLOAD))
			(flags & KEXEC_FILE_ON_CRASH) ? crash_loaded++ : loaded++;
	}

	syscall(SYS_kexec_file_load, -1, -1, 0, NULL, KEXEC_FILE_UNLOAD);
	syscall(SYS_kexec_file_load, -1, -1, 0, NULL,
		KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH);
	printf("# %lu calls: %lu loads, %lu crash loads succeeded; errnos:", calls,
	       loaded, crash_loaded);
	for (i = 0; i < 256; i++)
		if (by_errno[i])
			printf(" %s %lu", i ? strerrorname_np(i) : "success", by_errno[i]);
	printf("\n");
	if (cma_used() != used0) {
		printf("# after unloading both images: %ld CMA pages in use, %ld before\n",
		       cma_used(), used0);
		problems++;
	}
	printf("# %d problems\n", problems);
	return problems ? 1 : 0;
}
