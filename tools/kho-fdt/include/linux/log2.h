/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/log2.h */
#ifndef _KHO_SHIM_LINUX_LOG2_H
#define _KHO_SHIM_LINUX_LOG2_H

/*
 * log2 of a constant, rounded down; -1 for 0. Both gcc and clang fold the
 * builtin, so it may size an array or set an enum constant, as in the
 * kernel.
 */
#define const_ilog2(n)	\
	((n) ? 63 - __builtin_clzll((unsigned long long)(n)) : -1)

#endif
