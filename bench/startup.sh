#!/usr/bin/env bash
# Start-up benchmark alone (part 4 of bench/run.sh, without the 1M-row database): median wall time of
# `java -jar target/mapper.jar mappings/004.yaml` applied to a fresh copy of the example database vs a
# hello class started from the same jar, RUNS timed runs each (default 12) after 2 warm-up runs.
#   bash bench/startup.sh                 MAPPER="bin/mapper" bash bench/startup.sh
# MAPPER replaces the mapper command (the mapping and --db are appended). Needs a built jar.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-12}"
mapper="${MAPPER:-java -jar target/mapper.jar}"
mkdir -p target/bench/startup
[ -f target/bench/example.sql.db ] || java -cp target/mapper.jar examples/CreateDatabase.java examples/llama-dashboard.sql target/bench/example.sql.db >/dev/null
javac -d target/bench bench/Hello.java
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
hello=(); app=()
for i in $(seq 1 $((runs + 2))); do
  t=$(time_ms java -cp target/mapper.jar:target/bench Hello)
  [ "$i" -gt 2 ] && hello+=("$t")
  rm -f target/bench/startup/example.db*
  cp target/bench/example.sql.db target/bench/startup/example.db
  t=$(time_ms $mapper mappings/004.yaml --db target/bench/startup/example.db)
  [ "$i" -gt 2 ] && app+=("$t")
done
h=$(printf '%s\n' "${hello[@]}" | median); m=$(printf '%s\n' "${app[@]}" | median)
echo "load average:$(uptime | sed 's/.*load average://')"
echo "hello  ms: ${hello[*]}  median $h"
echo "mapper ms: ${app[*]}  median $m   ($mapper)"
awk -v m="$m" -v h="$h" 'BEGIN { printf "start-up: mapper median %d ms / hello median %d ms = %.2fx (target: mapper < 300 ms)\n", m, h, m / h }'
