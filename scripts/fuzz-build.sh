#!/bin/sh
# Builds the libFuzzer targets under Fuzz/ outside SwiftPM's graph: each library module they
# need is compiled from Sources/ with swiftc -sanitize=fuzzer,address into $FUZZ_BUILD
# (default /tmp/scrollvault-fuzz/build), then each target is linked against those objects.
#   scripts/fuzz-build.sh            builds fuzz-terminal and fuzz-import
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${FUZZ_BUILD:-/tmp/scrollvault-fuzz/build}
SWIFTC=${SWIFTC:-swiftc}
FLAGS="-O -g -sanitize=fuzzer,address -parse-as-library -swift-version 6"
mkdir -p "$OUT"

# module NAME SOURCE_DIR [DEPENDENCY...]: one object and one .swiftmodule per library module.
module() {
    name=$1; dir=$2; shift 2
    echo "fuzz-build: module $name" >&2
    # shellcheck disable=SC2046
    $SWIFTC $FLAGS -wmo -module-name "$name" -emit-module -emit-module-path "$OUT/$name.swiftmodule" \
        -I "$OUT" -c $(find "$ROOT/$dir" -name '*.swift' | sort) -o "$OUT/$name.o"
}

# target NAME MAIN OBJECT...: one fuzzer executable.
target() {
    name=$1; main=$2; shift 2
    echo "fuzz-build: target $name" >&2
    $SWIFTC $FLAGS -I "$OUT" "$ROOT/$main" "$@" -o "$OUT/$name"
}

[ -n "${SKIP_MODULES:-}" ] || module OwnedMemory Sources/OwnedMemory
[ -n "${SKIP_MODULES:-}" ] || module PageStore Sources/PageStore
[ -n "${SKIP_MODULES:-}" ] || module VTParser Sources/VTParser
[ -n "${SKIP_MODULES:-}" ] || module Terminal Sources/Terminal
# The import decoders only need OwnedMemory, the standard library and Glibc.
[ -n "${SKIP_MODULES:-}" ] || module RecordingFormats Sources/RecordingFormats

target fuzz-terminal Fuzz/TerminalFuzzer/main.swift "$OUT/OwnedMemory.o" "$OUT/PageStore.o" "$OUT/VTParser.o" "$OUT/Terminal.o"
target fuzz-import Fuzz/ImportFuzzer/main.swift "$OUT/OwnedMemory.o" "$OUT/RecordingFormats.o"
echo "$OUT"
