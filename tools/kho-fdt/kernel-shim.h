/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel's files that kho-fdt compiles unchanged
 * (kernel/kexec_handover/kho_fdt.c, kho_internal.h, the kho-v3 ABI header
 * include/linux/kho/abi/kexec_handover.h, lib/xxhash.c) need in userspace
 * and the kernel tree's tools/include lacks. The Makefile includes it ahead
 * of every source (-include), as those files cannot include it themselves.
 */
#ifndef _KHO_FDT_KERNEL_SHIM_H
#define _KHO_FDT_KERNEL_SHIM_H

/*
 * kho_fdt.c includes the kernel's linux/libfdt.h, which takes the kernel's
 * environment, linux/libfdt_env.h, then scripts/dtc/libfdt/libfdt.h. The
 * two environments share their include guard: with dtc's userspace one,
 * scripts/dtc/libfdt/libfdt_env.h, included first, the kernel's is skipped
 * and libfdt builds as it does for dtc.
 */
#include <libfdt_env.h>

/*
 * lib/xxhash.c includes tools/include's linux/unaligned.h first, which
 * uses the types, __packed and the byte order helpers without including
 * them; and it uses EXPORT_SYMBOL() and the MODULE_ tags, which
 * tools/include's linux/module.h does not bring (tools/testing/shared
 * defines the tags alike)
 */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/export.h>
#define MODULE_LICENSE(license)
#define MODULE_DESCRIPTION(description)

/* The kernel's linux/string.h brings the errno values; tools/include's not */
#include <errno.h>

/*
 * The kernel's asm/page.h defines the page size only for the kernel
 * (__KERNEL__); tools/include's linux/mm.h needs a linux/mmzone.h that
 * tools/include lacks. x86's 4 KiB pages:
 */
#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)

/* tools/include's linux/log2.h has no const_ilog2(); its ilog2() folds too */
#define const_ilog2(n)	ilog2(n)

#endif /* _KHO_FDT_KERNEL_SHIM_H */
