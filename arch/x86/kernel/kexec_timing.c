// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexec handover timing
 *
 * The TSC keeps counting across a kexec, so the handover can be timed from
 * both of its ends with one clock. kexec_file_load() adds a small segment,
 * a SETUP_KEXEC_TIMING setup_data node holding a struct kexec_timing_record.
 * The old kernel stamps it when the handover starts and once devices are
 * shut down, the purgatory on entry (relocation done) and once it has
 * checked the segments. The new kernel stamps its first C function,
 * start_kernel() and the moment it runs init, then finds the record through
 * boot_params, prints the breakdown and shows it in debugfs.
 *
 * A stamp is one RDTSC and one store; the record is read and the breakdown
 * printed only after the last stamp.
 */

#define pr_fmt(fmt) "kexec handover: " fmt

#include <linux/debugfs.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kexec.h>
#include <linux/kexec_timing.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/reboot.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <linux/vmalloc.h>

#include <asm/bootparam.h>
#include <asm/kexec_timing.h>
#include <asm/msr.h>
#include <asm/setup.h>
#include <asm/tsc.h>

u64 kexec_timing_tsc[KEXEC_TIMING_NR] __section(".data");

#define KEXEC_TIMING_NODE_SIZE \
	(sizeof(struct setup_data) + sizeof(struct kexec_timing_record))

static_assert(ARRAY_SIZE(((struct kexec_timing_record *)0)->tsc) ==
	      KEXEC_TIMING_HANDED);

/**
 * kexec_timing_load - add a timing record to an image being loaded
 * @image:	the image the bzImage64 loader is building
 * @params:	its boot parameters
 * @node:	room for the record's setup_data node, zeroed, that lives
 *		until the image is loaded
 *
 * Adds a segment holding a SETUP_KEXEC_TIMING setup_data node, links it
 * into @params' setup_data chain and tells the purgatory where the record
 * will be. The segment is unhashed: it is written after the digest is
 * taken. Crash images get no record, as they are not entered through
 * kernel_kexec().
 *
 * Return: 0, or the error of kexec_add_buffer() or of the purgatory symbol
 * lookup.
 */
int kexec_timing_load(struct kimage *image, struct boot_params *params,
		      struct setup_data *node)
{
	struct kexec_timing_record *record = (void *)node->data;
	struct kexec_buf kbuf = {
		.image = image,
		.buffer = node,
		.bufsz = KEXEC_TIMING_NODE_SIZE,
		.memsz = KEXEC_TIMING_NODE_SIZE,
		.buf_align = PAGE_SIZE,
		.buf_min = SZ_1M,
		.buf_max = ULONG_MAX,
		.top_down = true,
		.mem = KEXEC_BUF_MEM_UNKNOWN,
		.unhashed = true,
		.kind = KEXEC_SEGMENT_TIMING,
	};
	u64 record_addr;
	int ret;

	if (image->type == KEXEC_TYPE_CRASH)
		return 0;

	node->type = SETUP_KEXEC_TIMING;
	node->len = sizeof(*record);
	record->magic = KEXEC_TIMING_MAGIC;

	ret = kexec_add_buffer(&kbuf);
	if (ret)
		return ret;

	/* The purgatory runs identity mapped: it writes to the record itself */
	record_addr = kbuf.mem + sizeof(*node);
	ret = kexec_purgatory_get_set_symbol(image, "purgatory_timing",
					     &record_addr, sizeof(record_addr),
					     false);
	if (ret)
		return ret;

	node->next = params->hdr.setup_data;
	params->hdr.setup_data = kbuf.mem;
	image->timing_node = kbuf.mem;

	kexec_dprintk("Loaded handover timing record at 0x%lx\n", kbuf.mem);
	return 0;
}

/**
 * machine_kexec_post_load - find the page a loaded image's record waits in
 * @image:	the image, all of its segments loaded
 *
 * x86's post-load hook. The record waits for the jump in its CMA page or
 * in the page relocate_kernel copies it from; both are the image's until
 * it is freed, and in the direct map. Finding the page now, once, lets
 * kexec -e stamp through the direct map, allocating and walking nothing.
 * If it cannot be found, the handover goes on untimed.
 *
 * Return: 0.
 */
int machine_kexec_post_load(struct kimage *image)
{
	void *node;

	if (!image->timing_node)
		return 0;
	/* The segment is page aligned: the node starts its first page */
	node = kimage_map_segment(image, image->timing_node, PAGE_SIZE);
	if (!node) {
		pr_warn("cannot find the timing record: this kexec is not timed\n");
		return 0;
	}
	image->timing_page = vmalloc_to_page(node);
	kimage_unmap_segment(node);
	return 0;
}

/* The old kernel's stamps, in the loaded record, once kexec -e has begun */
static struct kexec_timing_record *kexec_timing_out;

/*
 * The first reboot notifier of kexec -e: kernel_kexec() has set
 * kexec_in_progress and is about to shut devices down.
 */
static int kexec_timing_reboot(struct notifier_block *nb, unsigned long code,
			       void *cmd)
{
	struct kimage *image = kexec_image;
	struct setup_data *node;

	if (!kexec_in_progress || !image || !image->timing_page)
		return NOTIFY_DONE;

	node = page_address(image->timing_page);
	kexec_timing_out = (void *)node->data;
	kexec_timing_out->tsc[KEXEC_TIMING_REBOOT] = rdtsc_ordered();
	kexec_timing_out->tsc_khz = tsc_khz;
	return NOTIFY_DONE;
}

static struct notifier_block kexec_timing_reboot_nb = {
	.notifier_call = kexec_timing_reboot,
	.priority = INT_MAX,
};

static int __init kexec_timing_reboot_init(void)
{
	return register_reboot_notifier(&kexec_timing_reboot_nb);
}
core_initcall(kexec_timing_reboot_init);

/**
 * kexec_timing_jump - stamp the end of the old kernel's shutdown
 *
 * Called by kernel_kexec() right before machine_kexec(), once devices are
 * shut down, the other CPUs stopped and the kernel log dumped. No notifier
 * runs that late.
 */
void kexec_timing_jump(void)
{
	if (kexec_timing_out)
		kexec_timing_out->tsc[KEXEC_TIMING_JUMP] = rdtsc_ordered();
}

/* The new kernel's side */

enum kexec_timing_status {
	KEXEC_TIMING_NONE,		/* not entered through a timed kexec */
	KEXEC_TIMING_COMPLETE,
	KEXEC_TIMING_INCOMPLETE,	/* stamps missing or out of order */
};

static const char * const kexec_timing_status_names[] = {
	[KEXEC_TIMING_NONE]		= "none",
	[KEXEC_TIMING_COMPLETE]		= "complete",
	[KEXEC_TIMING_INCOMPLETE]	= "incomplete",
};

static const char * const kexec_timing_point_names[] = {
	[KEXEC_TIMING_REBOOT]		= "reboot",
	[KEXEC_TIMING_JUMP]		= "jump",
	[KEXEC_TIMING_PURGATORY]	= "purgatory",
	[KEXEC_TIMING_VERIFIED]		= "verified",
	[KEXEC_TIMING_ENTRY]		= "entry",
	[KEXEC_TIMING_START_KERNEL]	= "start_kernel",
	[KEXEC_TIMING_INIT]		= "init",
};

/**
 * struct kexec_timing_phase - a figure of the breakdown
 * @name:	as printed in the kernel log
 * @key:	as shown in debugfs
 * @from:	the enum kexec_timing_point it starts at
 * @to:		the enum kexec_timing_point it ends at
 */
struct kexec_timing_phase {
	const char *name;
	const char *key;
	u8 from;
	u8 to;
};

static const struct kexec_timing_phase kexec_timing_phases[] = {
	{ "shutdown", "shutdown",
	  KEXEC_TIMING_REBOOT, KEXEC_TIMING_JUMP },
	{ "relocation", "relocation",
	  KEXEC_TIMING_JUMP, KEXEC_TIMING_PURGATORY },
	{ "digest", "digest",
	  KEXEC_TIMING_PURGATORY, KEXEC_TIMING_VERIFIED },
	{ "decompression", "decompression",
	  KEXEC_TIMING_VERIFIED, KEXEC_TIMING_ENTRY },
	{ "early boot", "early_boot",
	  KEXEC_TIMING_ENTRY, KEXEC_TIMING_START_KERNEL },
	{ "hot phase", "hot_phase",
	  KEXEC_TIMING_REBOOT, KEXEC_TIMING_START_KERNEL },
	/* Not part of the handover: printed after a ';' */
	{ "start_kernel->init", "boot",
	  KEXEC_TIMING_START_KERNEL, KEXEC_TIMING_INIT },
};

static enum kexec_timing_status kexec_timing_status;
static u32 kexec_timing_khz;

/* Copies the stamps of the record the previous kernel left, if any */
static bool kexec_timing_find_record(void)
{
	struct kexec_timing_record record;
	u64 pa_data = boot_params.hdr.setup_data;
	bool found = false;

	while (pa_data && !found) {
		struct setup_data *sd;

		sd = memremap(pa_data, sizeof(*sd) + sizeof(record),
			      MEMREMAP_WB);
		if (!sd)
			return false;

		if (sd->type == SETUP_KEXEC_TIMING && sd->len >= sizeof(record)) {
			memcpy(&record, sd->data, sizeof(record));
			found = record.magic == KEXEC_TIMING_MAGIC;
		}
		pa_data = sd->next;
		memunmap(sd);
	}
	if (!found)
		return false;

	memcpy(kexec_timing_tsc, record.tsc, sizeof(record.tsc));
	if (record.tsc_khz && record.tsc_khz <= U32_MAX)
		kexec_timing_khz = record.tsc_khz;
	return true;
}

static bool kexec_timing_complete(void)
{
	int i;

	for (i = 0; i < KEXEC_TIMING_NR; i++) {
		if (!kexec_timing_tsc[i])
			return false;
		if (i && kexec_timing_tsc[i] < kexec_timing_tsc[i - 1])
			return false;
	}
	return true;
}

static bool kexec_timing_cycles(const struct kexec_timing_phase *phase,
				u64 *cycles)
{
	u64 from = kexec_timing_tsc[phase->from];
	u64 to = kexec_timing_tsc[phase->to];

	if (!from || to < from)
		return false;
	*cycles = to - from;
	return true;
}

static u64 kexec_timing_ns(u64 cycles)
{
	return mul_u64_u32_div(cycles, NSEC_PER_MSEC, kexec_timing_khz);
}

static void kexec_timing_print(void)
{
	char line[256];
	size_t len = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(kexec_timing_phases); i++) {
		const struct kexec_timing_phase *phase = &kexec_timing_phases[i];
		bool last = i == ARRAY_SIZE(kexec_timing_phases) - 1;
		u64 cycles = 0, ms;
		u32 us;

		kexec_timing_cycles(phase, &cycles);
		ms = div_u64_rem(div_u64(kexec_timing_ns(cycles), NSEC_PER_USEC),
				 USEC_PER_MSEC, &us);
		len += scnprintf(line + len, sizeof(line) - len,
				 "%s%s %llu.%03u ms", i ? (last ? "; " : ", ") : "",
				 phase->name, ms, us);
	}
	pr_info("%s (tsc_khz %u)\n", line, kexec_timing_khz);
}

/**
 * kexec_timing_start_kernel - stamp the start of start_kernel()
 */
void __init kexec_timing_start_kernel(void)
{
	kexec_timing_tsc[KEXEC_TIMING_START_KERNEL] = rdtsc_ordered();
}

/**
 * kexec_timing_run_init - stamp the start of init and report the handover
 *
 * Called by kernel_init() right before it runs init. The report comes after
 * the stamp, so it is not part of what it reports.
 */
void kexec_timing_run_init(void)
{
	kexec_timing_tsc[KEXEC_TIMING_INIT] = rdtsc_ordered();

	kexec_timing_khz = tsc_khz;
	if (!kexec_timing_find_record())
		kexec_timing_status = KEXEC_TIMING_NONE;
	else if (kexec_timing_complete())
		kexec_timing_status = KEXEC_TIMING_COMPLETE;
	else
		kexec_timing_status = KEXEC_TIMING_INCOMPLETE;

	if (!kexec_timing_khz)
		return;

	if (kexec_timing_status == KEXEC_TIMING_COMPLETE)
		kexec_timing_print();
	else if (kexec_timing_status == KEXEC_TIMING_INCOMPLETE)
		pr_warn("stamps missing or out of order, no breakdown\n");
}

static int kexec_timing_show(struct seq_file *m, void *unused)
{
	u64 cycles;
	int i;

	seq_printf(m, "handover: %s\n",
		   kexec_timing_status_names[kexec_timing_status]);
	seq_printf(m, "tsc_khz: %u\n", kexec_timing_khz);
	for (i = 0; i < KEXEC_TIMING_NR; i++)
		seq_printf(m, "tsc_%s: %llu\n", kexec_timing_point_names[i],
			   kexec_timing_tsc[i]);

	if (!kexec_timing_khz)
		return 0;

	for (i = 0; i < ARRAY_SIZE(kexec_timing_phases); i++) {
		const struct kexec_timing_phase *phase = &kexec_timing_phases[i];

		if (!kexec_timing_cycles(phase, &cycles))
			continue;
		seq_printf(m, "%s_cycles: %llu\n%s_ns: %llu\n", phase->key,
			   cycles, phase->key, kexec_timing_ns(cycles));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kexec_timing);

static int __init kexec_timing_debugfs_init(void)
{
	debugfs_create_file("handover", 0400, kexec_debugfs_dir, NULL,
			    &kexec_timing_fops);
	return 0;
}
late_initcall(kexec_timing_debugfs_init);
