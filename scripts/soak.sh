#!/usr/bin/env bash
# The kill -9 durability test at soak strength: the writer is killed HOSTUP_CRASH_KILLS times
# (default here 2,000; `npm test` runs 200).
set -euo pipefail
cd "$(dirname "$0")/.."
export HOSTUP_CRASH_KILLS="${HOSTUP_CRASH_KILLS:-2000}"
exec bash scripts/with-keyring.sh vitest run src/main/store/crash.test.ts
