#!/usr/bin/env bash
# Compiles the contracts from two fresh copies of this folder at different absolute paths
# (each with its own `npm ci` from package-lock.json) and checks that every .abi/.bin is
# byte-identical. Prints the sha256 of each output. Needs node, npm and the npm registry (or cache).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for copy in "$work/a" "$work/some/deeper/checkout/path/b"; do
  mkdir -p "$copy"
  (cd "$here" && tar cf - package.json package-lock.json compile.js src) | (cd "$copy" && tar xf -)
  (cd "$copy" && npm ci --no-audit --no-fund --prefer-offline >/dev/null && node compile.js out >/dev/null)
done
if diff "$work/a/out/checksums.sha256" "$work/some/deeper/checkout/path/b/out/checksums.sha256" >/dev/null \
  && diff -r "$work/a/out" "$work/some/deeper/checkout/path/b/out" >/dev/null; then
  echo "deterministic: identical outputs from $work/a and $work/some/deeper/checkout/path/b"
  cat "$work/a/out/checksums.sha256"
else
  echo "NOT deterministic:" >&2
  diff "$work/a/out/checksums.sha256" "$work/some/deeper/checkout/path/b/out/checksums.sha256" >&2 || true
  exit 1
fi
