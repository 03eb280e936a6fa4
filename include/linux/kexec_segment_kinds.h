/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a kexec_file segment holds, one line each, with the name the segment
 * listing, the kexec:kexec_cma_place trace event and
 * Documentation/admin-guide/kexec-cma.rst give it. The generic code
 * recognises the kernel, initrd, purgatory, IMA buffer and elfcorehdr; a
 * loader names the others in kexec_buf.kind.
 *
 * No include guard: included wherever KEXEC_SEGMENT_KIND(id, name) is
 * defined, once for each use of the table.
 */
KEXEC_SEGMENT_KIND(KEXEC_SEGMENT_OTHER,		"other")
KEXEC_SEGMENT_KIND(KEXEC_SEGMENT_KERNEL,	"kernel")
KEXEC_SEGMENT_KIND(KEXEC_SEGMENT_INITRD,	"initrd")
KEXEC_SEGMENT_KIND(KEXEC_SEGMENT_PURGATORY,	"purgatory")
KEXEC_SEGMENT_KIND(KEXEC_SEGMENT_IMA,		"ima")
KEXEC_SEGMENT_KIND(KEXEC_SEGMENT_ELFCOREHDR,	"elfcorehdr")
KEXEC_SEGMENT_KIND(KEXEC_SEGMENT_BOOTPARAMS,	"bootparams")
KEXEC_SEGMENT_KIND(KEXEC_SEGMENT_TIMING,	"timing")
KEXEC_SEGMENT_KIND(KEXEC_SEGMENT_KHO_FDT,	"kho-fdt")
