# SPDX-License-Identifier: GPL-2.0
#
# kexec-cma: every entry point. "make help" lists them.
#
# The harness scripts are incremental: they fetch, unpack and rebuild only
# what changed, so every target may simply call them.

# ARCH=arm64 builds and runs the arm64 guest under build/arm64/ (kernel,
# kexec-tools, initramfs, run); x86_64 is the default and what every other
# target uses. Only the command line says: an ARCH that a kernel developer
# exported for other builds does not choose the guest.
ifneq ($(origin ARCH),command line)
ARCH := x86_64
endif
ifeq ($(ARCH),x86_64)
KERNEL    := build/kernel/arch/x86/boot/bzImage
KEXEC     := build/kexec-tools/kexec
INITRAMFS := build/initramfs.cpio
else ifeq ($(ARCH),arm64)
KERNEL    := build/arm64/kernel/arch/arm64/boot/Image
KEXEC     := build/arm64/kexec-tools/kexec
INITRAMFS := build/arm64/initramfs.cpio
# with its leading space: x86's commands stay as they always were
ARCH_OPT  := $(subst ,, )--arch arm64
else
$(error ARCH=$(ARCH): kexec-cma builds for x86_64 (the default) or arm64)
endif

.PHONY: help all deps kernel upstream-kernel upstream-fixed-kernel upstream-users-kernel upstream-series kexec-tools initramfs run test test-arm64 kunit bench \
	bench-quick bench-pressure bench-peer bench-kho bench-kho-fdt dma-proof soak series \
	series-tree series-export series-check bisect-check checkpatch clean distclean
.PHONY: kho-fdt fuzz kernel-source figures-check bench-sequence-timing \
	bench-sequence-peer

help:
	@echo 'kexec-cma: CMA placement for kexec_file_load() on Linux 6.12'
	@echo
	@echo '  make run          build what is missing, show two kexec handovers in a VM'
	@echo '                    (CMA placement, then --no-cma) side by side; V=1: all'
	@echo '                    of the guest console'
	@echo '  make test         build what is missing, run every test (KTAP, then'
	@echo '                    "N passed, N failed, N skipped"); VM scenarios two at'
	@echo '                    a time, KCMA_VM_JOBS=N for N'
	@echo '  make kunit        only the KUnit suites, in the guest kernel (KTAP)'
	@echo '  make test-arm64   build the arm64 guest, run the VM scenarios in it'
	@echo '                    (not part of make test): tests/run --arch arm64'
	@echo '  make bench        every figure the documents quote, on the series as it'
	@echo '                    is: the handover matrix, bench-pressure, the copy rate'
	@echo '                    without -icount, bench-peer, bench-kho, bench-kho-fdt,'
	@echo '                    dma-proof and soak, in two sequences side by side,'
	@echo '                    then the DMA proof alone (about 3 hours, each step'
	@echo '                    timed in build/bench-steps.log); then'
	@echo '                    quote the figures and run make figures-check;'
	@echo '                    RESUME=1 leaves out the steps whose results are from'
	@echo '                    the series as it is, to finish one another sitting began'
	@echo '  make figures-check the reports come from the series as it is, and the'
	@echo '                    figures README.rst and doc/ quote are in them (part of'
	@echo '                    make test)'
	@echo '  make bench-pressure placement of a 256 MiB initrd under pressure, 10 runs'
	@echo '                    (about 40 minutes): its section of bench/report.md'
	@echo '  make bench-peer   ours against upstream Linux 7.1.8, unpatched and with'
	@echo '                    upstream-patches/, the same loads and the same next'
	@echo '                    kernel, 126 runs, two guests at a time (about 95'
	@echo '                    minutes): bench/peer-report.md'
	@echo '  make bench-quick  a small benchmark run (a smoke check, part of make test)'
	@echo '  make bench-kho    what Kexec HandOver costs per GiB preserved, and a'
	@echo '                    boot with 1 GiB preserved by 7.1.8'"'"'s test_kho on'
	@echo '                    ours and on 7.1.8: bench/kho-report.md'
	@echo '  make bench-kho-fdt the KHO FDT segment: serialization at kexec -e,'
	@echo '                    parallel and serial, and load time: bench/kho-fdt-report.md'
	@echo '  make dma-proof    a device left doing DMA across kexec -e, 20 trials per'
	@echo '                    placement (about 30 minutes): bench/dma-proof.rst'
	@echo '  make soak         the reliability scenarios at full length: every fault'
	@echo '                    point, 10000 fuzzed syscalls, 50 chained handovers,'
	@echo '                    1000 load cycles, 5 minutes of racing (about 45'
	@echo '                    minutes): bench/soak.rst'
	@echo
	@echo '  make all          kernel, kexec-tools and initramfs'
	@echo '  make kernel       the guest kernel: build/kernel/arch/x86/boot/bzImage'
	@echo '  make upstream-kernel the upstream Linux 7.1.8 guest kernel, unpatched, the'
	@echo '                    peer of the cross-version scenarios:'
	@echo '                    build/upstream/kernel/arch/x86/boot/bzImage'
	@echo '  make upstream-fixed-kernel 7.1.8 with the fixes of upstream-patches/, the'
	@echo '                    third guest kernel (uname -r 7.1.8-fixed):'
	@echo '                    build/upstream-fixed/kernel/arch/x86/boot/bzImage'
	@echo '  make upstream-users-kernel our guest kernel with 7.1.8'"'"'s own KHO user,'
	@echo '                    lib/test_kho.c, compiled in unchanged (uname -r'
	@echo '                    *-upstream-users): build/kernel-upstream-users/'
	@echo '  make upstream-series the fixes for 7.1.8 as a mail: git am on pristine'
	@echo '                    7.1.8, checkpatch and a build on and off after every'
	@echo '                    patch (about 10 minutes): build/upstream-series/mail/'
	@echo '  make kexec-tools  static kexec with kexec-tools-patches/: build/kexec-tools/kexec'
	@echo '  make initramfs    the guest userland: build/initramfs.cpio'
	@echo '  ARCH=arm64        with kernel, kexec-tools, initramfs, all and run: the'
	@echo '                    arm64 guest, cross-built into build/arm64/, run under'
	@echo '                    qemu-system-aarch64'
	@echo '  make series       the kernel change as a git format-patch series: build/series/'
	@echo '  make series-tree  the kernel change as a git history on pristine 6.12, to'
	@echo '                    edit with git rebase -i base: build/series.git'
	@echo '  make series-export write build/series.git back to patches/ and the plain'
	@echo '                    files under kernel/, include/, arch/, Documentation/'
	@echo '  make series-check the plain files equal the end state of patches/ (part of'
	@echo '                    make test)'
	@echo '  make bisect-check build the kernel after every patch, with the features on'
	@echo '                    and off (about an hour; not part of make test):'
	@echo '                    patches/bisect-check.txt'
	@echo '  make checkpatch   checkpatch.pl --strict on the new files and patches'
	@echo '  make kernel-source unpack Debian linux-source-6.12 only: build/linux.pristine'
	@echo '  make kho-fdt      the checker of the KHO root FDT: build/kho-fdt/kho-fdt'
	@echo '                    (and .static, which the guest has); kho-fdt --help'
	@echo '  make fuzz         fuzz the KHO root FDT checks (kho_fdt.c, kho-fdt) for 10'
	@echo '                    minutes, then their coverage; crashes in build/fuzz/'
	@echo '  make deps         install the Debian packages the build needs'
	@echo '  make clean        remove build products, keep downloads'
	@echo '  make distclean    remove build/'
	@echo
	@echo 'One scenario by hand: tests/run-vm -v tests/vm/kexec-same-kernel.sh'

all: $(KERNEL) kexec-tools initramfs

deps:
	harness/deps$(ARCH_OPT)

kernel: deps
	harness/kernel$(ARCH_OPT)

upstream-kernel: deps
	harness/upstream-kernel

upstream-fixed-kernel: upstream-kernel
	harness/upstream-kernel --fixed

upstream-users-kernel: kernel upstream-kernel
	harness/upstream-users-kernel

upstream-series: upstream-kernel
	harness/upstream-series

kexec-tools: deps
	harness/kexec-tools$(ARCH_OPT)

initramfs: kernel kexec-tools
	harness/initramfs$(ARCH_OPT) $(KERNEL) $(KEXEC) $(INITRAMFS)

$(KERNEL): kernel

run: initramfs
	tests/run-vm$(ARCH_OPT) $(if $(V),-v,--show '^demo:') --mem 2G --append cma=512M tests/demo.sh

test: initramfs upstream-kernel upstream-fixed-kernel upstream-users-kernel
	tests/run

# The arm64 guest's own build, whatever ARCH says
test-arm64:
	$(MAKE) initramfs ARCH=arm64
	tests/run --arch arm64

kunit: initramfs
	tests/run kunit

# Two sequences side by side, each step writing its own build/ directory
# and report; then the DMA proof, which runs without -icount, with the CPU
# to itself; then bench/report.md once more, which bench/run and
# bench/peer each rewrite when they end.
bench: initramfs upstream-kernel upstream-fixed-kernel upstream-users-kernel
	$(MAKE) -j2 bench-sequence-timing bench-sequence-peer
	harness/timed $(call resume,bench/dma-proof.rst) tests/dma-proof --table bench/dma-proof.rst
	python3 bench/report bench/results.csv bench/ bench/pressure-results.csv
	harness/quote-figures
	harness/figures-check

# Each step says how long it took (build/bench-steps.log). With RESUME=1 a
# step whose results are from the series as it is already is left out
# (harness/figures-check --current): a make bench begun in one sitting
# ends in the next.
resume = $(if $(RESUME),--unless-current $(1))

bench-sequence-timing:
	harness/timed $(call resume,bench/results.csv) bench/run
	harness/timed $(call resume,bench/pressure-results.csv) bench/run --pressure
	harness/timed $(call resume,bench/kho-results.csv) bench/kho
	harness/timed $(call resume,bench/kho-fdt-results.csv) bench/kho-fdt

bench-sequence-peer:
	harness/timed $(call resume,bench/copy-rate.csv) bench/run --copy-rate
	harness/timed $(call resume,bench/peer-results.csv) bench/peer
	harness/timed $(call resume,bench/soak.rst) tests/soak --report bench/soak.rst

figures-check:
	harness/figures-check

bench-peer: initramfs upstream-kernel upstream-fixed-kernel
	bench/peer --jobs 2

bench-pressure: initramfs
	bench/run --pressure

bench-quick: initramfs
	bench/run --quick

bench-kho: initramfs upstream-kernel upstream-users-kernel
	bench/kho

bench-kho-fdt: initramfs
	bench/kho-fdt

dma-proof: initramfs
	tests/dma-proof --table bench/dma-proof.rst

soak: initramfs
	tests/soak --report bench/soak.rst

series:
	harness/series

series-tree: deps
	harness/series-tree

series-export:
	harness/series-export

series-check:
	harness/series-check

bisect-check: kernel
	harness/bisect-check

checkpatch: kernel
	tests/run host.checkpatch

# The pristine kernel tree alone: tools/kho-fdt builds on its tools/include,
# libfdt and xxhash
kernel-source: deps
	@bash -c '. harness/lib.sh && unpack_kernel_source'

kho-fdt: kernel-source
	$(MAKE) -C tools/kho-fdt O=$(CURDIR)/build/kho-fdt

# make fuzz FUZZ_TIME=SECONDS for another length
FUZZ_TIME ?= 600
fuzz: kernel-source
	$(MAKE) -C tools/kho-fdt O=$(CURDIR)/build/kho-fdt \
		FUZZ_DIR=$(CURDIR)/build/fuzz FUZZ_TIME=$(FUZZ_TIME) \
		fuzz-run fuzz-coverage

clean:
	rm -rf build/kernel build/initramfs.cpio build/logs build/kexec-tools \
		build/series build/arm64/kernel build/arm64/initramfs.cpio \
		build/arm64/kexec-tools build/arm64/busybox

distclean:
	rm -rf build
