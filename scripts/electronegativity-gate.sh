#!/usr/bin/env bash
# Electronegativity as a gate: fails on any finding that electronegativity-allowlist.txt does not
# explain (one line per finding: CHECK_ID<TAB>file<TAB>reason) and on any file it could not parse.
# Electronegativity itself always exits 0, and it reports parse failures only on its console, so
# this runs it twice in parallel: once for the SARIF report, once for the console. (Its CSV writer
# races with itself and sometimes loses the first rows, so the report is read as SARIF.)
# Needs only the npm registry (the first time); its look-ups of github.com fail fast and are harmless.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=1.10.3
ALLOWLIST=electronegativity-allowlist.txt
# Read from the package metadata only: requiring `electron` itself would try to download it.
ELECTRON_VERSION=$(node -p "require('electron/package.json').version")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
SECONDS=0

# English, uncoloured messages, so the console's "Error parsing" lines can be recognised.
scan() { LANG=en-US FORCE_COLOR=0 NO_COLOR=1 npx --yes --prefer-offline "@doyensec/electronegativity@$VERSION" -i src -e "$ELECTRON_VERSION" "$@"; }
# Install (or find in npx's cache) once, so the two parallel runs do not both install into it.
if ! npx --yes --prefer-offline -p "@doyensec/electronegativity@$VERSION" -- node -e '' >"$work/install.log" 2>&1; then
  echo "electronegativity gate: could not install @doyensec/electronegativity@$VERSION from npm:"
  cat "$work/install.log"
  exit 2
fi
scan -o "$work/report.sarif" >"$work/report.log" 2>&1 &
report=$!
scan >"$work/console.log" 2>&1 &
console=$!
status=0
wait "$report" || status=$?
wait "$console" || status=$?

if [[ $status -ne 0 || ! -s "$work/report.sarif" ]]; then
  echo "electronegativity gate: could not run @doyensec/electronegativity@$VERSION (exit $status):"
  cat "$work/report.log" "$work/console.log"
  exit 2
fi

node scripts/electronegativity-gate.cjs "$work/report.sarif" "$work/console.log" "$ALLOWLIST" "$PWD" "$SECONDS"
