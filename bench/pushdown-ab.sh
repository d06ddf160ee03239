#!/usr/bin/env bash
# Part 1 of bench/Bench.java (mapper's pushed-down INSERT … SELECT vs a hand-written one) for several builds in turn,
# one run of each per round, so a load that drifts over minutes falls on every build alike. Each DIR is a clone
# where `bash bench/run.sh` has run once (target/mapper.jar and target/bench/*.db exist).
#   ROUNDS=3 bash bench/pushdown-ab.sh /tmp/before /tmp/after
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: bash bench/pushdown-ab.sh DIR [DIR ...]  (clones where bash bench/run.sh has run once)" >&2; exit 2; }
for round in $(seq 1 "${ROUNDS:-3}"); do
  for dir in "$@"; do
    line=$(cd "$dir" && java -Druns=1 -Dparts=1 -cp target/mapper.jar bench/Bench.java target/bench/metrics-1000000.db target/bench/work \
      target/bench/example.sql.db 2>&1 | grep '^1\. pushdown')
    echo "$dir ($(git -C "$dir" rev-parse --short HEAD)) round $round: ${line#*target ≤ 1.2) }"
  done
done
