#!/usr/bin/env bash
# Make sure a Debian system package (and the command it provides) exists.
# Usage: scripts/ensure_system_packages.sh COMMAND PACKAGE [required|optional]
# COMMAND may also be an absolute path to a file the package installs (for
# packages without a command of their own, e.g. LibreOffice Impress, python3-uno).
# Installs PACKAGE with apt-get when COMMAND is missing and we are root; otherwise
# prints what to install. "optional" packages never fail the build.
set -u
cmd="$1"; pkg="$2"; need="${3:-required}"
if { [ "${cmd#/}" != "$cmd" ] && [ -e "$cmd" ]; } || { [ "${cmd#/}" = "$cmd" ] && { command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/bin/$cmd" ]; }; }; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ctnat setup: '$cmd' is missing; installing Debian package '$pkg' (apt-get)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  if [ ! -f /var/lib/apt/lists/lock ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
    apt-get update -qq >&2 || true
  fi
  if apt-get install -y -qq --no-install-recommends "$pkg" >&2 || { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends "$pkg" >&2; }; then
    exit 0
  fi
  echo "ctnat setup: apt-get could not install '$pkg'." >&2
else
  echo "ctnat setup: '$cmd' is missing. Please install it, e.g. 'sudo apt-get install $pkg' (Debian/Ubuntu)." >&2
fi
if [ "$need" = "optional" ]; then
  echo "ctnat setup: continuing without '$cmd' (optional)." >&2
  exit 0
fi
exit 1
