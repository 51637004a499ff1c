#!/usr/bin/env bash
# One-time setup: the system packages the project needs (Debian/Ubuntu: installed when
# missing), then the exact npm dependencies from package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

# keytar compiles against libsecret; tests need a real keychain (gnome-keyring on a private
# D-Bus session) and a real browser (Debian's Chromium, driven by Playwright).
packages=(libsecret-1-dev pkg-config build-essential python3 gnome-keyring dbus dbus-bin chromium)

if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "setup: system packages present"
  fi
elif [ "$(uname -s)" = "Linux" ]; then
  echo "setup: not a Debian/Ubuntu system; install these yourself: ${packages[*]}" >&2
fi

# node-gyp must build keytar against the installed Node's headers, never download them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ] && ! npm config get nodedir | grep -q /; then
  export npm_config_nodedir=/usr
fi

npm ci --no-audit --no-fund
