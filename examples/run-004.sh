#!/usr/bin/env bash
# Builds mapper and applies migration 004 to a working copy of the example database,
# target/example/llama-dashboard.db (made from examples/llama-dashboard.sql, which is never modified):
# prints the plan, the backup file and the verification.
#
# The copy is kept between runs: after editing mappings/004.yaml, run this again to apply the edit as
# the next revision (extra options go to mapper, e.g. --keep-changed, --overwrite-changed, --prune).
# --fresh first replaces the copy with a new one from the SQL.
set -euo pipefail
cd "$(dirname "$0")/.."
db=target/example/llama-dashboard.db
fresh=false
if [ "${1:-}" = "--fresh" ]; then
  fresh=true
  shift
fi
mvn -B -q package -DskipTests
if $fresh || [ ! -f "$db" ]; then
  rm -rf target/example && mkdir -p target/example
  java -cp target/mapper.jar examples/CreateDatabase.java examples/llama-dashboard.sql "$db"
fi
java -jar target/mapper.jar mappings/004.yaml --db "$db" "$@"
