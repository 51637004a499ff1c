#!/usr/bin/env bash
# The kill -9 durability tests at soak strength: the store writer is killed HOSTUP_CRASH_KILLS times
# (default here 2,000; `npm test` runs 200), and the app creating contacts HOSTUP_SUBMIT_CRASH_KILLS
# times (default here 250; `npm test` runs 25).
set -euo pipefail
cd "$(dirname "$0")/.."
export HOSTUP_CRASH_KILLS="${HOSTUP_CRASH_KILLS:-2000}"
export HOSTUP_SUBMIT_CRASH_KILLS="${HOSTUP_SUBMIT_CRASH_KILLS:-250}"
exec bash scripts/with-keyring.sh vitest run src/main/store/crash.test.ts src/main/outbox/crash.test.ts
