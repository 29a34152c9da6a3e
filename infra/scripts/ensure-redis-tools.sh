#!/usr/bin/env bash
# Install Debian's redis-server and redis-tools (redis-cli) if missing (idempotent). The Redis Cluster
# and Sentinel tests start their own private redis-server processes and build the cluster with
# `redis-cli --cluster create`; they never touch the shared Redis on 6379.
set -euo pipefail

SERVER="${REDIS_SERVER_BIN:-/usr/bin/redis-server}"
CLI="${REDIS_CLI_BIN:-/usr/bin/redis-cli}"
log() { printf '[ensure-redis-tools] %s\n' "$*"; }
die() { printf '[ensure-redis-tools] ERROR: %s\n' "$*" >&2; exit 1; }

if [ -x "$SERVER" ] && [ -x "$CLI" ]; then
  log "$("$SERVER" --version | cut -d' ' -f1-3) and redis-cli already installed"
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || die "$SERVER or $CLI is missing and apt-get is not available; install redis-server and redis-cli (or set REDIS_SERVER_BIN / REDIS_CLI_BIN)"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "installing redis-server/redis-tools needs root; re-run as root or install sudo"
  SUDO=sudo
fi

log "installing Debian packages redis-server redis-tools"
$SUDO apt-get update -qq
# The package's own service is not wanted here: tests start private processes.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
[ -x "$SERVER" ] && [ -x "$CLI" ] || die "apt installed redis-server/redis-tools but $SERVER or $CLI does not exist"
log "installed $("$SERVER" --version | cut -d' ' -f1-3)"
