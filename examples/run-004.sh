#!/usr/bin/env bash
# Builds mapper, makes a fresh working copy of the example database (the committed SQL is never
# modified), and applies migration 004 to it: prints the plan, the backup file and the verification.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q package -DskipTests
rm -rf target/example && mkdir -p target/example
java -cp target/mapper.jar examples/CreateDatabase.java examples/llama-dashboard.sql target/example/llama-dashboard.db
java -jar target/mapper.jar mappings/004.yaml --db target/example/llama-dashboard.db
