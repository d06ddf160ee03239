#!/usr/bin/env bash
# mapper's benchmarks in one command (not part of CI): builds the jar, generates the llama-dashboard
# database with ROWS metrics rows (default 1,000,000; reused if present), and prints the four ratios.
#   bash bench/run.sh [ROWS]        RUNS=5 bash bench/run.sh   (runs per measurement, default 3)
#   PARTS=13 bash bench/run.sh      (only parts 1 and 3: pushdown and verification; default 1234)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-1000000}"
mvn -B -q package -DskipTests
mkdir -p target/bench
db="target/bench/metrics-$rows.db"
[ -f "$db" ] || java -cp target/mapper.jar examples/metrics/GenerateMetrics.java "$db" "$rows"
[ -f target/bench/example.sql.db ] || java -cp target/mapper.jar examples/CreateDatabase.java examples/llama-dashboard.sql target/bench/example.sql.db
javac -d target/bench bench/Hello.java
java -Druns="${RUNS:-3}" -Dparts="${PARTS:-1234}" -cp target/mapper.jar bench/Bench.java "$db" target/bench/work target/bench/example.sql.db
