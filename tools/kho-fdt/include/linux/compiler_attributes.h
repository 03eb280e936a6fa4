/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for the kernel's linux/compiler_attributes.h: the
 * attributes kho-fdt and the other stand-ins use
 */
#ifndef _KHO_SHIM_LINUX_COMPILER_ATTRIBUTES_H
#define _KHO_SHIM_LINUX_COMPILER_ATTRIBUTES_H

#define __noreturn		__attribute__((__noreturn__))
#define __packed		__attribute__((__packed__))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))

#endif
