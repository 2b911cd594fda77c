package org.alliancerules.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.alliancerules.bench.PopulationGenerator;
import org.alliancerules.io.Document;
import org.alliancerules.io.Json;
import org.alliancerules.io.LineIndex;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.policy.Policy;
import org.alliancerules.policy.PolicySet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost per merchant of reading a request: parsing JSON (with the line index problems are located
 * by), validating against the schema and the semantic checks, binding to the model, and all three
 * (RequestReader.read). A request of 10,000 generated merchants; scores are microseconds per merchant.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReadBenchmark {

    static final int MERCHANTS = 10_000;

    RequestReader reader;
    byte[] json;
    Document document;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Policy policy = PolicySet.fromClasspath().find("default");
        EvaluationRequest request = new PopulationGenerator(policy, PopulationGenerator.DEFAULT_AS_OF).request(7, MERCHANTS);
        json = Json.jsonMapper().copy().setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(request);
        reader = new RequestReader();
        document = reader.readTree("bench.json", json);
        List<Problem> problems = reader.validate(document.root(), "bench.json", document.lines());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("generated request is invalid: " + problems.get(0).format());
        }
    }

    @Benchmark
    @OperationsPerInvocation(MERCHANTS)
    public Document parse() {
        return reader.readTree("bench.json", json);
    }

    @Benchmark
    @OperationsPerInvocation(MERCHANTS)
    public List<Problem> validate() {
        return reader.validate(document.root(), "bench.json", LineIndex.NONE);
    }

    @Benchmark
    @OperationsPerInvocation(MERCHANTS)
    public EvaluationRequest bind() {
        return reader.bind(document.root());
    }

    @Benchmark
    @OperationsPerInvocation(MERCHANTS)
    public EvaluationRequest readAll() {
        return reader.read("bench.json", json);
    }
}
