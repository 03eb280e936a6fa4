// SPDX-License-Identifier: GPL-2.0
/*
 * kexec-fault-sweep: fail every fault point of one kexec_file_load() in
 * turn, through /proc/thread-self/fail-nth, and check what each failure
 * leaves behind.
 *
 * Usage: kexec-fault-sweep [--no-cma] [--peer] [--stride N] [--verbose]
 *                          KERNEL INITRD
 *
 * A baseline image is loaded first. Then, for n = 1, 1 + N, 1 + 2N, ...,
 * the n-th fault point of a load of KERNEL and INITRD fails: a slab or
 * page allocation (failslab, fail_page_alloc) or the CMA placement of a
 * segment (fail_kexec_cma). The sweep ends with the first load that has
 * fewer than n fault points. After every attempt:
 *
 *  - a failed load returned ENOMEM, and the baseline image is still
 *    loaded, listed exactly as before, with the same CMA pages in use;
 *  - a load that succeeded although a fault was injected lists every
 *    segment in CMA or, where the placement was failed, in the page-list
 *    copy with the reason "injected" (with --no-cma: every segment copied
 *    for the reason "flag").
 *
 * --peer sweeps a kernel that has no listing of ours (upstream 7.1.8):
 * every failed load must return ENOMEM and leave the baseline image
 * loaded (/sys/kernel/kexec_loaded) with the same CMA pages in use; a
 * load that absorbed its fault is not checked further.
 *
 * The failed loads are counted by errno, so a run on a kernel that
 * turns some allocation failure into another errno names it.
 *
 * The knobs of failslab and fail_page_alloc must let GFP_KERNEL and
 * order-0 allocations fail (ignore-gfp-wait N, min-order 0); the runner
 * sets them. Prints one line per finding and a summary; exits 0 when
 * every attempt left the system as it should.
 *
 * A fault point's number is not stable from one load to the next (a slab
 * refill adds a page allocation here and there), so the sweep may fail
 * one CMA placement twice and miss another: the per-segment counts it
 * prints are what it reached. fail_kexec_cma's space knob aims at each
 * segment deterministically.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kcma-guest.h"

#define KEXEC_FILE_UNLOAD	0x01
#define KEXEC_FILE_NO_CMA	0x10

#define SEGMENTS	"/sys/kernel/debug/kexec/segments"
#define KEXEC_LOADED	"/sys/kernel/kexec_loaded"
#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define MAX_SEGMENTS	16
#define LISTING_SIZE	8192

static const char *kernel_path, *initrd_path;
static unsigned long load_flags;
static int problems, verbose, peer;

static void problem(unsigned long n, const char *fmt, const char *detail)
{
	printf("# fault %lu: ", n);
	printf(fmt, detail);
	printf("\n");
	problems++;
}

static int load(const char *cmdline, int fail_nth, int *injected)
{
	int kfd = open(kernel_path, O_RDONLY), ifd = open(initrd_path, O_RDONLY);
	int nth = fail_nth ? open(FAIL_NTH, O_RDWR) : -1;
	char buf[32];
	int err = 0;
	ssize_t len;

	if (kfd < 0 || ifd < 0 || (fail_nth && nth < 0)) {
		printf("Bail out! cannot open %s, %s or %s: %s\n", kernel_path,
		       initrd_path, FAIL_NTH, strerror(errno));
		exit(2);
	}
	if (fail_nth) {
		len = snprintf(buf, sizeof(buf), "%d", fail_nth);
		if (write(nth, buf, len) != len) {
			printf("Bail out! cannot write %s: %s\n", FAIL_NTH,
			       strerror(errno));
			exit(2);
		}
	}
	if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(cmdline) + 1,
		    cmdline, load_flags))
		err = errno;
	if (fail_nth) {
		/* 0 when the fault was injected, else the calls still to go */
		len = pread(nth, buf, sizeof(buf) - 1, 0);
		buf[len > 0 ? len : 0] = '\0';
		*injected = atoi(buf) == 0;
		if (write(nth, "0", 1) != 1)
			exit(2);
		close(nth);
	}
	close(kfd);
	close(ifd);
	return err;
}

/*
 * Checks the default image's rows: returns the number of segments, and
 * sets bit i of *injected_mask for each segment copied for "injected".
 */
static int check_listing(unsigned long n, unsigned int *injected_mask)
{
	char listing[LISTING_SIZE], *line, *save;
	int in_default = 0, nr = 0;

	read_file(SEGMENTS, listing, sizeof(listing));
	*injected_mask = 0;
	for (line = strtok_r(listing, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char kind[16], placement[16], reason[16];
		unsigned int idx;

		if (!strncmp(line, "image: ", 7))
			in_default = !strcmp(line + 7, "default");
		if (!in_default ||
		    sscanf(line, "%u %15s %*s %*s %*s %15s %15s", &idx, kind,
			   placement, reason) != 4)
			continue;
		nr++;
		if (load_flags & KEXEC_FILE_NO_CMA) {
			if (strcmp(placement, "copy") || strcmp(reason, "flag"))
				problem(n, "--no-cma load lists %s", line);
		} else if (!strcmp(placement, "copy") &&
			   !strcmp(reason, "injected") && idx < MAX_SEGMENTS) {
			*injected_mask |= 1u << idx;
		} else if (strcmp(placement, "cma") || strcmp(reason, "cma")) {
			problem(n, "unexpected placement: %s", line);
		}
	}
	return nr;
}

/* What stays loaded: our listing, or only the loaded flag on a peer */
static void read_loaded(char *buf, size_t size)
{
	read_file(peer ? KEXEC_LOADED : SEGMENTS, buf, size);
}

/* Failed loads by errno, printed at the end */
#define ERRNO_MAX	256
static unsigned long errno_count[ERRNO_MAX];

static void print_errno_counts(void)
{
	int err;

	printf("# failed loads by errno:");
	for (err = 1; err < ERRNO_MAX; err++)
		if (errno_count[err])
			printf(" %s %lu", strerrorname_np(err), errno_count[err]);
	printf("\n");
}

static void usage(void)
{
	fprintf(stderr, "usage: kexec-fault-sweep [--no-cma] [--peer] [--stride N] [--verbose] KERNEL INITRD\n");
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long n, stride = 1, attempts = 0, failed = 0, tolerated = 0;
	unsigned long injected_at[MAX_SEGMENTS] = { 0 };
	char baseline[LISTING_SIZE], after[LISTING_SIZE], cmdline[64];
	long used_empty, used_baseline;
	int i, nr_segments = 0;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--no-cma"))
			load_flags |= KEXEC_FILE_NO_CMA;
		else if (!strcmp(argv[i], "--peer"))
			peer = 1;
		else if (!strcmp(argv[i], "--verbose"))
			verbose = 1;
		else if (!strcmp(argv[i], "--stride") && i + 1 < argc)
			stride = strtoul(argv[++i], NULL, 0);
		else
			usage();
	}
	if (argc - i != 2 || !stride)
		usage();
	kernel_path = argv[i];
	initrd_path = argv[i + 1];
	setvbuf(stdout, NULL, _IOLBF, 0);

	syscall(SYS_kexec_file_load, -1, -1, 0, NULL, KEXEC_FILE_UNLOAD);
	used_empty = cma_used();
	if (load("console=ttyS0 fault-sweep=baseline", 0, NULL)) {
		printf("Bail out! the baseline load failed: %s\n", strerror(errno));
		return 2;
	}
	read_loaded(baseline, sizeof(baseline));
	used_baseline = cma_used();

	for (n = 1; ; n += stride) {
		unsigned int mask;
		int injected, err;

		snprintf(cmdline, sizeof(cmdline), "console=ttyS0 fault-sweep=%lu", n);
		err = load(cmdline, n, &injected);
		attempts++;
		if (verbose)
			printf("# fault %lu: %s%s\n", n, err ? strerrorname_np(err) : "loaded",
			       injected ? "" : ", not injected");
		if (!err && !injected) {
			if (!peer)
				nr_segments = check_listing(n, &mask);
			break;
		}
		if (err) {
			failed++;
			if (err < ERRNO_MAX)
				errno_count[err]++;
			if (err != ENOMEM)
				problem(n, "load failed with %s, expected ENOMEM",
					strerrorname_np(err));
			if (!injected)
				problem(n, "load failed with %s but no fault was injected",
					strerrorname_np(err));
			read_loaded(after, sizeof(after));
			if (strcmp(after, baseline))
				problem(n, "the failed load changed the loaded image:\n%s", after);
			if (cma_used() != used_baseline)
				problem(n, "%s", "the failed load changed the CMA pages in use");
			continue;
		}

		/* The fault was absorbed: a CMA placement, or an allocation with a fallback */
		mask = 0;
		if (!peer)
			check_listing(n, &mask);
		if (verbose)
			printf("# fault %lu: segments copied for 'injected': 0x%x\n", n, mask);
		if (!mask)
			tolerated++;
		for (i = 0; i < MAX_SEGMENTS; i++)
			if (mask & (1u << i))
				injected_at[i]++;
		if (load("console=ttyS0 fault-sweep=baseline", 0, NULL)) {
			printf("Bail out! reloading the baseline failed: %s\n", strerror(errno));
			return 2;
		}
		read_loaded(baseline, sizeof(baseline));
		used_baseline = cma_used();
	}

	syscall(SYS_kexec_file_load, -1, -1, 0, NULL, KEXEC_FILE_UNLOAD);
	if (cma_used() != used_empty) {
		printf("# after the sweep and an unload: %ld CMA pages in use, %ld before\n",
		       cma_used(), used_empty);
		problems++;
	}

	if (stride == 1)
		printf("# %lu fault points in a load, every one failed once\n", n - 1);
	else
		printf("# %lu to %lu fault points in a load, every %luth failed once\n",
		       n > stride ? n - stride : 0, n - 1, stride);
	printf("# %lu attempts: %lu loads failed cleanly, %lu absorbed an allocation failure\n",
	       attempts - 1, failed, tolerated);
	print_errno_counts();
	if (!peer) {
		printf("# CMA placement failed and copied:");
		for (i = 0; i < nr_segments && i < MAX_SEGMENTS; i++)
			printf(" segment %d: %lu", i, injected_at[i]);
		printf("\n");
	}
	printf("# %d problems\n", problems);
	return problems ? 1 : 0;
}
