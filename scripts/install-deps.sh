#!/bin/bash
# Installs the system packages ScrollVault builds and tests with, when they are missing.
# libsqlite3-dev, zlib1g-dev, libzstd-dev, liblz4-dev and libpcre2-dev are linked; tmux is the test oracle; sqlite3, bsdutils
# (script), bc and time are used by the end-to-end checks and benchmarks; bash, zsh, fish and
# less are the real shells (and the full-screen program) the shell-integration tests drive;
# postgresql is the team server the sync and remote-search tests start (scripts/with-postgres.sh).
set -eu
need=()
for pkg in libsqlite3-dev zlib1g-dev libzstd-dev liblz4-dev libpcre2-dev tmux sqlite3 bsdutils bc time bash zsh fish less postgresql; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done

# The MCP server's end-to-end test talks to it with the official Python client (PyPI `mcp`),
# installed for the current user; `--break-system-packages` only where the system Python
# refuses user installs (PEP 668).
if command -v python3 >/dev/null && ! python3 -c 'import mcp' 2>/dev/null; then
  echo "installing the Python MCP client (pip install mcp)"
  python3 -m pip install --user --quiet mcp 2>/dev/null \
    || python3 -m pip install --quiet mcp 2>/dev/null \
    || python3 -m pip install --user --quiet --break-system-packages mcp \
    || echo "could not install the Python package mcp: the MCP end-to-end test will be skipped (or fail under CI=true)" >&2
fi

[ ${#need[@]} = 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "missing packages: ${need[*]} (run as root, or: sudo apt-get install ${need[*]})" >&2
  exit 1
fi
echo "installing: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
