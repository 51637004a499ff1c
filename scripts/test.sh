#!/usr/bin/env bash
# Everything `npm test` runs: typecheck, lint, build, unit/component tests, end-to-end tests.
# Keychain tests run against the real keychain (with-keyring.sh starts a private one on Linux).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .test-reports

step() { printf '\n=== %s\n' "$1"; }

step "typecheck";  npm run --silent typecheck
step "lint";       npm run --silent lint
step "format";     npx prettier --check . --log-level warn
step "security (Electronegativity)"; bash scripts/electronegativity-gate.sh
step "build";      npx electron-vite build --logLevel warn
step "unit and component tests (Vitest)"
bash scripts/with-keyring.sh vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json
step "end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.test-reports/playwright.json \
  bash scripts/with-keyring.sh playwright test --reporter=list,json
step "summary"
node scripts/test-summary.cjs .test-reports/vitest.json .test-reports/playwright.json
