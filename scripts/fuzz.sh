#!/bin/sh
# Runs the libFuzzer targets (see scripts/fuzz-build.sh) for a bounded time each.
#   FUZZ_SECONDS=300 scripts/fuzz.sh [TARGET...]     TARGET: terminal, import (default: both)
# Corpora grow in $FUZZ_DIR/corpus/<target> (default /tmp/scrollvault-fuzz), seeded from
# Fuzz/seeds/<target>; crashing inputs land in $FUZZ_DIR/artifacts/<target>/ and the script exits 1.
# Keep every crashing input: copy it into Fuzz/regressions/<target>/ (Tests/TerminalTests/
# FuzzRegressionTests replays those for the terminal) or write a test in Tests/RecordingFormatsTests/Fuzz*.swift.
set -eu
# The Swift backtracer hangs beside libFuzzer's own crash handling: let libFuzzer report.
export SWIFT_BACKTRACE=enable=no
ROOT=$(cd "$(dirname "$0")/.." && pwd)
FUZZ_DIR=${FUZZ_DIR:-/tmp/scrollvault-fuzz}
SECONDS_PER_TARGET=${FUZZ_SECONDS:-300}
export FUZZ_BUILD=${FUZZ_BUILD:-$FUZZ_DIR/build}
"$ROOT/scripts/fuzz-build.sh" >/dev/null
targets=${*:-terminal import}
status=0
for target in $targets; do
    case $target in
        terminal) max_len=8192 ;;
        import) max_len=16384 ;;
        *) echo "fuzz.sh: unknown target $target (terminal, import)" >&2; exit 2 ;;
    esac
    corpus=$FUZZ_DIR/corpus/$target
    artifacts=$FUZZ_DIR/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    echo "fuzz.sh: $target for ${SECONDS_PER_TARGET}s (corpus $corpus)" >&2
    if ! "$FUZZ_BUILD/fuzz-$target" -max_total_time="$SECONDS_PER_TARGET" -max_len=$max_len \
        -timeout=20 -rss_limit_mb=2048 -len_control=20 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$corpus" "$ROOT/Fuzz/seeds/$target" \
        $( [ -d "$ROOT/Fuzz/regressions/$target" ] && echo "$ROOT/Fuzz/regressions/$target" ); then
        echo "fuzz.sh: $target found a crash; inputs in $artifacts" >&2
        status=1
    fi
done
exit $status
