/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Why a kexec_file segment is in CMA or, if not, why it takes the page-list
 * copy, one line each, with the name the segment listing, the
 * kexec:kexec_cma_place trace event and
 * Documentation/admin-guide/kexec-cma.rst give it:
 *
 * cma, placed; fixed, the arch code chose the address; flag,
 * KEXEC_FILE_NO_CMA; disabled, kexec_cma=0; crash, crash images stay in
 * crashkernel memory; no-area, no default CMA area; alloc-failed, the area
 * is too small or fragmented or migration failed; align-range, pages were
 * had but not aligned or in range as the loader asked; injected, the
 * fail_kexec_cma fault attribute failed it; time-cap, kexec_cma_migrate_ms
 * ran out before every chunk was had.
 *
 * No include guard: included wherever KEXEC_CMA_REASON(id, name) is
 * defined, once for each use of the table.
 */
KEXEC_CMA_REASON(KEXEC_CMA_PLACED,		"cma")
KEXEC_CMA_REASON(KEXEC_CMA_FIXED,		"fixed")
KEXEC_CMA_REASON(KEXEC_CMA_FLAG,		"flag")
KEXEC_CMA_REASON(KEXEC_CMA_DISABLED,		"disabled")
KEXEC_CMA_REASON(KEXEC_CMA_CRASH,		"crash")
KEXEC_CMA_REASON(KEXEC_CMA_NO_AREA,		"no-area")
KEXEC_CMA_REASON(KEXEC_CMA_ALLOC_FAILED,	"alloc-failed")
KEXEC_CMA_REASON(KEXEC_CMA_ALIGN_RANGE,		"align-range")
KEXEC_CMA_REASON(KEXEC_CMA_INJECTED,		"injected")
KEXEC_CMA_REASON(KEXEC_CMA_TIME_CAP,		"time-cap")
