#!/usr/bin/env bash
# `npm run check:package` (a step of `npm test`): publint, then checks of the packed tarball:
# are-the-types-wrong, and declaration maps that lead to shipped sources. The tarball is packed
# into a temporary folder: `attw --pack .` packs into the working tree and deletes its tarball
# afterwards, which also deleted the one the README's install step had just made. The build ran
# before this script, so packing skips the prepack build.
set -euo pipefail
cd "$(dirname "$0")/.."
publint --strict
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm pack --ignore-scripts --silent --pack-destination "$tmp" >/dev/null
attw "$tmp"/*.tgz --profile esm-only
tar -xzf "$tmp"/*.tgz -C "$tmp"
tsx scripts/check-declaration-maps.ts "$tmp/package"
