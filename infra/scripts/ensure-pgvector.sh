#!/usr/bin/env bash
# Make the pgvector extension available in the machine's PostgreSQL (idempotent).
#
#   infra/scripts/ensure-pgvector.sh [DATABASE_URL]
#
# 1. If the target Postgres already lists `vector` in pg_available_extensions: nothing to do.
# 2. Else install Debian's binary package postgresql-$V-pgvector when apt has it (Debian 13+).
# 3. Else (Debian 12 / PostgreSQL 15) build Debian's pgvector source package from the next
#    Debian release: deb-src line in a separate sources file, `apt-get source`, make && make install.
# Needs root (or sudo) for steps 2 and 3. The URL defaults to the local server's `postgres` db.
set -euo pipefail

TARGET_URL="${1:-${PGVECTOR_CHECK_URL:-postgres://postgres@127.0.0.1:5432/postgres}}"
SRC_LIST=/etc/apt/sources.list.d/sluice-pgvector-src.sources

log() { printf '[ensure-pgvector] %s\n' "$*"; }
die() { printf '[ensure-pgvector] ERROR: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 && SUDO="sudo" || SUDO="__needs_root__"
fi
as_root() {
  [ "$SUDO" = "__needs_root__" ] && die "installing pgvector needs root; re-run as root or install sudo"
  $SUDO "$@"
}

pg_major() {
  local v
  v="$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n1 || true)"
  [ -n "$v" ] || die "no PostgreSQL server found under /etc/postgresql; install postgresql or set DATABASE_URL to a server that has pgvector (e.g. docker compose -f docker/docker-compose.dev.yml up -d)"
  echo "$v"
}

vector_available() {
  local v="$1"
  if command -v psql >/dev/null 2>&1; then
    local out
    if out="$(psql "$TARGET_URL" -XAtqc "select 1 from pg_available_extensions where name = 'vector'" 2>/dev/null)"; then
      [ "$out" = "1" ]
      return
    fi
    log "could not query $TARGET_URL; checking the extension files of PostgreSQL $v instead"
  fi
  [ -f "/usr/share/postgresql/$v/extension/vector.control" ]
}

V="$(pg_major)"
if vector_available "$V"; then
  log "pgvector is already available in PostgreSQL $V - nothing to do"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || die "pgvector is missing and this is not a Debian/Ubuntu machine; install pgvector for PostgreSQL $V by hand (https://github.com/pgvector/pgvector#installation)"

. /etc/os-release
log "pgvector missing for PostgreSQL $V on ${PRETTY_NAME:-unknown OS}"
log "apt-get update"
as_root apt-get update -qq

if apt-cache show "postgresql-$V-pgvector" >/dev/null 2>&1; then
  log "installing binary package postgresql-$V-pgvector"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$V-pgvector"
else
  case "${VERSION_CODENAME:-}" in
    bookworm) NEXT=trixie ;;
    trixie) NEXT=forky ;;
    *) die "no postgresql-$V-pgvector package for ${VERSION_CODENAME:-this release}; install pgvector by hand (https://github.com/pgvector/pgvector#installation)" ;;
  esac
  log "no binary package; building Debian's pgvector source package from $NEXT"
  if [ ! -f "$SRC_LIST" ]; then
    log "adding deb-src for $NEXT in $SRC_LIST"
    as_root tee "$SRC_LIST" >/dev/null <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $NEXT
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    as_root apt-get update -qq
  fi
  log "installing build dependencies: build-essential dpkg-dev postgresql-server-dev-$V"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential dpkg-dev "postgresql-server-dev-$V" >/dev/null
  WORK="$(mktemp -d /tmp/pgvector-build.XXXXXX)"
  trap 'rm -rf "$WORK"' EXIT
  chmod 755 "$WORK"
  log "fetching source into $WORK"
  (cd "$WORK" && apt-get source -qq --download-only pgvector >/dev/null 2>&1 || apt-get source -qq --download-only pgvector)
  (cd "$WORK" && dpkg-source -x --no-check ./*.dsc src >/dev/null)
  log "building $(ls "$WORK"/*.dsc | xargs -n1 basename)"
  PG_CONFIG="/usr/lib/postgresql/$V/bin/pg_config"
  [ -x "$PG_CONFIG" ] || PG_CONFIG="$(command -v pg_config)"
  make -s -C "$WORK/src" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" >/dev/null
  as_root make -s -C "$WORK/src" PG_CONFIG="$PG_CONFIG" install >/dev/null
fi

if vector_available "$V"; then
  log "pgvector installed for PostgreSQL $V"
else
  die "pgvector was installed but PostgreSQL $V does not list it; check that $TARGET_URL is the local PostgreSQL $V server"
fi
