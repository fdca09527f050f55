#!/bin/bash
# Prints every benchmark's figures; each stands beside a peer measured in the same run.
set -u
cd "$(dirname "$0")/.."
for b in pagestore-bench terminal-bench archive-bench; do
  echo "== $b"
  ".build/release/$b" || echo "$b failed"
done
