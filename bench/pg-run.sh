#!/usr/bin/env bash
# mapper's table migration on PostgreSQL (not part of CI): builds the jar and the test classes, starts a PostgreSQL 17
# server the way the tests do (zonky's binaries from Maven Central, unpacked under target/embedded-pg; as root inside
# `unshare --user`), generates ROWS metrics rows (default 2,000,000) and prints the ratios against hand-written
# baselines (bench/PgBench.java). The bench JVM runs with -Xmx128m: mapper's applies inside it stream within that heap.
#   bash bench/pg-run.sh [ROWS]        RUNS=5 bash bench/pg-run.sh   (runs per measurement, default 3)
#   PARTS=13 bash bench/pg-run.sh      (only parts 1 and 3: the Java path and the command line; default 123)
#   PGBENCH_SERVER=postgresql://USER@HOST:PORT/DBNAME bash bench/pg-run.sh   (an existing server, password in PGPASSWORD;
#                                       the bench creates and drops its databases mapper_bench_* on it)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-2000000}"
mvn -B -q package -DskipTests
mkdir -p target/bench
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/test-classpath.txt
cp="target/bench:target/test-classes:target/classes:$(cat target/bench/test-classpath.txt)"
javac -d target/bench -cp "$cp" bench/PgBench.java
java -Xmx128m -Druns="${RUNS:-3}" -Dparts="${PARTS:-123}" ${PGBENCH_SERVER:+-Dmapper.test.postgres="$PGBENCH_SERVER"} -cp "$cp" PgBench "$rows"
