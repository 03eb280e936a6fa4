/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers the guest's C test programs share; each includes this file
 * once, so the helpers are static.
 */
#ifndef KCMA_GUEST_H
#define KCMA_GUEST_H

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* read_file PATH: its contents, NUL-terminated, or bail out */
static void read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t len = fd < 0 ? -1 : read(fd, buf, size - 1);

	if (len < 0) {
		printf("Bail out! cannot read %s: %s\n", path, strerror(errno));
		exit(2);
	}
	buf[len] = '\0';
	close(fd);
}

/* CMA pages in use, summed over every area's bitmap; -1 without debugfs */
static long cma_used(void)
{
	char buf[64];
	long used = 0;
	glob_t g;
	size_t i;

	if (glob("/sys/kernel/debug/cma/*/used", 0, NULL, &g))
		return -1;
	for (i = 0; i < g.gl_pathc; i++) {
		read_file(g.gl_pathv[i], buf, sizeof(buf));
		used += atol(buf);
	}
	globfree(&g);
	return used;
}

#endif
