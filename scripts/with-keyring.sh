#!/usr/bin/env bash
# Run a command where the OS keychain works, so keychain tests always use the real one.
# macOS / Windows, or Linux with a reachable, unlocked Secret Service: run it as is.
# Linux without one (CI, SSH, containers): start a private D-Bus session with a fresh,
# unlocked gnome-keyring whose files live in a temporary directory, and run it there.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(uname -s)" != "Linux" ] || [ -n "${HOSTUP_KEYRING_READY:-}" ]; then
  exec npx --no-install "$@"
fi

if node scripts/keychain-probe.cjs 2>/dev/null; then
  exec npx --no-install "$@"
fi

for tool in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is missing; run 'npm run setup' (installs dbus and gnome-keyring)." >&2
    exit 1
  fi
done

keyring_home=$(mktemp -d "${TMPDIR:-/tmp}/hostup-keyring.XXXXXX")
trap 'rm -rf "$keyring_home"' EXIT
export HOSTUP_KEYRING_HOME="$keyring_home"

# The inner shell: unlock (and so create) a login keyring with a throwaway password, check it
# works, then run the command. Everything of the keyring lives under $keyring_home.
dbus-run-session -- bash -c '
  set -euo pipefail
  export XDG_DATA_HOME="$HOSTUP_KEYRING_HOME/data" XDG_RUNTIME_DIR="$HOSTUP_KEYRING_HOME/run"
  mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
  eval "$(printf "hostup-test-keyring" | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)"
  export GNOME_KEYRING_CONTROL
  # The daemon answers before its login collection exists ("Object does not exist at path
  # …/collection/login"): give it a few seconds before calling it a failure.
  ready=""
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if node scripts/keychain-probe.cjs 2>"$HOSTUP_KEYRING_HOME/probe.log"; then ready=1; break; fi
    sleep 0.3
  done
  if [ -z "$ready" ]; then
    cat "$HOSTUP_KEYRING_HOME/probe.log" >&2
    echo "with-keyring: the private gnome-keyring did not start; see the message above." >&2
    exit 1
  fi
  export HOSTUP_KEYRING_READY=1
  exec npx --no-install "$@"
' with-keyring "$@" 2> >(grep -vE "Failed to set fd limit|dbus-daemon\[[0-9]+\]: \[session" >&2)
