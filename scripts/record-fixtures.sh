#!/usr/bin/env bash
# record-fixtures.sh: record the synclab tool's fixtures from the real module
# (make fixtures).
#
# Boots Debian's stock 6.12 kernel in QEMU with the module loaded (as make
# demo does), runs scenarios by writing to /proc/synclab/control, and copies
# every file of /proc/synclab, after each step, into tests/tool/fixtures/:
#
#   fresh        just loaded: no run, no trace
#   refused      after a command the module refused (run waitqueue threads=1)
#   classic      after run classic
#   sem-limit    after run sem-limit (its trace: entries and leaves)
#   all          after every scenario of /proc/synclab/scenarios, in order,
#                with its defaults: one results line each
#   bench        after the scenarios synclab bench runs by default
#   trace-many   after a traced race of 8 threads whose trace overflows
#   running      while a run of race is in progress (status has its progress),
#                the traced race above still in results
#   stopped      after a race stopped by max_run_ms
#
# Each gets a file `recorded` saying where and when. The other fixtures
# (garbled, truncated, fail, old-module, ...) are made by hand, for what the
# module does not print; this script leaves them alone. The tool's tests
# check that the recorded scenario list is the module's (module/scenarios.h),
# and docs/classic-trace.svg is drawn again from the new classic trace.
set -eu
. "$(dirname "$0")/lib.sh"

FIX=$SYNCLAB_ROOT/tests/tool/fixtures
OUT=$SYNCLAB_ROOT/build/fixtures
mkdir -p "$OUT"
ensure_demo_packages
read -r bz ko _ <<<"$(guest_kernel 6.12)"


say "booting 6.12 in QEMU to record the fixtures (a few minutes under emulation)"
rm -f "$OUT/fixtures.txt"
"$SYNCLAB_ROOT/scripts/vm-run" --kernel "$bz" --module "$ko" \
	--file "$SYNCLAB_ROOT/guest/record-fixtures.sh:/root/record-fixtures.sh" \
	--log "$OUT/console.log" --append quiet --timeout "${SYNCLAB_VM_TIMEOUT:-1200}" \
	--fetch /tmp/fixtures.txt:"$OUT/fixtures.txt" \
	--cmd 'sh /root/record-fixtures.sh'

# The host's side: cut the archive into the fixtures' files.
python3 "$SYNCLAB_ROOT/scripts/labfiles.py" fixtures "$OUT/fixtures.txt" "$FIX"

make -C "$SYNCLAB_ROOT/userspace" synclab >/dev/null
"$SYNCLAB_ROOT/userspace/synclab" --proc "$FIX/classic" trace --svg "$SYNCLAB_ROOT/docs/classic-trace.svg"
say "drew docs/classic-trace.svg from the recorded classic trace"
