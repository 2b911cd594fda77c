#!/usr/bin/env bash
# Runs the JMH benchmarks (cli/src/test/java/org/alliancerules/bench/jmh) on the cli module's test class path
# (core, store, report and bench as their packaged jars, so BuildBenchmark.fromPackagedJar reads core's jar).
#   bench/jmh.sh                          every benchmark (long: ~15 min)
#   bench/jmh.sh Evaluation -p merchants=100000
#   bench/jmh.sh Build
#   bench/jmh.sh Read
# Arguments go to org.openjdk.jmh.Main (-h for its options). Results: target/jmh-result.json; for
# EvaluationBenchmark the merchants/s and the engine/oracle ratio are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
# one reactor run: the packaged modules, and the cli module's test class path naming their jars
mvn -B -o -q -DskipTests -pl cli -am package dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt 1>&2
cp="cli/target/test-classes:cli/target/alliance-rules.jar:$(cat cli/target/test-classpath.txt)"
java -cp "$cp" org.openjdk.jmh.Main -rf json -rff target/jmh-result.json "$@"
python3 - <<'PY' || true
import json
rows = json.load(open("target/jmh-result.json"))
ev = {}
for r in rows:
    name = r["benchmark"].rsplit(".", 1)[-1]
    if ".EvaluationBenchmark." in r["benchmark"]:
        n = int(r["params"]["merchants"]); ms = r["primaryMetric"]["score"]
        ev.setdefault(n, {})[name] = ms
        print(f"{name:7s} {n:>9,d} merchants: {ms:10.1f} ms per population = {n / (ms / 1000):12,.0f} merchants/s")
for n, d in sorted(ev.items()):
    if "engine" in d and "oracle" in d:
        print(f"engine/oracle time at {n:,d} merchants: {d['engine'] / d['oracle']:.1f}x")
PY
