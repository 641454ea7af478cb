# SPDX-License-Identifier: GPL-2.0
# synclab: the front door. (Kbuild reads ./Kbuild, not this file.)
#
#   make                  module (against KDIR) and the synclab tool
#   make module | tool    one of them
#   make modules_install  install synclab.ko into /lib/modules (KDIR's kernel)
#   make install          the tool, its man page and bash completion (PREFIX, DESTDIR)
#   make clean
#   make demo [KERNEL=6.1|6.12|newest|kunit|kcsan|arm64]   the module and the tool in a QEMU guest
#   make vm   [KERNEL=6.1|6.12|newest|kunit|kcsan|arm64]   an interactive shell in that guest
#                         (arm64: Debian's stock arm64 kernel in qemu-system-aarch64,
#                         the module and the tool cross-built)
#   make check            every test (see scripts/check.sh); "N passed, N failed"
#   make static           the static checks alone: kernel-doc, sparse on the grading build,
#                         clang -Werror, shellcheck (scripts/static-checks.sh)
#   make check-hosts      make demo and DKMS on fresh Debian 13 and 12 roots (debootstrap, chroot; root)
#   make kunit-kernel     build (once, cached) the KUnit/debug test kernel
#   make kcsan-kernel     build (once, cached) the KCSAN kernel
#   make newest-kernel    build (once, cached) the kernel of the newest linux-source Debian ships
#   make stress [KERNEL=kunit]  the reliability tests in a guest (guest/stress.sh)
#   make fuzz [RUNS=1000000]    the command parser under libFuzzer
#   make bench [KERNEL=6.12]    synclab bench in a guest: bench/results.csv, throughput.svg
#   make bench-compare          synclab against the kernel's locktorture (perf kernel)
#   make litmus [KERNEL=arm64]  memory-ordering litmus tests: this CPU, then the guest's
#   make bench-kernels          run --all on 6.12 and the newest kernel (lazy, full), alternating
#   make exercise EX=NN   an exercise's runs on the stock kernel, expected against actual
#   make grade [EX=NN]    score the exercises: stock, debug and KCSAN kernels; "score: P/T"
#   make grade-batch DIR=SUBMISSIONS [CSV=grades.csv]   every folder in DIR; one CSV row each
#   make handout DEST=DIR the students' tree: no solution, no reference scenario of an exercise
#   make fixtures         record the tool's test fixtures from the module in a guest
#
# The lab (QEMU, kernels, cache) is described in docs/lab.md.

KDIR	?= /lib/modules/$(shell uname -r)/build
KERNEL	?= 6.12

.PHONY: all module tool clean modules_install install demo check vm \
	kunit-kernel kcsan-kernel newest-kernel stress fuzz bench bench-compare bench-kernels litmus \
	have-kdir help exercise grade grade-batch handout fixtures check-hosts static

all: module tool

have-kdir:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "synclab: no kernel build tree at KDIR=$(KDIR)"; \
		echo "  build against installed headers:  make KDIR=/usr/src/linux-headers-<ver>"; \
		for d in /usr/src/linux-headers-*; do \
			[ -f "$$d/Makefile" ] && [ -f "$$d/.config" ] && echo "      found: make KDIR=$$d"; \
		done; \
		echo "  (apt-get install linux-headers-$$(uname -r), if this kernel has them)"; \
		echo "  or try it all in a virtual machine:  make demo"; \
		exit 1; \
	fi

module: have-kdir
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

modules_install: have-kdir
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

tool:
	$(MAKE) -C userspace

install:
	$(MAKE) -C userspace install

clean:
	@if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	find module tests -type f \( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
		-o -name '*.mod.c' -o -name '.*.cmd' -o -name '*.order' \) -delete
	rm -f Module.symvers modules.order
	rm -rf build
	$(MAKE) -C userspace clean

demo:
	scripts/demo.sh $(KERNEL)

vm:
	scripts/vm-shell $(KERNEL)

check:
	SUITES="$(SUITES)" scripts/check.sh

check-hosts:
	scripts/tap-count hosts -- scripts/check-hosts.sh

static:
	scripts/tap-count static -- scripts/static-checks.sh

kunit-kernel:
	scripts/lib.sh test_kernel kunit

kcsan-kernel:
	scripts/lib.sh test_kernel kcsan

newest-kernel:
	scripts/lib.sh test_kernel newest

stress:
	scripts/guest-test.sh stress.sh $(if $(filter command line,$(origin KERNEL)),$(KERNEL),kunit)

bench:
	KERNEL=$(KERNEL) scripts/bench.sh sweep

bench-compare:
	scripts/bench.sh compare

litmus:
	scripts/litmus.sh $(if $(filter command line,$(origin KERNEL)),$(KERNEL),arm64)

bench-kernels:
	scripts/bench.sh kernels

RUNS	?= 1000000
fuzz:
	scripts/lib.sh ensure_fuzz_packages
	scripts/fuzz.sh $(RUNS)

EX	?=
exercise:
	@if [ -z "$(EX)" ]; then \
		echo "synclab: make exercise needs EX=NN, one of: $$(ls exercises | grep -E '^[0-9]{2}-' | tr '\n' ' ')"; \
		exit 2; \
	fi
	@# Below full marks is what this is for; only a lab that cannot run fails.
	scripts/grade.py --quick --ex $(EX) || [ $$? -ne 3 ]

grade:
	scripts/grade.py $(if $(EX),--ex $(EX))

CSV	?= grades.csv
grade-batch:
	@if [ ! -d "$(DIR)" ]; then \
		echo "synclab: make grade-batch needs DIR=FOLDER, holding one folder per student"; \
		exit 2; \
	fi
	scripts/grade.py --csv $(CSV) $(DIR)/*/

handout:
	scripts/handout.sh $(DEST)

fixtures:
	scripts/record-fixtures.sh

help:
	@sed -n '2,/^$$/s/^# \{0,1\}//p' Makefile
