// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Kexec HandOver test user's serializers: N users that write their
 * state at kexec -e, each an FDT with BYTES of pattern in its properties
 * and the value last written to "late"; serializer I can be made to fail.
 * With late_at_shutdown set, a reboot notifier writes that value into
 * "late" of the blobs already written, as a driver would save its last
 * state from its shutdown callback. The next kernel finds each blob and
 * checks every byte.
 */

#define pr_fmt(fmt) "kho_test: " fmt

#include <linux/debugfs.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/libfdt.h>
#include <linux/kexec.h>
#include <linux/mutex.h>
#include <linux/reboot.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/unaligned.h>

#include "kho_test.h"

#define KHO_TEST_SER_NAME	"kexec-cma-kho-ser.%u"
#define KHO_TEST_SER_MAX	64
#define KHO_TEST_SER_CHUNK	SZ_64K
/* Room for the FDT's own structure around the pattern */
#define KHO_TEST_SER_SLACK(bytes) \
	(SZ_4K + DIV_ROUND_UP(bytes, KHO_TEST_SER_CHUNK) * 32)

/* The serializers this kernel registered, and what it found of the last */
static struct {
	struct mutex lock;	/* the registered set */
	struct kho_serializer ser[KHO_TEST_SER_MAX];
	char names[KHO_TEST_SER_MAX][32];
	void *blobs[KHO_TEST_SER_MAX];	/* as the last kexec -e wrote them */
	unsigned int nr;
	size_t bytes;		/* of pattern per serializer */
	u64 late, late_at_shutdown;
	int fail;
	/* what this kernel found of the previous kernel's */
	unsigned int found, bad;
	u64 found_bytes, found_late;
} kho_test_ser = {
	.lock = __MUTEX_INITIALIZER(kho_test_ser.lock),
	.fail = -1,
};

static int kho_test_ser_index(const struct kho_serializer *ser)
{
	return ser - kho_test_ser.ser;
}

/* The pattern of serializer @i: the folios' with numbers past theirs */
static u64 kho_test_ser_word(u64 generation, unsigned int i,
			     unsigned int chunk, size_t w)
{
	return kho_test_word(generation, KHO_TEST_SER_MAX + i,
			     chunk * (KHO_TEST_SER_CHUNK / sizeof(u64)) + w);
}

/* Writes BYTES of pattern in KHO_TEST_SER_CHUNK properties, and "late" */
static int kho_test_serialize(struct kho_serializer *ser, void *blob,
			      size_t size)
{
	unsigned int i = kho_test_ser_index(ser), chunk = 0;
	u64 generation = kho_test_generation() + 1;
	u64 late = READ_ONCE(kho_test_ser.late);
	size_t left = kho_test_ser.bytes, w;
	char prop[16];
	u64 *words;
	int err;

	if (READ_ONCE(kho_test_ser.fail) == i)
		return -EIO;
	kho_test_ser.blobs[i] = blob;
	err = fdt_create(blob, size);
	err = err ?: fdt_finish_reservemap(blob);
	err = err ?: fdt_begin_node(blob, "");
	err = err ?: fdt_property_u64(blob, "generation", generation);
	err = err ?: fdt_property_u64(blob, "late", late);
	while (!err && left) {
		size_t len = min_t(size_t, left, KHO_TEST_SER_CHUNK);

		snprintf(prop, sizeof(prop), "data-%u", chunk);
		err = fdt_property_placeholder(blob, prop, len, (void **)&words);
		/* FDT properties are 4-byte aligned */
		for (w = 0; !err && w < len / sizeof(u64); w++)
			put_unaligned(kho_test_ser_word(generation, i, chunk, w),
				      &words[w]);
		left -= len;
		chunk++;
	}
	err = err ?: fdt_end_node(blob);
	err = err ?: fdt_finish(blob);
	if (err)
		return err == -FDT_ERR_NOSPACE ? -ENOSPC : -EINVAL;
	return fdt_totalsize(blob);
}

static void kho_test_ser_release(void)
{
	unsigned int i;

	for (i = 0; i < kho_test_ser.nr; i++)
		kho_unregister_serializer(&kho_test_ser.ser[i]);
	kho_test_ser.nr = 0;
}

static int kho_test_ser_register(unsigned int nr, size_t bytes)
{
	unsigned int i;
	int err;

	kho_test_ser.bytes = bytes;
	for (i = 0; i < nr; i++) {
		struct kho_serializer *ser = &kho_test_ser.ser[i];

		snprintf(kho_test_ser.names[i], sizeof(kho_test_ser.names[i]),
			 KHO_TEST_SER_NAME, i);
		ser->name = kho_test_ser.names[i];
		ser->max_size = bytes + KHO_TEST_SER_SLACK(bytes);
		ser->serialize = kho_test_serialize;
		err = kho_register_serializer(ser);
		if (err) {
			kho_test_ser_release();
			return err;
		}
		kho_test_ser.nr = i + 1;
	}
	return 0;
}

static ssize_t kho_test_serializers_write(struct file *file,
					  const char __user *ubuf, size_t len,
					  loff_t *ppos)
{
	unsigned long long bytes = 0;
	unsigned int nr;
	char buf[48];
	int err;

	err = kho_test_parse(ubuf, len, buf, sizeof(buf));
	if (err)
		return err;
	if (sscanf(buf, "%u %llu", &nr, &bytes) < 1 ||
	    nr > KHO_TEST_SER_MAX || bytes > SZ_256M || (nr && !bytes))
		return -EINVAL;
	mutex_lock(&kho_test_ser.lock);
	kho_test_ser_release();
	err = nr ? kho_test_ser_register(nr, bytes) : 0;
	mutex_unlock(&kho_test_ser.lock);
	return err ?: len;
}

static const struct file_operations kho_test_serializers_fops = {
	.owner = THIS_MODULE,
	.write = kho_test_serializers_write,
};

static int kho_test_late_set(void *data, u64 val)
{
	WRITE_ONCE(kho_test_ser.late, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(kho_test_late_fops, NULL, kho_test_late_set, "%llu\n");

static int kho_test_late_at_shutdown_set(void *data, u64 val)
{
	WRITE_ONCE(kho_test_ser.late_at_shutdown, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(kho_test_late_at_shutdown_fops, NULL,
			 kho_test_late_at_shutdown_set, "%llu\n");

/* kernel_kexec() runs the reboot notifiers after the serializers */
static int kho_test_ser_shutdown(struct notifier_block *nb,
				 unsigned long action, void *data)
{
	u64 late = READ_ONCE(kho_test_ser.late_at_shutdown);
	unsigned int i;

	if (!late || !kexec_in_progress)
		return NOTIFY_DONE;
	mutex_lock(&kho_test_ser.lock);
	for (i = 0; i < kho_test_ser.nr; i++)
		if (kho_test_ser.blobs[i])
			fdt_setprop_inplace_u64(kho_test_ser.blobs[i], 0,
						"late", late);
	mutex_unlock(&kho_test_ser.lock);
	return NOTIFY_DONE;
}

static struct notifier_block kho_test_ser_reboot_nb = {
	.notifier_call = kho_test_ser_shutdown,
};

static int kho_test_fail_set(void *data, u64 val)
{
	WRITE_ONCE(kho_test_ser.fail, (int)val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE_SIGNED(kho_test_fail_fops, NULL, kho_test_fail_set,
				"%lld\n");

/* Bytes of one restored serializer blob that are wrong, or -1 */
static s64 __init kho_test_ser_check(const void *fdt, size_t size,
				     unsigned int i, u64 *bytes, u64 *late)
{
	const fdt64_t *prop;
	unsigned int chunk;
	s64 bad = 0;
	u64 generation;
	int len;

	if (fdt_check_header(fdt) || fdt_totalsize(fdt) > size)
		return -1;
	prop = fdt_getprop(fdt, 0, "generation", &len);
	if (!prop || len != sizeof(*prop))
		return -1;
	generation = fdt64_to_cpu(*prop);
	prop = fdt_getprop(fdt, 0, "late", &len);
	if (!prop || len != sizeof(*prop))
		return -1;
	*late = fdt64_to_cpu(*prop);
	for (chunk = 0; ; chunk++) {
		const u64 *words;
		char name[16];
		size_t w;

		snprintf(name, sizeof(name), "data-%u", chunk);
		words = fdt_getprop(fdt, 0, name, &len);
		if (!words)
			break;
		for (w = 0; w < len / sizeof(u64); w++)
			bad += get_unaligned(&words[w]) !=
			       kho_test_ser_word(generation, i, chunk, w);
		*bytes += len;
	}
	return bad;
}

/**
 * kho_test_ser_restore - find and check what the previous kernel's
 *	serializers wrote
 */
void __init kho_test_ser_restore(void)
{
	unsigned int i;
	phys_addr_t phys;
	char name[32];
	size_t size;
	s64 bad;

	for (i = 0; i < KHO_TEST_SER_MAX; i++) {
		snprintf(name, sizeof(name), KHO_TEST_SER_NAME, i);
		if (kho_retrieve_subtree(name, &phys, &size))
			break;
		kho_test_ser.found++;
		bad = kho_test_ser_check(phys_to_virt(phys), size, i,
					 &kho_test_ser.found_bytes,
					 &kho_test_ser.found_late);
		if (bad)
			kho_test_ser.bad++;
	}
	if (!kho_test_ser.found)
		return;
	if (kho_test_ser.bad)
		pr_err("serializers: MISMATCH: %u of %u subtrees damaged\n",
		       kho_test_ser.bad, kho_test_ser.found);
	else
		pr_info("serializers: %u subtrees, %llu bytes intact, late %llu\n",
			kho_test_ser.found, kho_test_ser.found_bytes,
			kho_test_ser.found_late);
}

/**
 * kho_test_ser_show - the serializers_* lines of kho_test/status
 * @m:	the status file
 */
void kho_test_ser_show(struct seq_file *m)
{
	mutex_lock(&kho_test_ser.lock);
	seq_printf(m, "serializers_found %u\nserializers_bad %u\n"
		   "serializers_bytes %llu\nserializers_late %llu\n",
		   kho_test_ser.found, kho_test_ser.bad,
		   kho_test_ser.found_bytes, kho_test_ser.found_late);
	mutex_unlock(&kho_test_ser.lock);
}

/**
 * kho_test_ser_debugfs - add kho_test/serializers, late, late_at_shutdown
 *	and fail
 * @dir:	kho_test
 */
void kho_test_ser_debugfs(struct dentry *dir)
{
	debugfs_create_file("serializers", 0200, dir, NULL,
			    &kho_test_serializers_fops);
	debugfs_create_file_unsafe("late", 0200, dir, NULL, &kho_test_late_fops);
	debugfs_create_file_unsafe("late_at_shutdown", 0200, dir, NULL,
				   &kho_test_late_at_shutdown_fops);
	debugfs_create_file_unsafe("fail", 0200, dir, NULL, &kho_test_fail_fops);
	register_reboot_notifier(&kho_test_ser_reboot_nb);
}
