#!/bin/sh
# Issue 6.4 at full size: four searchers loop while a 256 MiB burst is recorded, with the release
# binary. Not part of `make test` (minutes of work); the unit suite runs the same test at 16 MiB.
#   scripts/stress-concurrency.sh [MiB]
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product scrollvault
swift build --build-tests
SCROLLVAULT_E2E_BINARY=$PWD/.build/release/scrollvault SCROLLVAULT_BURST_MIB=${1:-256} \
    swift test --skip-build --filter ConcurrencyTests
