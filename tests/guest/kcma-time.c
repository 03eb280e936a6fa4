// SPDX-License-Identifier: GPL-2.0
/*
 * kcma-time: runs a command and prints what it took, measured the same
 * way on any kernel (the benchmark compares kernels that do not share
 * perf or trace events): the CLOCK_MONOTONIC time from fork to exit, and
 * the CPU time the kernel charged the command (user + system, as
 * getrusage() reports it for the waited-for child).
 *
 * Usage: kcma-time COMMAND [ARGS...]
 *        kcma-time --tsc
 *
 * Prints "kcma-time wall_ns=N cpu_ns=N status=S" on stderr, after the
 * command's own output; exits with the command's status (127 if it
 * could not be run, 2 on bad usage). --tsc prints the time stamp
 * counter: kexec leaves it running, so the old kernel's userland and the
 * next one's take a pair that times the handover, on any kernel. On arm64
 * it prints the virtual count, CNTVCT_EL0, which the kernel lets user
 * space read and kexec leaves running as well; it counts at CNTFRQ_EL0.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __aarch64__
static unsigned long long counter(void)
{
	unsigned long long cnt;

	/* isb: not read ahead of what the program did before */
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r" (cnt) :: "memory");
	return cnt;
}
#else
#include <x86intrin.h>

static unsigned long long counter(void)
{
	return __rdtsc();
}
#endif

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static long long tv_ns(const struct timeval *t)
{
	return t->tv_sec * 1000000000LL + t->tv_usec * 1000LL;
}

int main(int argc, char **argv)
{
	struct timespec start, end;
	struct rusage usage;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: kcma-time COMMAND [ARGS...] | --tsc\n");
		return 2;
	}
	if (!strcmp(argv[1], "--tsc")) {
		printf("%llu\n", counter());
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	pid = fork();
	if (pid < 0) {
		perror("kcma-time: fork");
		return 127;
	}
	if (!pid) {
		execvp(argv[1], argv + 1);
		perror("kcma-time: exec");
		_exit(127);
	}
	if (wait4(pid, &status, 0, &usage) < 0) {
		perror("kcma-time: wait4");
		return 127;
	}
	clock_gettime(CLOCK_MONOTONIC, &end);
	status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	fprintf(stderr, "kcma-time wall_ns=%lld cpu_ns=%lld status=%d\n",
		ns(&end) - ns(&start),
		tv_ns(&usage.ru_utime) + tv_ns(&usage.ru_stime), status);
	return status;
}
