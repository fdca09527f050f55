#!/bin/bash
# make bench-fleet: what shipping to a team server costs, against a throwaway PostgreSQL on this
# machine (scripts/pg-cluster.sh: fsync off, so the sync rate is the client's and the server's
# work, not the disk's). Prints:
#   - sync rate: lines/s of a first `sync` of an archive of FLEET_LINES lines (default 1,000,000)
#   - a second sync with nothing new (the cost of a `sync --watch` poll)
#   - rare-token search latency, local against --remote, for words, --substring and --regex
#     (median of FLEET_REPS runs, default 5), each finding the same 3 lines
# Figures are indicative: the machine is shared, and the server runs beside the client.
set -eu
cd "$(dirname "$0")/.."
SV=${SV:-$PWD/.build/release/scrollvault}
LINES=${FLEET_LINES:-1000000}
REPS=${FLEET_REPS:-5}
[ -x "$SV" ] || { echo "missing $SV (swift build -c release)" >&2; exit 1; }
tmp=$(mktemp -d /tmp/scrollvault-fleet-bench.XXXXXX)
# A directory of its own: as root the server runs as an unprivileged user, who must reach it.
pg=$(mktemp -d /tmp/scrollvault-fleet-pg.XXXXXX)
trap 'scripts/pg-cluster.sh destroy "$pg" >/dev/null 2>&1; rm -rf "$tmp"' EXIT
url=$(scripts/pg-cluster.sh start "$pg")
db=$tmp/archive.sqlite

now_us() { echo $(( $(date +%s%N) / 1000 )); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "generating and importing $LINES lines..." >&2
python3 - "$LINES" > "$tmp/lines.txt" <<'PY'
import sys, random
n = int(sys.argv[1]); random.seed(27)
words = "connect request served upstream cache miss retry worker queue build test deploy error warning info".split()
rare = {n // 7, n // 2, n - 5}
out = sys.stdout
for i in range(n):
    if i in rare:
        out.write(f"worker {i}: zqxjvark-4711 token seen in response\r\n")
    else:
        out.write(f"2026-12-05T12:{i // 60 % 60:02d}:{i % 60:02d} {random.choice(words)} {random.choice(words)} id={i} took {random.randint(1, 999)}ms\r\n")
PY
"$SV" import --db "$db" --format raw --name bench --quiet "$tmp/lines.txt" >/dev/null
"$SV" index --db "$db" --quiet
stored=$("$SV" sessions --db "$db" --json | python3 -c 'import json, sys; print(sum(s["lines"] for s in json.load(sys.stdin)))')

start=$(now_us)
"$SV" sync --db "$db" --to "$url" --host bench --quiet
sync_us=$(( $(now_us) - start ))
start=$(now_us)
"$SV" sync --db "$db" --to "$url" --host bench --quiet
noop_us=$(( $(now_us) - start ))

printf '%-44s %s\n' "archive" "$stored lines"
printf '%-44s %s\n' "first sync" "$(awk "BEGIN { printf \"%.1f s, %.0f lines/s\", $sync_us / 1e6, $stored / ($sync_us / 1e6) }")"
printf '%-44s %s\n' "second sync, nothing new" "$(awk "BEGIN { printf \"%.0f ms\", $noop_us / 1000 }")"
for mode in "" "--substring" "--regex"; do
  query=zqxjvark; [ "$mode" = "--regex" ] && query='zqxjv[a-z]+-47\d1'
  for where in local remote; do
    args=(--db "$db"); [ $where = remote ] && args=(--remote "$url")
    found=$("$SV" search "${args[@]}" $mode "$query" | wc -l)
    times=()
    for _ in $(seq "$REPS"); do
      start=$(now_us); "$SV" search "${args[@]}" $mode "$query" >/dev/null; times+=($(( $(now_us) - start )))
    done
    printf '%-44s %s\n' "rare token ${mode:---words} $where ($found found)" "$(printf '%s\n' "${times[@]}" | median | awk '{ printf "%.1f ms", $1 / 1000 }')"
  done
done
