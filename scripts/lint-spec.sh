#!/usr/bin/env bash
# Lints every spec named in redocly.yaml. Fails on any error and on any warning, so that
# "zero problems" is what passing means.
set -u
export REDOCLY_TELEMETRY=off
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
node_modules/.bin/redocly lint --format stylish >"$log" 2>&1
status=$?
# Redocly prints a boxed Node 20 end-of-support banner on every run; it is not about the specs.
grep -v -e '║' -e '╔' -e '╚' "$log"
if [ "$status" -ne 0 ] || grep -qiE '[0-9]+ (warning|error)s?' "$log"; then
  echo "lint:spec: problems found" >&2
  exit 1
fi
