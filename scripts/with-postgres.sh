#!/bin/bash
# Runs a command (the test suite) beside a throwaway PostgreSQL server, which the team-server
# tests use: SCROLLVAULT_TEST_PG_URL is its URL, SCROLLVAULT_TEST_PG_CLUSTER the script that
# makes more clusters (a test that stops its server uses one of its own). The server is
# stopped and removed when the command ends, whatever its outcome. When no server can be
# started, the command runs without the URL: those tests then skip (and fail under CI=true).
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d /tmp/scrollvault-pg.XXXXXX)
trap '"$here/pg-cluster.sh" destroy "$dir"' EXIT
if url=$("$here/pg-cluster.sh" start "$dir"); then
  export SCROLLVAULT_TEST_PG_URL="$url"
  export SCROLLVAULT_TEST_PG_CLUSTER="$here/pg-cluster.sh"
  echo "with-postgres: test server at $url"
else
  echo "with-postgres: could not start a PostgreSQL server; the team-server tests will skip" >&2
fi
"$@"
