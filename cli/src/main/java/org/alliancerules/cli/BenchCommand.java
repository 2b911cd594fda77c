package org.alliancerules.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.alliancerules.bench.Differences;
import org.alliancerules.bench.Oracle;
import org.alliancerules.bench.PopulationGenerator;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.io.Json;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.policy.Policy;
import org.alliancerules.policy.PolicySet;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * bench: builds the engine, generates a seeded synthetic population, evaluates it with the engine and
 * with the plain-Java oracle, and reports throughput, the ratio to the oracle, peak heap, build time
 * and whether the two agreed on every merchant.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Generates a seeded synthetic population, runs it through the engine and the plain-Java oracle, "
                + "and prints merchants/s, the ratio to the oracle, peak heap and the engine build time.",
                "Exit 1 when the engine and the oracle disagree on any merchant."})
public class BenchCommand implements Callable<Integer> {

    @Option(names = "--merchants", paramLabel = "N", converter = OptionValues.AtLeastOne.class, description = "Population size (default: ${DEFAULT-VALUE}).")
    int merchants = 100_000;

    @Option(names = "--threads", paramLabel = "T", converter = OptionValues.AtLeastOne.class, description = "Evaluation threads (default: the number of cores).")
    Integer threads;

    @Option(names = "--seed", paramLabel = "S", description = "Population seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--batch-size", paramLabel = "B", converter = OptionValues.AtLeastOne.class, description = "Merchants per KIE session (default: the engine's).")
    Integer batchSize;

    @Option(names = "--reuse-sessions", description = "Reuse pooled KIE sessions across batches (a lever; off by default).")
    boolean reuseSessions;

    @Option(names = "--rounds", paramLabel = "R", converter = OptionValues.AtLeastOne.class, description = "Timed rounds after one warm-up round; the best is reported (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--rules", paramLabel = "DIR", description = "Rules directory to compile instead of the packaged copy.")
    Path rulesDir;

    @Option(names = "--format", paramLabel = "text|json", converter = OptionValues.TextOrJson.class, description = "Output format (default: ${DEFAULT-VALUE}).")
    String format = "text";

    @Option(names = "--show-mismatches", paramLabel = "K", converter = OptionValues.AtLeastZero.class, description = "Print up to K disagreeing merchants (default: ${DEFAULT-VALUE}).")
    int showMismatches = 5;

    @Option(names = "--write-request", paramLabel = "FILE",
            description = "Only write the generated population as a (valid) request JSON file, for `evaluate` runs; no benchmark.")
    Path writeRequest;

    @Option(names = "--write-snapshot", paramLabel = "FILE",
            description = "Only write the generated population as a sweep snapshot (*.csv or *.jsonl), for `sweep` runs; no benchmark.")
    Path writeSnapshot;

    @Option(names = "--curve", description = {"Cost curve: throughput and heap per merchant at each --curve-sizes population,",
            "generated lazily in self-contained blocks (a controller's shops in one block) and evaluated as it is generated,",
            "so the bench holds only the blocks in flight."})
    boolean curve;

    @Option(names = "--curve-sizes", paramLabel = "N,N,...", split = ",", converter = OptionValues.LongAtLeastOne.class,
            description = "Population sizes of --curve (default: ${DEFAULT-VALUE}).")
    long[] curveSizes = {1_000, 10_000, 100_000, 1_000_000, 10_000_000};

    @Option(names = "--block", paramLabel = "B", converter = OptionValues.AtLeastOne.class, description = "Merchants per generated block with --curve (default: ${DEFAULT-VALUE}).")
    int block = 1_000;

    @Override
    public Integer call() throws Exception {
        java.io.PrintStream results = Main.results();
        if (writeRequest != null) {
            return writeRequest();
        }
        if (curve) {
            return curve();
        }
        if (writeSnapshot != null) {
            return writeSnapshot();
        }
        resetPeaks();
        long t0 = System.nanoTime();
        RulesEngine.Builder builder = RulesEngine.builder().rulesDirectory(rulesDir);
        if (threads != null) builder.threads(threads);
        if (batchSize != null) builder.batchSize(batchSize);
        if (reuseSessions) builder.reuseSessions(true);
        RulesEngine engine = builder.build();
        long buildNanos = System.nanoTime() - t0;

        Policy policy = engine.policies().find("default");
        PopulationGenerator generator = new PopulationGenerator(policy, PopulationGenerator.DEFAULT_AS_OF);
        EvaluationRequest request = generator.request(seed, merchants);
        Oracle oracle = new Oracle(policy);

        EvaluationResult engineResult = engine.evaluateUnchecked(request); // warm-up (generated requests are valid)
        EvaluationResult oracleResult = oracle.evaluate(request);
        long engineBest = Long.MAX_VALUE;
        long oracleBest = Long.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
            long s = System.nanoTime();
            engineResult = engine.evaluateUnchecked(request);
            engineBest = Math.min(engineBest, System.nanoTime() - s);
            s = System.nanoTime();
            oracleResult = oracle.evaluate(request);
            oracleBest = Math.min(oracleBest, System.nanoTime() - s);
        }
        List<Differences.Mismatch> mismatches = Differences.between(oracleResult, engineResult);
        Map<String, Integer> kinds = new TreeMap<>();
        mismatches.forEach(m -> kinds.merge(m.signature(), 1, Integer::sum));

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("merchants", merchants);
        out.put("threads", threads == null ? Runtime.getRuntime().availableProcessors() : threads);
        out.put("batchSize", batchSize);
        out.put("seed", seed);
        out.put("reuseSessions", reuseSessions);
        out.put("merchantsPerSecond", Math.round(merchants / (engineBest / 1e9)));
        out.put("oracleMerchantsPerSecond", Math.round(merchants / (oracleBest / 1e9)));
        out.put("oracleRatio", Math.round(1000.0 * engineBest / oracleBest) / 1000.0);
        out.put("engineMillis", engineBest / 1_000_000);
        out.put("oracleMillis", oracleBest / 1_000_000);
        out.put("peakHeapBytes", peakHeap());
        out.put("buildMillis", buildNanos / 1_000_000);
        out.put("agree", mismatches.isEmpty());
        out.put("mismatches", mismatches.size());
        out.put("mismatchKinds", kinds);

        if ("json".equalsIgnoreCase(format)) {
            results.println(Json.jsonMapper().copy().disable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(out));
        } else {
            results.printf(Locale.ROOT, "alliance-rules bench: %,d merchants, seed %d, %s threads, batch size %s%n",
                    merchants, seed, out.get("threads"), batchSize == null ? "default" : batchSize);
            results.printf(Locale.ROOT, "engine build:   %,d ms%n", buildNanos / 1_000_000);
            results.printf(Locale.ROOT, "engine:         %,d merchants/s (%,d ms, best of %d)%n",
                    out.get("merchantsPerSecond"), engineBest / 1_000_000, rounds);
            results.printf(Locale.ROOT, "oracle:         %,d merchants/s (%,d ms)%n",
                    out.get("oracleMerchantsPerSecond"), oracleBest / 1_000_000);
            results.printf(Locale.ROOT, "engine/oracle:  %.2fx the oracle's time%n", (double) engineBest / oracleBest);
            results.printf(Locale.ROOT, "peak heap:      %,d MB%n", peakHeap() / (1024 * 1024));
            if (mismatches.isEmpty()) {
                results.printf(Locale.ROOT, "agreement:      engine and oracle agree on all %,d merchants%n", merchants);
            } else {
                results.printf(Locale.ROOT, "agreement:      DISAGREE on %,d of %,d merchants%n", mismatches.size(), merchants);
                kinds.forEach((k, v) -> results.printf(Locale.ROOT, "  %,8d  %s%n", v, k));
                mismatches.stream().limit(showMismatches).forEach(m -> results.println("  e.g. " + m));
            }
        }
        if (!mismatches.isEmpty() && showMismatches > 0) {
            for (Differences.Mismatch m : mismatches.subList(0, Math.min(showMismatches, mismatches.size()))) {
                System.err.println(Json.jsonMapper().copy().disable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(request.merchants().get(m.index())));
            }
        }
        return mismatches.isEmpty() ? 0 : 1;
    }

    /**
     * The cost curve: for each size, blocks of {@code block} merchants are generated (seeded by block
     * number, controllers local to the block) and evaluated on {@code threads} workers as they are made;
     * each block is also run through the oracle and compared. Throughput is engine time only (generation
     * and the oracle excluded, summed over workers and divided by the workers); heap is the heap pools'
     * peak during the size's run, after a GC before it.
     */
    private int curve() throws Exception {
        java.io.PrintStream results = Main.results();
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        RulesEngine.Builder builder = RulesEngine.builder().rulesDirectory(rulesDir).threads(1);
        if (batchSize != null) builder.batchSize(batchSize);
        RulesEngine engine = builder.build();
        Policy policy = engine.policies().find("default");
        PopulationGenerator generator = new PopulationGenerator(policy, PopulationGenerator.DEFAULT_AS_OF);
        Oracle oracle = new Oracle(policy);
        // warm-up: 200k merchants
        runCurve(engine, oracle, generator, 200_000, workers);
        boolean json = "json".equalsIgnoreCase(format);
        if (!json) {
            results.printf(Locale.ROOT, "alliance-rules bench --curve: %d workers, blocks of %,d merchants, seed %d%n",
                    workers, block, seed);
            results.printf(Locale.ROOT, "%12s %16s %16s %10s %14s %16s %s%n", "merchants", "merchants/s", "oracle/s",
                    "ratio", "peak heap MB", "heap B/merchant", "agree");
        }
        boolean allAgree = true;
        for (long n : curveSizes) {
            long[] r = runCurve(engine, oracle, generator, n, workers);
            double engineSeconds = r[0] / 1e9 / workers;
            double oracleSeconds = r[1] / 1e9 / workers;
            long heap = r[2];
            boolean agree = r[3] == 0;
            allAgree &= agree;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("merchants", n);
            row.put("merchantsPerSecond", Math.round(n / engineSeconds));
            row.put("oracleMerchantsPerSecond", Math.round(n / oracleSeconds));
            row.put("oracleRatio", Math.round(1000.0 * engineSeconds / oracleSeconds) / 1000.0);
            row.put("peakHeapBytes", heap);
            row.put("heapBytesPerMerchant", heap / n);
            row.put("mismatches", r[3]);
            if (json) {
                results.println(Json.jsonMapper().copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(row));
            } else {
                results.printf(Locale.ROOT, "%,12d %,16d %,16d %9.2fx %,14d %,16d %s%n", n, row.get("merchantsPerSecond"),
                        row.get("oracleMerchantsPerSecond"), row.get("oracleRatio"), heap / (1024 * 1024), heap / n,
                        agree ? "yes" : "NO (" + r[3] + ")");
            }
            results.flush();
        }
        return allAgree ? 0 : 1;
    }

    /** {engine nanos summed over workers, oracle nanos summed, peak heap bytes, mismatches}. */
    private long[] runCurve(RulesEngine engine, Oracle oracle, PopulationGenerator generator, long n, int workers)
            throws Exception {
        System.gc();
        resetPeaks();
        long blocks = (n + block - 1) / block;
        java.util.concurrent.atomic.LongAdder engineNanos = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder oracleNanos = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder mismatches = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int w = 0; w < workers; w++) {
                done.add(pool.submit(() -> {
                    for (long b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                        int size = (int) Math.min(block, n - b * block);
                        EvaluationRequest request = generator.request(seed * 1_000_003L + b, size);
                        long s = System.nanoTime();
                        EvaluationResult e = engine.evaluateUnchecked(request);
                        long t = System.nanoTime();
                        EvaluationResult o = oracle.evaluate(request);
                        long u = System.nanoTime();
                        engineNanos.add(t - s);
                        oracleNanos.add(u - t);
                        mismatches.add(Differences.between(o, e).size());
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new long[] {engineNanos.sum(), oracleNanos.sum(), peakHeap(), mismatches.sum()};
    }

    /** Streams the population to a file merchant by merchant (absent instead of null, as the schema wants). */
    private int writeRequest() throws IOException {
        Policy policy = PolicySet.fromClasspath().find("default");
        PopulationGenerator generator = new PopulationGenerator(policy, PopulationGenerator.DEFAULT_AS_OF);
        ObjectMapper mapper = Json.jsonMapper().copy()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
        SplittableRandom random = new SplittableRandom(seed);
        int controllers = Math.max(1, merchants / 4);
        try (var out = new BufferedOutputStream(Files.newOutputStream(writeRequest), 1 << 16);
             var gen = mapper.getFactory().createGenerator(out)) {
            gen.setCodec(mapper);
            gen.writeStartObject();
            gen.writeStringField("asOf", generator.asOf().toString());
            gen.writeStringField("policy", policy.id());
            gen.writeArrayFieldStart("merchants");
            for (int i = 0; i < merchants; i++) {
                mapper.writeValue(gen, generator.merchant(random, "m-" + i, controllers));
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }
        System.err.printf(Locale.ROOT, "wrote %,d merchants to %s%n", merchants, writeRequest);
        return 0;
    }

    /** Streams the population to a sweep snapshot, merchant by merchant. */
    private int writeSnapshot() throws IOException {
        Policy policy = PolicySet.fromClasspath().find("default");
        PopulationGenerator generator = new PopulationGenerator(policy, PopulationGenerator.DEFAULT_AS_OF);
        SplittableRandom random = new SplittableRandom(seed);
        int controllers = Math.max(1, merchants / 4);
        try (org.alliancerules.sweep.SnapshotWriter out = new org.alliancerules.sweep.SnapshotWriter(writeSnapshot)) {
            for (int i = 0; i < merchants; i++) {
                out.write(generator.merchant(random, "m-" + i, controllers));
            }
        }
        System.err.printf(Locale.ROOT, "wrote %,d merchants to %s (as of %s)%n", merchants, writeSnapshot, generator.asOf());
        return 0;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the command started. */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
