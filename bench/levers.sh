#!/usr/bin/env bash
# Runs `alliance-rules bench` over a matrix of levers (threads, batch size, GC) and prints one JSON line
# per run, prefixed by its settings. Usage: bench/levers.sh [MERCHANTS] [ROUNDS]   (from the repo root,
# after mvn -B -o -q -DskipTests package). Each run is a fresh JVM.
set -euo pipefail
n="${1:-100000}"; rounds="${2:-5}"
jar="${JAR:-$(dirname "$0")/../cli/target/alliance-rules.jar}"
run() { local label="$1"; shift; printf '%s\t' "$label"; java "$@" -jar "$jar" bench --merchants "$n" --rounds "$rounds" --format json "${ARGS[@]}" 2>/dev/null || true; }
for gc in "-XX:+UseG1GC" "-XX:+UseParallelGC"; do
  for t in 1 2; do
    for b in 500 2000 10000; do
      ARGS=(--threads "$t" --batch-size "$b")
      run "gc=$gc threads=$t batch=$b" -Xmx4g "$gc"
    done
  done
done
