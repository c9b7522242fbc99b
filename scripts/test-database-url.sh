#!/usr/bin/env bash
# Prints a PostgreSQL URL with the right to create databases, for TEST_DATABASE_URL.
# Uses trust auth when the server allows it (as on the CI machine); otherwise, on a fresh
# Debian install where it does not, gives the postgres role a local test password.
set -euo pipefail
url="postgres://postgres@127.0.0.1:5432/postgres"
if psql "$url" -Atqc 'select 1' >/dev/null 2>&1; then
    echo "$url"
    exit 0
fi
password="eil-test"
su postgres -c "psql -qc \"ALTER ROLE postgres PASSWORD '$password'\"" >/dev/null
echo "postgres://postgres:$password@127.0.0.1:5432/postgres"
