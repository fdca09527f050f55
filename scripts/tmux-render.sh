#!/bin/bash
# Renders a raw terminal byte stream through a headless tmux (the reference emulator) and
# prints the whole history plus the final screen: wrapped lines joined, trailing blanks
# trimmed, trailing empty lines dropped.   usage: tmux-render.sh COLS ROWS RAWFILE
#
# Unlike a fixed sleep, completion is detected exactly: after the stream, the pane prints an
# OSC 2 title carrying a nonce, and we poll until tmux has parsed it (tmux parses a pane's
# output in order, so everything before the nonce is on screen by then).
set -eu
cols=$1 rows=$2 raw=$(readlink -f "$3")
nonce=done$$x$RANDOM
dir=$(mktemp -d)
sock=$dir/socket conf=$dir/tmux.conf
printf 'set -g history-limit 2000000\nset -g status off\nset -g allow-rename off\n' >"$conf"
trap 'tmux -S "$sock" kill-server 2>/dev/null; rm -rf "$dir"' EXIT
tmux -S "$sock" -f "$conf" new-session -d -x "$cols" -y "$rows" \
  "stty raw -echo; cat '$raw'; printf '\\033]2;$nonce\\007'; sleep 100000"
for _ in $(seq 1 3000); do
  [ "$(tmux -S "$sock" display-message -p '#{pane_title}')" = "$nonce" ] && break
  sleep 0.01
done
tmux -S "$sock" capture-pane -p -J -S - -E - | sed 's/[[:space:]]*$//' | awk '
  { lines[NR] = $0; if ($0 != "") last = NR }
  END { for (i = 1; i <= last; i++) print lines[i] }'
