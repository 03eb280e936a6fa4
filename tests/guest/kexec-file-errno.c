// SPDX-License-Identifier: GPL-2.0
/*
 * kexec-file-errno: calls kexec_file_load() directly with bad input and
 * checks the errno and that nothing was left behind: no image loaded, no
 * CMA page still allocated.
 *
 * Usage: kexec-file-errno KERNEL INITRD
 *
 * Prints KTAP; exits 0 when every case passed. The crash case needs a
 * crashkernel= reservation and is skipped without one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEXEC_FILE_UNLOAD	0x01
#define KEXEC_FILE_ON_CRASH	0x02
#define KEXEC_FILE_NO_CMA	0x10

#define CMA_USED	"/sys/kernel/debug/cma/reserved/used"

static const char *kernel_path, *initrd_path;
static const char cmdline[] = "console=ttyS0";
static int failed;

static long kexec_file_load(int kernel_fd, int initrd_fd, unsigned long flags)
{
	return syscall(SYS_kexec_file_load, kernel_fd, initrd_fd,
		       sizeof(cmdline), cmdline, flags);
}

static long read_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long val = -1;

	if (!f)
		return -1;
	if (fscanf(f, "%ld", &val) != 1)
		val = -1;
	fclose(f);
	return val;
}

static int open_or_die(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		printf("Bail out! cannot open %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

/* One load attempt; returns 0 or the errno */
static int load(const char *kernel, unsigned long flags)
{
	int kfd = open_or_die(kernel), ifd = open_or_die(initrd_path);
	int err = kexec_file_load(kfd, ifd, flags) ? errno : 0;

	close(kfd);
	close(ifd);
	return err;
}

static void report(int n, const char *name, int ok, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void report(int n, const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	if (!ok) {
		printf("# %s: ", name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
		failed++;
	}
	printf("%s %d %s\n", ok ? "ok" : "not ok", n, name);
}

/* Expects @want from a load with @flags, and the loaded state and CMA after */
static void expect_load(int n, const char *name, const char *kernel,
			unsigned long flags, int want, int loaded_after)
{
	long used = read_long(CMA_USED), used_after;
	int err = load(kernel, flags), loaded;

	loaded = read_long(flags & KEXEC_FILE_ON_CRASH ?
			   "/sys/kernel/kexec_crash_loaded" :
			   "/sys/kernel/kexec_loaded");
	used_after = read_long(CMA_USED);
	if (err != want)
		report(n, name, 0, "flags 0x%lx: errno %d (%s), expected %d (%s)",
		       flags, err, strerror(err), want, strerror(want));
	else if (loaded != loaded_after)
		report(n, name, 0, "flags 0x%lx: loaded %d, expected %d", flags,
		       loaded, loaded_after);
	else if (!loaded_after && used_after != used)
		report(n, name, 0, "CMA pages in use %ld before, %ld after",
		       used, used_after);
	else
		report(n, name, 1, NULL);
}

/* A load racing another must see -EBUSY, never a half-loaded image */
static void race(int n)
{
	int i, busy = 0, other = 0;

	for (i = 0; i < 20 && !busy; i++) {
		pid_t child = fork();
		int err, status;

		if (child == 0)
			_exit(load(kernel_path, 0));
		err = load(kernel_path, 0);
		waitpid(child, &status, 0);
		if (err == EBUSY || WEXITSTATUS(status) == EBUSY)
			busy++;
		else if (err || WEXITSTATUS(status))
			other = err ? err : WEXITSTATUS(status);
	}
	load(kernel_path, KEXEC_FILE_UNLOAD);
	if (other)
		report(n, "racing_load_ebusy", 0, "errno %d (%s), expected EBUSY",
		       other, strerror(other));
	else if (!busy)
		printf("ok %d racing_load_ebusy # SKIP the loads never overlapped in 20 tries\n",
		       n);
	else
		report(n, "racing_load_ebusy",
		       read_long("/sys/kernel/kexec_loaded") == 0,
		       "image still loaded after unload");
}

int main(int argc, char **argv)
{
	int crash = read_long("/sys/kernel/kexec_crash_size") > 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s KERNEL INITRD\n", argv[0]);
		return 2;
	}
	kernel_path = argv[1];
	initrd_path = argv[2];
	if (read_long(CMA_USED) < 0) {
		printf("Bail out! %s not readable (CMA debugfs?)\n", CMA_USED);
		return 1;
	}

	printf("KTAP version 1\n1..7\n");
	expect_load(1, "unknown_flag_einval", kernel_path, 0x20, EINVAL, 0);
	expect_load(2, "high_flag_einval", kernel_path, 0x80000000ul, EINVAL, 0);
	expect_load(3, "non_kernel_enoexec", initrd_path, 0, ENOEXEC, 0);
	expect_load(4, "no_cma_load", kernel_path, KEXEC_FILE_NO_CMA, 0, 1);
	expect_load(5, "no_cma_unload", kernel_path,
		    KEXEC_FILE_UNLOAD | KEXEC_FILE_NO_CMA, 0, 0);
	if (crash) {
		expect_load(6, "no_cma_on_crash", kernel_path,
			    KEXEC_FILE_ON_CRASH | KEXEC_FILE_NO_CMA, 0, 1);
		load(kernel_path, KEXEC_FILE_ON_CRASH | KEXEC_FILE_UNLOAD);
	} else {
		printf("ok 6 no_cma_on_crash # SKIP no crashkernel= reservation\n");
	}
	race(7);
	return failed ? 1 : 0;
}
