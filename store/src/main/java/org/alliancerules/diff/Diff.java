package org.alliancerules.diff;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.alliancerules.engine.PartPipeline;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;
import org.alliancerules.model.ShopPenalty;
import org.alliancerules.policy.Policy;

/**
 * Evaluates one population under two sides and compares each merchant's decisions, in one pass over the
 * population: each part is evaluated under both sides (parts in parallel on {@code threads} threads, at most
 * a few in flight) and folded into the report in input order, so memory is the parts in flight and the
 * report (transitions, their clause counts and samples), whatever the size of the population.
 *
 * <p>A merchant has <b>changed</b> when the set of its decisions' (type, clause) pairs differs between the
 * sides; a reason alone (the same clause deciding with other numbers) is not a change. Its outcome on a
 * side is the sorted set of its decision types joined by {@code +}, or {@code NONE}.
 */
public final class Diff {

    /** The outcome of a merchant without decisions. */
    public static final String NONE = "NONE";

    private final Side base;
    private final Side candidate;
    private final int threads;
    private final int samples;
    private final int partSize;

    public Diff(Side base, Side candidate, int threads, int partSize, int samples) {
        this.base = base;
        this.candidate = candidate;
        this.threads = Math.max(1, threads);
        this.partSize = Math.max(1, partSize);
        this.samples = Math.max(0, samples);
    }

    /** Evaluates the population under both sides and compares them. */
    public DiffReport run(Population population) throws IOException {
        Policy basePolicy = base.policy(population.asOf(), population.profile());
        Policy candidatePolicy = candidate.policy(population.asOf(), population.profile());
        DiffReport report = new DiffReport(population, describe(base, basePolicy, population.asOf()),
                describe(candidate, candidatePolicy, population.asOf()), samples);
        // parts are compared on the pipeline's threads and folded into the report in input order
        try (PartPipeline<Compared> pipeline = new PartPipeline<>("diff-evaluate", threads, report::add)) {
            population.forEachPart(partSize, (merchants, outside) -> {
                List<MerchantInput> part = List.copyOf(merchants);
                List<ShopPenalty> others = List.copyOf(outside);
                pipeline.submit(() -> compare(population, part, others));
            });
            pipeline.finish();
        }
        return report;
    }

    private static DiffReport.SideInfo describe(Side side, Policy policy, java.time.LocalDate asOf) {
        boolean early = policy.effectiveFrom() != null && asOf.isBefore(policy.effectiveFrom());
        return new DiffReport.SideInfo(side.spec(), side.kind(), policy.label(), side.rules(),
                side.engine().ruleSetFor(policy).checksum(), policy.effectiveFrom() == null ? null : policy.effectiveFrom().toString(),
                early);
    }


    /** One decision as a diff compares it. */
    record Key(String type, String clause) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = type.compareTo(o.type);
            return c != 0 ? c : clause.compareTo(o.clause);
        }

        @Override
        public String toString() {
            return type + " " + clause;
        }
    }

    /** A merchant whose decisions differ: its outcomes and the decisions present on one side only. */
    record Change(String merchantId, String from, String to, List<Key> removed, List<Key> added) {
    }

    /** A part compared: its size, each side's decisions per type, and its changed merchants in input order. */
    record Compared(int merchants, Map<String, Long> baseCounts, Map<String, Long> candidateCounts, List<Change> changes) {
    }

    private Compared compare(Population population, List<MerchantInput> part, List<ShopPenalty> outside) {
        List<MerchantResult> before = base.engine().evaluatePart(population.asOf(), base.profileFor(population.profile()),
                part, outside);
        List<MerchantResult> after = candidate.engine().evaluatePart(population.asOf(),
                candidate.profileFor(population.profile()), part, outside);
        Map<String, Long> baseCounts = new TreeMap<>();
        Map<String, Long> candidateCounts = new TreeMap<>();
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < part.size(); i++) {
            MerchantResult b = before.get(i);
            MerchantResult c = after.get(i);
            if (!b.merchantId().equals(c.merchantId())) {
                throw new IllegalStateException("results out of order: " + b.merchantId() + " and " + c.merchantId());
            }
            TreeSet<Key> bs = keys(b.decisions(), baseCounts);
            TreeSet<Key> cs = keys(c.decisions(), candidateCounts);
            if (!bs.equals(cs)) {
                List<Key> removed = new ArrayList<>(bs);
                removed.removeAll(cs);
                List<Key> added = new ArrayList<>(cs);
                added.removeAll(bs);
                changes.add(new Change(b.merchantId(), outcome(bs), outcome(cs), removed, added));
            }
        }
        return new Compared(part.size(), baseCounts, candidateCounts, changes);
    }

    private static TreeSet<Key> keys(List<DecisionView> decisions, Map<String, Long> counts) {
        TreeSet<Key> keys = new TreeSet<>();
        for (DecisionView d : decisions) {
            keys.add(new Key(d.type(), d.clause() == null ? "" : d.clause()));
            counts.merge(d.type(), 1L, Long::sum);
        }
        return keys;
    }

    /** The sorted set of decision types joined by '+', or NONE. */
    static String outcome(TreeSet<Key> keys) {
        TreeSet<String> types = new TreeSet<>();
        keys.forEach(k -> types.add(k.type()));
        return types.isEmpty() ? NONE : String.join("+", types);
    }
}
