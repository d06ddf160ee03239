#!/usr/bin/env bash
# Checks that -Dmapper.test.postgres=URL runs the PostgreSQL suites against an existing server and not
# the one the tests start themselves: starts a second server (zonky's binaries, dev.mapper.postgres.
# StandaloneServer) standing in for Debian's in CI, runs the named ITs with the property pointing at
# it, and requires that the tests passed and made their databases there.
#   bash src/test/sh/existing-postgres.sh [IT,IT...]      (default: PostgresRollbackCommandIT,PostgresApplyIT)
set -euo pipefail
cd "$(dirname "$0")/../../.."
its="${1:-PostgresRollbackCommandIT,PostgresApplyIT}"
work=target/existing-pg-run
rm -rf "$work" && mkdir -p "$work" target/tmp

mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$work/classpath" -Dmdep.includeScope=test
java -Djava.io.tmpdir=target/tmp -cp "target/test-classes:target/classes:$(cat "$work/classpath")" \
    dev.mapper.postgres.StandaloneServer "$work/url" "$work/stop" > "$work/server.log" 2>&1 &
server=$!
trap 'touch "$work/stop"; wait "$server" || true' EXIT
for _ in $(seq 1 600); do [ -s "$work/url" ] && break; sleep 0.5; done
url="$(cat "$work/url")"
echo "existing server: $url"

rm -rf target/failsafe-reports
status=0
mvn -B verify -Dbundle.skip -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test="$its" \
    -Dmapper.test.postgres="$url" > "$work/mvn.log" 2>&1 || status=$?
grep -E 'Tests run:|BUILD' "$work/mvn.log" || true
touch "$work/stop"
wait "$server"
trap - EXIT
cat "$work/server.log"
made=$(sed -n 's/^databases the tests made on this server: //p' "$work/server.log")
failed=$(grep -lE 'failures="[1-9]|errors="[1-9]' target/failsafe-reports/TEST-*.xml || true)
if [ "$status" -ne 0 ] || [ -z "$made" ] || [ "$made" -eq 0 ] || [ -n "$failed" ]; then
    echo "FAILED: mvn exit $status; databases made on the existing server: ${made:-none}; failing reports: ${failed:-none} ($work/mvn.log)" >&2
    exit 1
fi
echo "ok: $its ran against $url ($made databases made there)"
