package org.alliancerules.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.alliancerules.bench.Oracle;
import org.alliancerules.bench.PopulationGenerator;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.policy.Policy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Merchant evaluations per second over a seeded synthetic population, the engine and the oracle in
 * the same run: each invocation evaluates the whole population, so with {@code -p merchants=N} the
 * score is the time per population and bench/jmh.sh divides. Run: {@code bench/jmh.sh Evaluation}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx10g"})
public class EvaluationBenchmark {

    @Param({"100000", "1000000"})
    public int merchants;

    @Param({"42"})
    public long seed;

    /** Engine threads; 0: the number of cores. */
    @Param({"0"})
    public int threads;

    /** Merchants per KIE session. */
    @Param({"2000"})
    public int batchSize;

    RulesEngine engine;
    Oracle oracle;
    EvaluationRequest request;

    @Setup(Level.Trial)
    public void setUp() {
        RulesEngine.Builder b = RulesEngine.builder().batchSize(batchSize);
        if (threads > 0) b.threads(threads);
        engine = b.build();
        Policy policy = engine.policies().find("default");
        oracle = new Oracle(policy);
        request = new PopulationGenerator(policy, PopulationGenerator.DEFAULT_AS_OF).request(seed, merchants);
    }

    @Benchmark
    public EvaluationResult engine() {
        return engine.evaluate(request);
    }

    @Benchmark
    public EvaluationResult oracle() {
        return oracle.evaluate(request);
    }
}
