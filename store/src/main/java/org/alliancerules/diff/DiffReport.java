package org.alliancerules.diff;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.alliancerules.io.Json;

/**
 * What a diff found: how many merchants, how many changed, and the changed ones grouped by transition
 * (base outcome to candidate outcome) with the decisions present on one side only and sample ids. Written
 * as text for people, JSON ({@link #toJson}: the shape the HTML report reads) or CSV (one row per transition).
 */
public final class DiffReport {

    /**
     * A side as the report shows it.
     *
     * @param effectiveFrom the policy's effectiveFrom (null when it has none)
     * @param beforeEffect  the population's day is before it: the side names the policy and it is evaluated as
     *                      if it were in force (what it would do)
     */
    public record SideInfo(String spec, String kind, String policy, String rules, String rulesSha256,
                           String effectiveFrom, boolean beforeEffect) {
    }

    /** The changed merchants of one transition. */
    public static final class Transition {
        final String from;
        final String to;
        long count;
        /** Decisions of the base only (gone under the candidate), with how many of the transition's merchants had each. */
        final Map<Diff.Key, Long> removed = new TreeMap<>();
        /** Decisions of the candidate only (new under it). */
        final Map<Diff.Key, Long> added = new TreeMap<>();
        final List<String> samples = new ArrayList<>();

        Transition(String from, String to) {
            this.from = from;
            this.to = to;
        }

        public String from() {
            return from;
        }

        public String to() {
            return to;
        }

        public long count() {
            return count;
        }

        /** The clauses responsible: those of the decisions present on one side only, sorted. */
        public List<String> clauses() {
            TreeSet<String> clauses = new TreeSet<>();
            removed.keySet().forEach(k -> clauses.add(k.clause()));
            added.keySet().forEach(k -> clauses.add(k.clause()));
            return List.copyOf(clauses);
        }

        public List<String> samples() {
            return List.copyOf(samples);
        }

        /** "TYPE CLAUSE" of each decision the candidate adds, with its count. */
        public Map<String, Long> added() {
            return named(added);
        }

        /** "TYPE CLAUSE" of each decision the candidate removes, with its count. */
        public Map<String, Long> removed() {
            return named(removed);
        }

        private static Map<String, Long> named(Map<Diff.Key, Long> keys) {
            Map<String, Long> out = new LinkedHashMap<>();
            keys.forEach((k, n) -> out.put(k.toString(), n));
            return out;
        }
    }

    private final Population population;
    private final SideInfo base;
    private final SideInfo candidate;
    private final int maxSamples;
    private long merchants;
    private long changed;
    private final Map<String, Long> baseCounts = new TreeMap<>();
    private final Map<String, Long> candidateCounts = new TreeMap<>();
    private final Map<String, Transition> transitions = new LinkedHashMap<>();

    DiffReport(Population population, SideInfo base, SideInfo candidate, int maxSamples) {
        this.population = population;
        this.base = base;
        this.candidate = candidate;
        this.maxSamples = maxSamples;
    }

    /** Folds a compared part in (parts arrive in input order, so the samples are the first in input order). */
    void add(Diff.Compared part) {
        merchants += part.merchants();
        part.baseCounts().forEach((k, n) -> baseCounts.merge(k, n, Long::sum));
        part.candidateCounts().forEach((k, n) -> candidateCounts.merge(k, n, Long::sum));
        for (Diff.Change c : part.changes()) {
            changed++;
            Transition t = transitions.computeIfAbsent(c.from() + " -> " + c.to(), k -> new Transition(c.from(), c.to()));
            t.count++;
            c.removed().forEach(k -> t.removed.merge(k, 1L, Long::sum));
            c.added().forEach(k -> t.added.merge(k, 1L, Long::sum));
            if (t.samples.size() < maxSamples) {
                t.samples.add(c.merchantId());
            }
        }
    }

    public long merchants() {
        return merchants;
    }

    public long changed() {
        return changed;
    }

    public SideInfo base() {
        return base;
    }

    public SideInfo candidate() {
        return candidate;
    }

    /** The transitions, most merchants first (then by from and to). */
    public List<Transition> transitions() {
        List<Transition> out = new ArrayList<>(transitions.values());
        out.sort(Comparator.comparingLong(Transition::count).reversed()
                .thenComparing(Transition::from).thenComparing(Transition::to));
        return out;
    }

    /** The transition from one outcome to another, or null when no merchant made it. */
    public Transition transition(String from, String to) {
        return transitions.get(from + " -> " + to);
    }

    // ---------------------------------------------------------------- JSON

    /** The report as the JSON docs/analysts.md documents (and the HTML report reads). */
    public Map<String, Object> toJson() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> pop = new LinkedHashMap<>();
        pop.put("source", population.source());
        pop.put("kind", population.kind());
        pop.put("asOf", population.asOf().toString());
        pop.put("profile", population.profile());
        out.put("population", pop);
        out.put("merchants", merchants);
        out.put("changed", changed);
        out.put("comparedBy", "type+clause");
        out.put("base", side(base, baseCounts));
        out.put("candidate", side(candidate, candidateCounts));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Transition t : transitions()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("from", t.from);
            row.put("to", t.to);
            row.put("count", t.count);
            row.put("clauses", t.clauses());
            row.put("removed", decisions(t.removed));
            row.put("added", decisions(t.added));
            row.put("samples", t.samples());
            list.add(row);
        }
        out.put("transitions", list);
        return out;
    }

    private static Map<String, Object> side(SideInfo s, Map<String, Long> counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("spec", s.spec());
        out.put("kind", s.kind());
        out.put("policy", s.policy());
        out.put("rules", s.rules());
        out.put("rulesSha256", s.rulesSha256());
        out.put("effectiveFrom", s.effectiveFrom());
        out.put("beforeEffect", s.beforeEffect());
        out.put("decisions", new TreeMap<>(counts));
        return out;
    }

    private static List<Map<String, Object>> decisions(Map<Diff.Key, Long> keys) {
        List<Map<String, Object>> out = new ArrayList<>();
        keys.forEach((k, n) -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("type", k.type());
            d.put("clause", k.clause());
            d.put("count", n);
            out.add(d);
        });
        return out;
    }

    public String json() throws IOException {
        return Json.jsonMapper().writeValueAsString(toJson()) + "\n";
    }

    // ---------------------------------------------------------------- CSV

    /** One row per transition: from, to, count, clauses, removed, added, samples (lists joined by "; "). */
    public String csv() throws IOException {
        CsvSchema schema = CsvSchema.builder().addColumn("from").addColumn("to").addColumn("count").addColumn("clauses")
                .addColumn("removed").addColumn("added").addColumn("samples").build().withHeader();
        StringWriter out = new StringWriter();
        try (SequenceWriter seq = new CsvMapper().writerFor(Object[].class).with(schema).writeValues(out)) {
            for (Transition t : transitions()) {
                seq.write(new Object[] {t.from, t.to, t.count, String.join("; ", t.clauses()), counted(t.removed),
                        counted(t.added), String.join("; ", t.samples)});
            }
        }
        return out.toString();
    }

    private static String counted(Map<Diff.Key, Long> keys) {
        List<String> parts = new ArrayList<>();
        keys.forEach((k, n) -> parts.add(k + " (" + n + ")"));
        return String.join("; ", parts);
    }

    // ---------------------------------------------------------------- text

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "diff of %,d merchants as of %s (%s %s, profile %s)%n", merchants,
                population.asOf(), population.kind(), population.source(), population.profile()));
        sideLine(out, "base", base);
        sideLine(out, "candidate", candidate);
        double share = merchants == 0 ? 0 : 100.0 * changed / merchants;
        out.append(String.format(Locale.ROOT, "  changed:   %,d merchant%s (%.2f%%): decisions differ by type or clause%n",
                changed, changed == 1 ? "" : "s", share));
        if (transitions.isEmpty()) {
            out.append("  no merchant changed\n");
            return out.toString();
        }
        List<Transition> list = transitions();
        int fromWidth = "FROM (base)".length();
        int toWidth = "TO (candidate)".length();
        for (Transition t : list) {
            fromWidth = Math.max(fromWidth, t.from.length());
            toWidth = Math.max(toWidth, t.to.length());
        }
        String row = "  %-" + fromWidth + "s  %-" + toWidth + "s  %12s  %s%n";
        out.append('\n').append(String.format(Locale.ROOT, row, "FROM (base)", "TO (candidate)", "MERCHANTS", "CLAUSES"));
        for (Transition t : list) {
            out.append(String.format(Locale.ROOT, row, t.from, t.to, String.format(Locale.ROOT, "%,d", t.count),
                    String.join(", ", t.clauses())));
        }
        for (Transition t : list) {
            out.append(String.format(Locale.ROOT, "%n%s -> %s: %,d merchant%s%n", t.from, t.to, t.count, t.count == 1 ? "" : "s"));
            t.removed.forEach((k, n) -> out.append(String.format(Locale.ROOT, "  - %-40s %,d  (base only)%n", k, n)));
            t.added.forEach((k, n) -> out.append(String.format(Locale.ROOT, "  + %-40s %,d  (candidate only)%n", k, n)));
            if (!t.samples.isEmpty()) {
                out.append("  samples: ").append(String.join(", ", t.samples)).append('\n');
            }
        }
        return out.toString();
    }

    private static void sideLine(StringBuilder out, String name, SideInfo s) {
        out.append(String.format(Locale.ROOT, "  %-10s %s (%s): policy %s, rules %s sha256 %s%n", name + ":", s.spec(),
                s.kind(), s.policy(), s.rules(), s.rulesSha256().substring(0, Math.min(12, s.rulesSha256().length()))));
        if (s.beforeEffect()) {
            out.append(String.format(Locale.ROOT, "             (takes effect on %s: evaluated as if in force)%n", s.effectiveFrom()));
        }
    }
}
