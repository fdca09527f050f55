# Helpers sourced by scripts/bench.sh: timing, medians, data files, the result table.
# Every figure is the median of several runs, measured interleaved with its peer, because the
# machine is small and noisy: the ratio between the two is the number that counts.

export LC_ALL=C   # EPOCHREALTIME and printf use '.' as the decimal point

# wall CMD... : runs CMD in this shell (redirections are the caller's) and leaves its wall time
# in WALL_US. EPOCHREALTIME is a bash builtin: no fork is counted, unlike $(date).
wall() {
  local start=${EPOCHREALTIME/./}
  "$@"
  local rc=$?
  WALL_US=$(( ${EPOCHREALTIME/./} - start ))
  return $rc
}

# median VALUE... : the middle value (the lower middle for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# percentile P VALUE... : nearest-rank percentile.
percentile() {
  local p=$1; shift
  printf '%s\n' "$@" | sort -g | awk -v p="$p" '{ v[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print v[i] }'
}

# calc EXPRESSION : floating-point arithmetic (awk), printed with up to 4 significant decimals.
calc() { awk "BEGIN { printf \"%.4g\", $1 }"; }

# fmt DIGITS EXPRESSION : the expression with a fixed number of decimals.
fmt() { awk "BEGIN { printf \"%.$1f\", $2 }"; }

# judge VALUE OP BAR : prints pass or miss (OP is <= or >=); '-' when there is no bar.
judge() {
  [ "$3" = - ] && { echo info; return; }
  awk -v v="$1" -v b="$3" -v op="$2" 'BEGIN { ok = (op == "<=") ? (v <= b) : (v >= b); print ok ? "pass" : "MISS" }'
}

# scaled MEGABYTES : MEGABYTES x BENCH_SCALE, at least 1.
scaled() { awk -v m="$1" -v s="$SCALE" 'BEGIN { v = m * s; if (v < 1) v = 1; printf "%g", v }'; }

# data_file KIND MEGABYTES : path of a cached generated stream (gen_stream.py, deterministic);
# its line count is kept beside it as PATH.lines.
data_file() {
  local path=$DATA/$1-$2MiB.raw
  if [ ! -s "$path.lines" ]; then
    note "generating $1 text, $2 MiB -> $path"
    python3 "$GEN" "$1" "$2" "$path.tmp" > "$path.lines.tmp" && mv "$path.tmp" "$path" && mv "$path.lines.tmp" "$path.lines"
  fi
  echo "$path"
}

# stop_catch_up DB : ends the low-priority `index --background` that `run` leaves indexing DB,
# and waits for it, so the peer measured next has the machine to itself. Left running, it does
# not slow `script` but speeds it up by a third here (3.2-4.4 s alone, 2.3-2.7 s beside a busy
# nice-19 loop: cat and script then share a core and their pty wake-ups stop crossing cores), so
# the ratio compared run on a quiet machine with script on a favourable one. Nothing is lost:
# the interrupted slice rolls back and the next catch-up or search goes on from the watermark.
stop_catch_up() {
  local pattern="index --db $1 --background" tries=0
  pkill -f -- "$pattern" || return 0
  # pgrep, not kill -0: a zombie (this container's init reaps late) has no command line to match.
  while pgrep -f -- "$pattern" >/dev/null && [ $((tries += 1)) -le 100 ]; do sleep 0.02; done
}

# note TEXT : progress on stderr, with the minutes and seconds since the start.
note() { printf '[%4ds] %s\n' "$SECONDS" "$*" >&2; }

# db_bytes PATH : size of an archive with its WAL and shared-memory files.
db_bytes() { du -cb "$1" "$1-wal" "$1-shm" 2>/dev/null | tail -1 | cut -f1; }

# row ITEM FIGURE PEER RATIO TARGET RESULT : one line of the final table.
ROWS=()
row() { ROWS+=("$1"$'\t'"$2"$'\t'"$3"$'\t'"$4"$'\t'"$5"$'\t'"$6"); }

print_table() {
  local header=$'item\tfigure\tpeer (same run)\tratio\ttarget\tresult'
  { echo "$header"; printf '%s\n' "${ROWS[@]}" | sort -s -t$'\t' -k1,1n; } | awk -F'\t' '
    { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NR }
    END {
      for (r = 1; r <= n; r++) {
        line = ""
        for (i = 1; i <= 6; i++) line = line sprintf("%-" w[i] "s", cell[r, i]) (i < 6 ? " | " : "")
        print line
        if (r == 1) { sep = ""; for (i = 1; i <= 6; i++) { d = sprintf("%" w[i] "s", ""); gsub(/ /, "-", d); sep = sep d (i < 6 ? "-+-" : "") } print sep }
      }
    }'
}
