package org.alliancerules.bench.jmh;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.alliancerules.engine.RulesEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine build time: compiling rules/ (the analysts' directory) and the copy packaged in the jar
 * (bench/jmh.sh puts target/alliance-rules.jar, not target/classes, on the class path). Single shot:
 * the first iteration of each fork is the cold build a command-line run pays.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 5)
@Fork(3)
public class BuildBenchmark {

    @Benchmark
    public RulesEngine fromRulesDirectory() {
        return RulesEngine.builder().rulesDirectory(Path.of("rules")).build();
    }

    @Benchmark
    public RulesEngine fromPackagedJar() {
        return RulesEngine.builder().build();
    }
}
