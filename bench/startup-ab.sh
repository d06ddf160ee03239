#!/usr/bin/env bash
# A/B start-up comparison on a shared machine: each ROUNDS round runs every given command once, alternating, each
# applying mappings/004.yaml to a fresh copy of the example database; round 0 is a warm-up (a launcher records its
# archive there); a hello class from the same jar runs alongside as the JVM's own floor. Prints wall-clock and
# CPU (user+sys, all threads) medians: when other processes keep a core busy, wall time swings with them, CPU time
# much less.
#   bash bench/startup-ab.sh "old=java -jar /tmp/old.jar" "new=java -jar target/mapper.jar" "launcher=bin/mapper"
# Needs GNU time (/usr/bin/time) and a built jar.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-10}"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
work=target/bench/startup-ab
mkdir -p "$work"
[ -f target/bench/example.sql.db ] || java -cp target/mapper.jar examples/CreateDatabase.java examples/llama-dashboard.sql target/bench/example.sql.db >/dev/null
javac -d target/bench bench/Hello.java
set -- "$@" "hello=java -cp target/mapper.jar:target/bench Hello"
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A wall cpu
echo "load average before:$(uptime | sed 's/.*load average://')"
for r in $(seq 0 "$rounds"); do
  for arm in "$@"; do
    label="${arm%%=*}"
    rm -f "$work"/example.db*
    cp target/bench/example.sql.db "$work/example.db"
    /usr/bin/time -o "$work/time.txt" -f "%e %U %S" ${arm#*=} mappings/004.yaml --db "$work/example.db" >/dev/null 2>&1 \
      || { echo "failed: ${arm#*=}" >&2; exit 1; }
    read -r e u s < "$work/time.txt"
    if [ "$r" -gt 0 ]; then
      wall[$label]+="$(awk -v e="$e" 'BEGIN { printf "%d", e * 1000 }') "
      cpu[$label]+="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }') "
    fi
  done
done
echo "load average after:$(uptime | sed 's/.*load average://')"
for arm in "$@"; do
  label="${arm%%=*}"
  printf "%-12s wall median %5s ms   cpu median %5s ms   wall: %s\n" "$label" "$(echo "${wall[$label]}" | median)" "$(echo "${cpu[$label]}" | median)" "${wall[$label]}"
done
