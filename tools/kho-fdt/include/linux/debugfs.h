/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/debugfs.h: the one struct used */
#ifndef _KHO_SHIM_LINUX_DEBUGFS_H
#define _KHO_SHIM_LINUX_DEBUGFS_H

struct debugfs_blob_wrapper {
	void *data;
	unsigned long size;
};

#endif
