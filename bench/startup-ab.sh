#!/usr/bin/env bash
# A/B start-up comparison on a shared machine: each ROUNDS round runs every given command once, alternating, each
# applying mappings/004.yaml to a fresh copy of the example database; round 0 is a warm-up (a launcher records its
# archive there); a hello class from the same jar runs alongside as the JVM's own floor, and bench/Jdbc004.java (a
# plain JDBC main running 004's SQL through sqlite-jdbc) as what a hand-written tool costs. Prints wall-clock and CPU
# (user+sys, all threads) medians, each as a ratio to hello's and to the JDBC main's, and the median peak RSS: when
# other processes keep a core busy, wall time swings with them, CPU time much less.
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
javac -cp target/mapper.jar -d target/bench bench/Jdbc004.java
set -- "$@" "hello=java -cp target/mapper.jar:target/bench Hello" "jdbc=java -cp target/mapper.jar:target/bench Jdbc004"
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A wall cpu rss
echo "load average before:$(uptime | sed 's/.*load average://')"
for r in $(seq 0 "$rounds"); do
  for arm in "$@"; do
    label="${arm%%=*}"
    rm -f "$work"/example.db*
    cp target/bench/example.sql.db "$work/example.db"
    /usr/bin/time -o "$work/time.txt" -f "%e %U %S %M" ${arm#*=} mappings/004.yaml --db "$work/example.db" >/dev/null 2>&1 \
      || { echo "failed: ${arm#*=}" >&2; exit 1; }
    read -r e u s m < "$work/time.txt"
    if [ "$r" -gt 0 ]; then
      wall[$label]+="$(awk -v e="$e" 'BEGIN { printf "%d", e * 1000 }') "
      cpu[$label]+="$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }') "
      rss[$label]+="$m "
    fi
  done
done
echo "load average after:$(uptime | sed 's/.*load average://')"
hw=$(echo "${wall[hello]}" | median); hc=$(echo "${cpu[hello]}" | median)
jw=$(echo "${wall[jdbc]}" | median); jc=$(echo "${cpu[jdbc]}" | median)
for arm in "$@"; do
  label="${arm%%=*}"
  w=$(echo "${wall[$label]}" | median); c=$(echo "${cpu[$label]}" | median); m=$(echo "${rss[$label]}" | median)
  printf "%-16s wall %5s ms (%5.2fx hello, %5.2fx jdbc)   cpu %5s ms (%5.2fx hello, %5.2fx jdbc)   peak RSS %4d MiB   wall: %s\n" \
    "$label" "$w" "$(awk -v a="$w" -v b="$hw" 'BEGIN { print a / b }')" "$(awk -v a="$w" -v b="$jw" 'BEGIN { print a / b }')" \
    "$c" "$(awk -v a="$c" -v b="$hc" 'BEGIN { print a / b }')" "$(awk -v a="$c" -v b="$jc" 'BEGIN { print a / b }')" \
    "$((m / 1024))" "${wall[$label]}"
done
