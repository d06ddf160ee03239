#!/usr/bin/env bash
# Where the peak resident memory of a 004 run goes, by what holds it: the Java heap, metaspace, the code cache, thread
# stacks, the JDK's class-data archive, libjvm.so, sqlite-jdbc's native library, malloc... Each given command (each
# must start with `java `) and, alongside, a hello class and bench/Jdbc004.java (a plain JDBC main running 004's SQL)
# run ROUNDS times, interleaved, each applying mappings/004.yaml to a fresh copy of the example database, with native
# memory tracking (detail) and bench/RssBreakdown.java as an agent copying /proc/self/smaps at exit; then it prints
# the median resident MiB of each part, and each command's peak RSS without tracking (/usr/bin/time, same rounds):
# the tracking itself adds 2-6 MiB, counted under malloc.
#   bash bench/rss-breakdown.sh                                     # java -jar target/mapper.jar
#   ROUNDS=5 bash bench/rss-breakdown.sh "jar=java -jar target/mapper.jar" "c1=java -XX:TieredStopAtLevel=1 -jar target/mapper.jar"
# Needs GNU time (/usr/bin/time) and a built jar. A jlink runtime without java.instrument (the bundle's) cannot run the agent.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-3}"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
work=target/bench/rss
rm -rf "$work"; mkdir -p "$work/agent"
[ -f target/bench/example.sql.db ] || java -cp target/mapper.jar examples/CreateDatabase.java examples/llama-dashboard.sql target/bench/example.sql.db >/dev/null
javac -d target/bench bench/Hello.java
javac -cp target/mapper.jar -d target/bench bench/Jdbc004.java
javac -d "$work/agent" bench/RssBreakdown.java
printf 'Premain-Class: RssBreakdown\n' > "$work/agent/manifest.txt"
jar cfm "$work/rss-agent.jar" "$work/agent/manifest.txt" -C "$work/agent" RssBreakdown.class
[ "$#" -gt 0 ] || set -- "jar=java -jar target/mapper.jar"
set -- "$@" "hello=java -cp target/mapper.jar:target/bench Hello" "jdbc=java -cp target/mapper.jar:target/bench Jdbc004"
nmt="-XX:NativeMemoryTracking=detail -XX:+UnlockDiagnosticVMOptions -XX:+PrintNMTStatistics"
declare -A peak
echo "load average before:$(uptime | sed 's/.*load average://')"
for r in $(seq 1 "$rounds"); do
  for arm in "$@"; do
    label="${arm%%=*}"; cmd="${arm#*=}"
    [[ "$cmd" == java\ * ]] || { echo "not a java command: $cmd" >&2; exit 2; }
    rm -f "$work"/example.db*; cp target/bench/example.sql.db "$work/example.db"
    java $nmt "-javaagent:$work/rss-agent.jar=$work/$label$r" ${cmd#java } mappings/004.yaml --db "$work/example.db" > "$work/$label$r.nmt" 2>&1 \
      || { echo "failed: $cmd (see $work/$label$r.nmt)" >&2; exit 1; }
    rm -f "$work"/example.db*; cp target/bench/example.sql.db "$work/example.db"
    /usr/bin/time -o "$work/time.txt" -f "%M" $cmd mappings/004.yaml --db "$work/example.db" >/dev/null 2>&1 || { echo "failed: $cmd" >&2; exit 1; }
    peak[$label]+="$(cat "$work/time.txt") "
  done
done
echo "load average after:$(uptime | sed 's/.*load average://')"
labels=(); for arm in "$@"; do labels+=("${arm%%=*}"); done
java bench/RssBreakdown.java "$work" "${labels[@]}"
printf "%-58s" "peak RSS without tracking (median)"
for l in "${labels[@]}"; do
  printf "%14.1f" "$(echo "${peak[$l]}" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] / 1024}')"
done
echo
