#!/usr/bin/env bash
# Builds mapper and applies migration 004 to a working copy of the example database,
# target/example/llama-dashboard.db (made from examples/llama-dashboard.sql, which is never modified):
# prints the sources, every value and its origin, the backup file and the verification.
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
# Build only when the jar is missing or older than a source (a full package takes ~35 s; nothing changed, no wait);
# the jar only: the release bundle (README, "Install without Java") is left out.
if [ ! -f target/mapper.jar ] || [ -n "$(find pom.xml src schema -newer target/mapper.jar -print -quit)" ]; then
  echo "Building target/mapper.jar (mvn package, tests skipped) ..."
  if [ -t 1 ]; then
    mvn -B -q package -DskipTests -Dbundle.skip
  else
    # a log file or CI gets plain text: Maven 3.8 writes colour resets even with -Dstyle.color=never
    mvn -B -q -Dstyle.color=never package -DskipTests -Dbundle.skip 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
  fi
fi
if $fresh || [ ! -f "$db" ]; then
  rm -rf target/example && mkdir -p target/example
  java -cp target/mapper.jar examples/CreateDatabase.java examples/llama-dashboard.sql "$db"
fi
java -jar target/mapper.jar mappings/004.yaml --db "$db" "$@"
