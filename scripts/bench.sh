#!/bin/bash
# make bench: every figure issue 5 asks for, each beside a peer measured in the same run, printed
# as one table at the end (progress goes to stderr, details to .build/bench-data/bench.log).
#
#   BENCH_SCALE=0.1 ./scripts/bench.sh     quick run (data sizes x0.1); default 1 (~20 minutes)
#   BENCH_REPS=3                           runs per timed figure (median); search uses BENCH_REPS+2
#   BENCH_BUDGET=16MiB                     the explicit --scrollback-memory of item 2
#   BENCH_ONLY="search import"             only these groups (run import size search echo parser)
#   BENCH_PROGRAMS=1                       also print pagestore-bench and archive-bench in full
#
# Generated streams (gen_stream.py) and the 10M-line search archive are cached under
# .build/bench-data, so reruns at the same scale skip building them.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/bench/lib.sh

SCALE=${BENCH_SCALE:-1}
REPS=${BENCH_REPS:-3}
BUDGET=${BENCH_BUDGET:-16MiB}
SV=$ROOT/.build/release/scrollvault
GEN=${BENCH_GEN:-$ROOT/../shared/checks/gen_stream.py}
[ -f "$GEN" ] || GEN=/work/shared/checks/gen_stream.py
DATA=$ROOT/.build/bench-data
mkdir -p "$DATA"
TMP=$(mktemp -d "$DATA/run.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
LOG=$DATA/bench.log
: > "$LOG"
for tool in "$SV" "$ROOT/.build/release/terminal-bench"; do
  [ -x "$tool" ] || { echo "missing $tool (swift build -c release)"; exit 1; }
done
command -v script >/dev/null && [ -x /usr/bin/time ] || { echo "needs script(1) and /usr/bin/time"; exit 1; }
note "BENCH_SCALE=$SCALE, $REPS runs per figure, log in $LOG"

# Items 1 and 2: `run -- cat F` against `script -q -c 'cat F'`: wall time and peak RSS, at the
# default budget; then peak RSS again with an explicit --scrollback-memory.
bench_run_vs_script() {
  local kind=$1 megabytes=$2 bar=$3
  local file; file=$(data_file "$kind" "$megabytes")
  local bytes; bytes=$(stat -c %s "$file")
  local sv_s=() sc_s=() ratios=() sv_rss=() sc_rss=() budget_rss=()
  for i in $(seq "$REPS"); do
    note "run vs script, $kind ${megabytes} MiB, $i/$REPS"
    rm -f "$TMP"/run.db*
    wall /usr/bin/time -f %M -o "$TMP/rss" "$SV" run --db "$TMP/run.db" --name "bench$i" -- cat "$file" \
      >/dev/null </dev/null 2>>"$LOG" || echo "run failed (rc $?)" >>"$LOG"
    sv_s+=("$(calc "$WALL_US / 1e6")"); sv_rss+=("$(tail -1 "$TMP/rss")")
    stop_catch_up "$TMP/run.db"
    wall /usr/bin/time -f %M -o "$TMP/rss" script -q -c "cat '$file'" /dev/null >/dev/null </dev/null 2>>"$LOG"
    sc_s+=("$(calc "$WALL_US / 1e6")"); sc_rss+=("$(tail -1 "$TMP/rss")")
    ratios+=("$(calc "${sc_s[-1]} / ${sv_s[-1]}")")
  done
  # The archive left by the last run: how far its index lags at exit (run indexes when idle).
  local lag; lag=$("$SV" stats --db "$TMP/run.db" 2>>"$LOG" | awk '/^chunks:/ { print $2 " chunks, " substr($3, 2) " not yet indexed" }')
  [ "$kind" = log ] && search_unindexed "$file"
  for i in $(seq "$REPS"); do
    note "peak RSS at --scrollback-memory $BUDGET, $kind, $i/$REPS"
    rm -f "$TMP"/run.db*
    /usr/bin/time -f %M -o "$TMP/rss" "$SV" run --db "$TMP/run.db" --scrollback-memory "$BUDGET" -- cat "$file" \
      >/dev/null </dev/null 2>>"$LOG"
    budget_rss+=("$(tail -1 "$TMP/rss")")
  done
  local sv sc ratio
  sv=$(median "${sv_s[@]}"); sc=$(median "${sc_s[@]}"); ratio=$(median "${ratios[@]}")
  echo "run vs script $kind: run ${sv_s[*]} s; script ${sc_s[*]} s; speed ratios ${ratios[*]}" >>"$LOG"
  row "1 run -- cat, $kind ${megabytes}MiB" "$(fmt 2 "$sv") s ($(fmt 0 "$bytes / $sv / 1e6") MB/s)" \
    "script $(fmt 2 "$sc") s" "$(fmt 2 "$ratio")x speed" ">= ${bar}x" "$(judge "$ratio" '>=' "$bar")"
  local default_mib budget_mib script_mib limit
  default_mib=$(calc "$(median "${sv_rss[@]}") / 1024"); budget_mib=$(calc "$(median "${budget_rss[@]}") / 1024")
  script_mib=$(calc "$(median "${sc_rss[@]}") / 1024")
  limit=$(( 16 + 32 ))  # the default budget is 16 MiB (Run.swift)
  row "2 peak RSS run, $kind, default budget" "$(fmt 1 "$default_mib") MiB" "script $(fmt 1 "$script_mib") MiB" \
    "$(fmt 1 "$default_mib / $script_mib")x" "<= $limit MiB" "$(judge "$default_mib" '<=' "$limit")"
  limit=$(( $(numfmt --from=iec "${BUDGET%iB}") / 1048576 + 32 ))
  row "2 peak RSS run, $kind, $BUDGET" "$(fmt 1 "$budget_mib") MiB" "script $(fmt 1 "$script_mib") MiB" \
    "$(fmt 1 "$budget_mib / $script_mib")x" "<= $limit MiB" "$(judge "$budget_mib" '<=' "$limit")"
  row "3 index lag after run, $kind" "$lag" "-" "-" "-" "info"
}

# Item 4, aside: a rare token searched in the archive `run` just left (its index lags: the
# chunks past the index watermark are scanned), beside grep -F over the same raw text.
search_unindexed() {
  local file=$1 lines sv=() gr=() i
  lines=$(cat "$file.lines")
  local rare="tok$(( lines * 3 / 5 ))"
  for i in $(seq "$REPS"); do
    wall "$SV" search --db "$TMP/run.db" "$rare" >"$TMP/search.out" 2>>"$LOG"; sv+=("$(calc "$WALL_US / 1000")")
    wall grep -F "$rare" "$file" >"$TMP/peer.out"; gr+=("$(calc "$WALL_US / 1000")")
  done
  local s g; s=$(median "${sv[@]}"); g=$(median "${gr[@]}")
  row "4 search right after run, $lines lines" "rare token p50 $(fmt 1 "$s") ms ($(grep -c '' "$TMP/search.out") lines out)" \
    "grep -F $(fmt 1 "$g") ms" "$(fmt 3 "$s / $g")x grep" "-" "info"
}

# Item 3: import throughput (MB/s = 10^6 bytes/s, lines/s) beside `zstd -1` reading and
# compressing the same bytes; `stats` afterwards. Item 5 (log): the archive's size against raw.
bench_import() {
  local kind=$1 megabytes=$2
  local file; file=$(data_file "$kind" "$megabytes")
  local bytes lines; bytes=$(stat -c %s "$file"); lines=$(cat "$file.lines")
  local imp=() peer=() ratios=()
  for i in $(seq "$REPS"); do
    note "import $kind ${megabytes} MiB, $i/$REPS"
    rm -f "$TMP"/import.db*
    wall "$SV" import --db "$TMP/import.db" --format raw --cols 200 --rows 50 --name "imp$i" "$file" >/dev/null 2>>"$LOG"
    imp+=("$(calc "$WALL_US / 1e6")")
    wall zstd -q -1 -T1 -c "$file" >/dev/null 2>>"$LOG"
    peer+=("$(calc "$WALL_US / 1e6")")
    ratios+=("$(calc "${peer[-1]} / ${imp[-1]}")")
  done
  local t p r stats
  t=$(median "${imp[@]}"); p=$(median "${peer[@]}"); r=$(median "${ratios[@]}")
  stats=$("$SV" stats --db "$TMP/import.db" 2>>"$LOG" | awk '/^chunks:/ { print $2 " chunks, " substr($3, 2) " unindexed" }')
  row "3 import, $kind ${megabytes}MiB" \
    "$(fmt 2 "$t") s: $(fmt 1 "$bytes / $t / 1e6") MB/s, $(fmt 0 "$lines / $t") lines/s; after: $stats" \
    "zstd -1 $(fmt 2 "$p") s ($(fmt 0 "$bytes / $p / 1e6") MB/s)" "$(fmt 2 "$r")x speed" "-" "info"
  if [ "$kind" = log ]; then
    local archive; archive=$(db_bytes "$TMP/import.db")
    local zst; zst=$(zstd -q -1 -T1 -c "$file" | wc -c)
    local ratio; ratio=$(calc "$archive / $bytes")
    row "5 archive size, log ${megabytes}MiB" "$(fmt 1 "$archive / 1048576") MiB archive" \
      "raw $(fmt 1 "$bytes / 1048576") MiB (zstd -1 alone $(fmt 1 "$zst / 1048576"))" "$(fmt 2 "$ratio")x raw" \
      "<= 1.0x" "$(judge "$ratio" '<=' 1.0)"
  fi
}

# Item 5, real output: `ls -lR /usr` recorded by run; its raw bytes captured through script.
bench_real_output_size() {
  note "archive size of ls -lR /usr"
  script -q -c 'ls -lR /usr' /dev/null >"$TMP/ls.raw" </dev/null 2>>"$LOG"
  rm -f "$TMP"/ls.db*
  "$SV" run --db "$TMP/ls.db" -- ls -lR /usr >/dev/null </dev/null 2>>"$LOG"
  local raw archive ratio
  raw=$(stat -c %s "$TMP/ls.raw"); archive=$(db_bytes "$TMP/ls.db"); ratio=$(calc "$archive / $raw")
  row "5 archive size, ls -lR /usr" "$(fmt 1 "$archive / 1048576") MiB archive" "raw $(fmt 1 "$raw / 1048576") MiB" \
    "$(fmt 2 "$ratio")x raw" "-" "info"
}

# Item 4: the search archive (10M lines x BENCH_SCALE, ~86 bytes each), built once and cached.
search_archive() {
  local megabytes; megabytes=$(scaled 860)
  SEARCH_RAW=$(data_file log "$megabytes")
  SEARCH_DB=$DATA/search-${megabytes}MiB.sqlite
  if [ ! -f "$SEARCH_DB.complete" ]; then
    note "building the search archive from $SEARCH_RAW (once; cached)"
    rm -f "$SEARCH_DB" "$SEARCH_DB"-*
    wall "$SV" import --db "$SEARCH_DB" --format raw --cols 200 --rows 50 --name big "$SEARCH_RAW" >/dev/null 2>>"$LOG" \
      || { echo "import of the search archive failed"; return 1; }
    echo "$WALL_US" > "$SEARCH_DB.complete"
  fi
  local lines bytes us; lines=$(cat "$SEARCH_RAW.lines"); bytes=$(stat -c %s "$SEARCH_RAW"); us=$(cat "$SEARCH_DB.complete")
  row "4 search archive: $lines lines" "import $(fmt 1 "$us / 1e6") s ($(fmt 1 "$bytes / $us") MB/s), $(fmt 1 "$(db_bytes "$SEARCH_DB") / 1048576") MiB" \
    "raw $(fmt 1 "$bytes / 1048576") MiB" "$(fmt 2 "$(db_bytes "$SEARCH_DB") / $bytes")x raw" "-" "info (1 run, cached)"
}

# The peers of a search: grep (and rg when installed) over the raw text, newest LIMIT matches, to
# a file (GNU grep stops at the first match when its output is /dev/null).
peer_grep() { grep "$1" -- "$2" "$SEARCH_RAW" | tail -n "$3" >"$TMP/peer.out"; }
# rg reads -E as --encoding: its regex mode is the default, so -E maps to no flag.
peer_rg() { local flag=$1; [ "$flag" = -E ] && flag=--regexp; rg --no-mmap "$flag" "$2" "$SEARCH_RAW" | tail -n "$3" >"$TMP/peer.out"; }

# search_case LABEL LIMIT TARGET GREP_MODE -- SEARCH ARGS... : p50 CLI wall times, one row.
# TARGET is a time in ms, or xR: at most R times the peer's time (rg's when installed, else grep's).
search_case() {
  local label=$1 limit=$2 target=$3 mode=$4; shift 5
  local query=${*: -1}
  local sv=() gr=() rgt=() i
  for i in $(seq $((REPS + 2))); do
    wall "$SV" search --db "$SEARCH_DB" --limit "$limit" "$@" >"$TMP/search.out" 2>>"$LOG"
    sv+=("$(calc "$WALL_US / 1000")")
    wall peer_grep "$mode" "$query" "$limit"; gr+=("$(calc "$WALL_US / 1000")")
    if command -v rg >/dev/null; then wall peer_rg "$mode" "$query" "$limit"; rgt+=("$(calc "$WALL_US / 1000")"); fi
  done
  local hits peer_hits s g peer
  hits=$(grep -c '' "$TMP/search.out"); peer_hits=$(grep -c '' "$TMP/peer.out")
  s=$(median "${sv[@]}"); g=$(median "${gr[@]}")
  peer="grep $mode $(fmt 1 "$g") ms"
  [ ${#rgt[@]} -gt 0 ] && peer="$peer, rg $mode $(fmt 1 "$(median "${rgt[@]}")") ms"
  echo "search $label: search ${sv[*]} ms; grep ${gr[*]} ms; rg ${rgt[*]:-} ms; output lines $hits vs $peer_hits" >>"$LOG"
  local bar=- op='<='; [ "$target" != - ] && bar=$target
  if [ "${target:0:1}" = x ]; then
    local best=$g name=grep
    [ ${#rgt[@]} -gt 0 ] && { best=$(median "${rgt[@]}"); name=rg; }
    row "4 search: $label" "p50 $(fmt 1 "$s") ms ($hits lines out)" "$peer ($peer_hits lines)" \
      "$(fmt 3 "$s / $best")x $name" "<= ${target:1}x $name" "$(judge "$(calc "$s / $best")" "$op" "${target:1}")"
    return
  fi
  row "4 search: $label" "p50 $(fmt 1 "$s") ms ($hits lines out)" "$peer ($peer_hits lines)" \
    "$(fmt 3 "$s / $g")x grep" "$([ "$bar" = - ] && echo - || echo "<= $bar ms")" "$(judge "$s" "$op" "$bar")"
}

bench_search() {
  search_archive || return
  local lines; lines=$(cat "$SEARCH_RAW.lines")
  local rare="tok$(( lines * 3 / 5 ))"   # one line holds it; tokN0.. lie beyond the last line
  note "search latency over $lines lines"
  search_case "rare token $rare" 100 20 -F -- "$rare"
  search_case "newest 20 of 'latency'" 20 - -F -- latency
  search_case "phrase 'connection refused'" 100 x0.3 -F -- --phrase "connection refused"
  # A rare phrase of common words (40 hits at 10M lines): the trigram index's phrase shingles.
  search_case "phrase 'kernel buffer request warning'" 100 x0.3 -F -- --phrase "kernel buffer request warning"
  search_case "substring 'ok31415'" 100 - -F -- --substring ok31415
  search_case "regex 'error (timeout|refused)'" 100 - -E -- --regex 'error (timeout|refused)'
  # Issue 24: a regex with a literal (the trigram index picks its chunks), one without (every
  # chunk, in parallel), the newest 20 of a common one, and case-insensitive substring.
  local literal="${rare:0:8}[0-9]7 " common='[0-9]{5}3 [a-z]{5} [a-z]{4}'
  search_case "regex with a literal '$literal'" 100000 x0.2 -E -- --regex "$literal"
  search_case "regex, no literal '$common'" 100000 x1.5 -E -- --regex "$common"
  search_case "newest 20 of regex '$common'" 20 - -E -- --regex "$common"
  search_case "-i substring 'OK31415'" 100 - -iF -- -i --substring OK31415
}

# Item 6: typed-key echo latency through run and through script (scripts/bench/echo_latency.py).
bench_echo_latency() {
  local sv_med=() sv_p99=() sc_med=() sc_p99=() bare=() i out
  for i in $(seq "$REPS"); do
    note "echo latency, $i/$REPS"
    rm -f "$TMP"/echo.db*
    out=$(python3 scripts/bench/echo_latency.py --keys 1000 -- "$SV" run --db "$TMP/echo.db" -- cat 2>>"$LOG")
    sv_med+=("$(echo "$out" | awk '{ print $1 }')"); sv_p99+=("$(echo "$out" | awk '{ print $2 }')")
    out=$(python3 scripts/bench/echo_latency.py --keys 1000 -- script -q -c cat /dev/null 2>>"$LOG")
    sc_med+=("$(echo "$out" | awk '{ print $1 }')"); sc_p99+=("$(echo "$out" | awk '{ print $2 }')")
    # No wrapper at all: cat on the harness's own pty (the kernel's echo alone), for scale.
    out=$(python3 scripts/bench/echo_latency.py --keys 1000 -- cat 2>>"$LOG")
    bare+=("$(echo "$out" | awk '{ print $1 }')")
  done
  echo "echo latency: run medians ${sv_med[*]} p99 ${sv_p99[*]}; script medians ${sc_med[*]} p99 ${sc_p99[*]}; bare pty medians ${bare[*]}" >>"$LOG"
  local s c added
  s=$(median "${sv_med[@]}"); c=$(median "${sc_med[@]}"); added=$(calc "$s - $c")
  row "6 key echo latency (1000 keys)" "run median $(fmt 3 "$s") ms, p99 $(fmt 3 "$(median "${sv_p99[@]}")") ms" \
    "script median $(fmt 3 "$c") ms, p99 $(fmt 3 "$(median "${sc_p99[@]}")") ms; bare pty $(fmt 3 "$(median "${bare[@]}")") ms" "added $(fmt 3 "$added") ms" \
    "<= 0.05 ms added" "$(judge "$added" '<=' 0.05)"
}

# Item 7: parser-only MB/s from terminal-bench (median of 3 inside it), beside `wc -l`.
bench_parser() {
  local megabytes; megabytes=$(awk -v s="$SCALE" 'BEGIN { v = int(32 * s); print v < 4 ? 4 : v }')
  note "terminal-bench --megabytes $megabytes"
  .build/release/terminal-bench --megabytes "$megabytes" >"$TMP/tb.out" 2>>"$LOG"
  cat "$TMP/tb.out" >>"$LOG"
  local name label
  for name in log styles emoji; do
    case $name in log) label=plain ;; styles) label=SGR ;; emoji) label=emoji ;; esac
    # columns: data MB emulator pages parser memcpy wc-l lines
    read -r _ _ emu _ parser _ wcl _ < <(awk -v n="$name" '$1 == n' "$TMP/tb.out")
    row "7 parser only, $label ($name ${megabytes}MiB)" "$parser MB/s (emulator $emu MB/s)" "wc -l $wcl MB/s" \
      "$(fmt 2 "$parser / $wcl")x wc -l" "-" "info"
  done
}

bench_programs() {
  local b
  for b in pagestore-bench archive-bench; do
    note "$b"; echo "== $b"; ".build/release/$b" || echo "$b failed"
  done
}

# BENCH_ONLY="search import" runs just those groups (run, import, size, search, echo, parser).
only() { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" $1 "* ]]; }
only run && bench_run_vs_script log "$(scaled 512)" 0.9
only run && bench_run_vs_script emoji "$(scaled 128)" 0.6
only import && bench_import log "$(scaled 128)"
only import && bench_import emoji "$(scaled 128)"
only size && bench_real_output_size
only search && bench_search
only echo && bench_echo_latency
only parser && bench_parser
[ "${BENCH_PROGRAMS:-0}" = 1 ] && bench_programs

note "done"
echo
echo "scrollvault bench, BENCH_SCALE=$SCALE, median of $REPS runs (search: p50 of $((REPS + 2))), $(nproc) cores, $(date -u +%F)"
print_table
