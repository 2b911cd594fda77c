package org.alliancerules.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.alliancerules.bench.PopulationGenerator;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.policy.Policy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request at a time, as a host application sends them: a warm engine evaluates a one-merchant
 * request (cycling through 10,000 generated merchants, so every rule path is taken). Sample time: JMH
 * prints p50, p90, p99 in µs, with a new KIE session per request and with pooled sessions.
 * Run: {@code bench/jmh.sh OneMerchant}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class OneMerchantBenchmark {

    /** Pooled KIE sessions instead of a new session per request. */
    @org.openjdk.jmh.annotations.Param({"false", "true"})
    public boolean reuseSessions;

    RulesEngine engine;
    EvaluationRequest[] requests;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        engine = RulesEngine.builder().threads(1).reuseSessions(reuseSessions).build();
        Policy policy = engine.policies().find("default");
        PopulationGenerator generator = new PopulationGenerator(policy, PopulationGenerator.DEFAULT_AS_OF);
        List<MerchantInput> merchants = generator.merchants(42, 10_000);
        requests = new EvaluationRequest[merchants.size()];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = new EvaluationRequest(generator.asOf(), policy.id(), List.of(merchants.get(i)));
        }
    }

    @Benchmark
    public EvaluationResult evaluateOneMerchant() {
        EvaluationRequest r = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        return engine.evaluate(r);
    }
}
