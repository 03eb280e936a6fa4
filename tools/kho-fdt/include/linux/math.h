/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's linux/math.h */
#ifndef _KHO_SHIM_LINUX_MATH_H
#define _KHO_SHIM_LINUX_MATH_H

#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))

#endif
