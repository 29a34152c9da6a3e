#!/usr/bin/env bash
# Install Debian's Chromium for the Playwright e2e tests if /usr/bin/chromium is missing (idempotent).
# Playwright's own browser download is never used (no internet beyond apt and npm).
set -euo pipefail

CHROMIUM=/usr/bin/chromium
log() { printf '[ensure-chromium] %s\n' "$*"; }
die() { printf '[ensure-chromium] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -x "$CHROMIUM" ]; then
  log "$("$CHROMIUM" --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || die "$CHROMIUM is missing and apt-get is not available; install Chromium so that $CHROMIUM exists"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "installing Chromium needs root; re-run as root or install sudo"
  SUDO=sudo
fi

log "installing Debian package chromium"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
[ -x "$CHROMIUM" ] || die "apt installed chromium but $CHROMIUM does not exist"
log "installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
