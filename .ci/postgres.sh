# Sourced by .ci/run: a local PostgreSQL for the PostgresKeyStore tests. Exports QKDNET_TEST_POSTGRES when a
# server is up; on any failure it says why and leaves the variable unset, so those tests are skipped, not failed.
# A QKDNET_TEST_POSTGRES already set (a CI service container, say) is used as it is.
# POSTGRES_SKIPPED holds why the tests will be skipped (empty when they run); POSTGRES_STARTED names the cluster
# ("VERSION main") this script started, so stop_postgres stops it after the tests and leaves one it found running.
POSTGRES_SKIPPED="" POSTGRES_STARTED=""
skip_postgres() { POSTGRES_SKIPPED="$1"; echo "postgres: $1; PostgreSQL tests will be skipped"; }
setup_postgres() {
  if [ -n "${QKDNET_TEST_POSTGRES:-}" ]; then return 0; fi
  local as_postgres
  if [ "$(id -u)" -eq 0 ]; then as_postgres="su postgres -c"
  elif sudo -n true 2>/dev/null; then as_postgres="sudo -n -u postgres sh -c"
  else skip_postgres "not root and no sudo"; return 0; fi

  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    local root=""; [ "$(id -u)" -eq 0 ] || root="sudo -n"
    { $root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $root apt-get install -y -qq postgresql >/dev/null; } \
      || { skip_postgres "apt-get install failed"; return 0; }
  fi

  local version port password
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || { skip_postgres "no server found"; return 0; }
  pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }' \
    || pg_createcluster "$version" main >/dev/null 2>&1 \
    || { skip_postgres "cannot create cluster $version/main"; return 0; }
  if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
    pg_ctlcluster "$version" main start >/dev/null 2>&1 && POSTGRES_STARTED="$version main"
  fi
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
  pg_isready -q -h 127.0.0.1 -p "$port" -t 30 \
    || { skip_postgres "cluster $version/main does not answer on port $port"; return 0; }

  # a fresh password per run for a role that only owns the test database
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  $as_postgres "psql -q -p $port -v ON_ERROR_STOP=1" >/dev/null <<SQL || { skip_postgres "cannot create the test role and database"; return 0; }
SELECT 'CREATE ROLE qkdnet_test LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'qkdnet_test') \gexec
ALTER ROLE qkdnet_test PASSWORD '$password';
SELECT 'CREATE DATABASE qkdnet_test OWNER qkdnet_test' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'qkdnet_test') \gexec
GRANT CREATE, CONNECT ON DATABASE qkdnet_test TO qkdnet_test;
SQL
  export QKDNET_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=qkdnet_test;Password=$password;Database=qkdnet_test"
  echo "postgres: PostgreSQL $version on 127.0.0.1:$port, database qkdnet_test"
}
setup_postgres

# Stops the cluster setup_postgres started (none when it found one running or used QKDNET_TEST_POSTGRES).
stop_postgres() {
  if [ -n "$POSTGRES_STARTED" ]; then
    # shellcheck disable=SC2086 # "VERSION main", two arguments
    pg_ctlcluster $POSTGRES_STARTED stop >/dev/null 2>&1 && echo "postgres: stopped cluster ${POSTGRES_STARTED/ //}, which this run started"
  fi
}
