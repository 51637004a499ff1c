#!/usr/bin/env bash
# Used by src/main/secrets.test.ts (Linux): in a private D-Bus session, start gnome-keyring,
# lock its login collection through the Secret Service API, then run the secret-store probe.
# Prints the probe's JSON on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_DATA_HOME="$work/data" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
eval "$(printf locked-probe | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
node scripts/keychain-probe.cjs >&2
dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
  org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
exec node --import tsx scripts/secret-store-probe.ts
