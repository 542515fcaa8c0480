#!/usr/bin/env bash
# Regenerates server/src/db/types.ts from the migrations, using a scratch database on a real PostgreSQL.
set -euo pipefail
url_base=${PGURL_BASE:-postgres://postgres@127.0.0.1:5432}
db=steward_gen_$$
psql "$url_base/postgres" -qc "create database $db" >/dev/null
trap 'psql "$url_base/postgres" -qc "drop database if exists $db" >/dev/null' EXIT
DATABASE_URL="$url_base/$db" npx steward migrate >/dev/null
npx kysely-codegen --dialect postgres --url "$url_base/$db" --out-file server/src/db/types.ts \
  --exclude-pattern schema_migration --type-mapping '{"int8":"number"}'
