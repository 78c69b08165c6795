# Sourced by .ci/run: a local PostgreSQL for the PostgresKeyStore tests. Exports QKDNET_TEST_POSTGRES when a
# server is up; on any failure it says why and leaves the variable unset, so those tests are skipped, not failed.
# A QKDNET_TEST_POSTGRES already set (a CI service container, say) is used as it is.
setup_postgres() {
  if [ -n "${QKDNET_TEST_POSTGRES:-}" ]; then return 0; fi
  local as_postgres
  if [ "$(id -u)" -eq 0 ]; then as_postgres="su postgres -c"
  elif sudo -n true 2>/dev/null; then as_postgres="sudo -n -u postgres sh -c"
  else echo "postgres: not root and no sudo; PostgreSQL tests will be skipped"; return 0; fi

  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    local root=""; [ "$(id -u)" -eq 0 ] || root="sudo -n"
    { $root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $root apt-get install -y -qq postgresql >/dev/null; } \
      || { echo "postgres: apt-get install failed; PostgreSQL tests will be skipped"; return 0; }
  fi

  local version port password
  version=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$version" ] || { echo "postgres: no server found; PostgreSQL tests will be skipped"; return 0; }
  pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { found = 1 } END { exit !found }' \
    || pg_createcluster "$version" main >/dev/null 2>&1 \
    || { echo "postgres: cannot create cluster $version/main; PostgreSQL tests will be skipped"; return 0; }
  pg_ctlcluster "$version" main start >/dev/null 2>&1 # already running is fine
  port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
  pg_isready -q -h 127.0.0.1 -p "$port" -t 30 \
    || { echo "postgres: cluster $version/main does not answer on port $port; PostgreSQL tests will be skipped"; return 0; }

  # a fresh password per run for a role that only owns the test database
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
  $as_postgres "psql -q -p $port -v ON_ERROR_STOP=1" >/dev/null <<SQL || { echo "postgres: cannot create the test role and database; PostgreSQL tests will be skipped"; return 0; }
SELECT 'CREATE ROLE qkdnet_test LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'qkdnet_test') \gexec
ALTER ROLE qkdnet_test PASSWORD '$password';
SELECT 'CREATE DATABASE qkdnet_test OWNER qkdnet_test' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'qkdnet_test') \gexec
GRANT CREATE, CONNECT ON DATABASE qkdnet_test TO qkdnet_test;
SQL
  export QKDNET_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=qkdnet_test;Password=$password;Database=qkdnet_test"
  echo "postgres: PostgreSQL $version on 127.0.0.1:$port, database qkdnet_test"
}
setup_postgres
