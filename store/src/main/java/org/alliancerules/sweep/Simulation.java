package org.alliancerules.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.io.Document;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;
import org.alliancerules.io.Trees;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.GradeState;
import org.alliancerules.store.HistoryEntry;
import org.alliancerules.store.Store;
import org.alliancerules.store.StoredState;

/**
 * A multi-day history replayed through the daily sweep (the same {@link Sweep}, against an in-memory
 * store), for analysts and multi-day fixtures: 30-day grade cadence, fast upgrade, LV0 clearance,
 * closures over months.
 *
 * <pre>
 * title: LV0 clearance after 60 days
 * policy: default                 # optional
 * days:
 *   - asOf: 2026-01-01            # one day: the full facts of each merchant (interchange merchants)
 *     merchants: [ { id: m-1, ... } ]
 *   - from: 2026-01-02            # a range of days: overrides merged over the day before, the same every day
 *     to: 2026-03-31
 *     merchants: [ { id: m-1, experienceScore: 3.6 } ]
 * expect:                         # optional: checked after the last day
 *   - { merchant: m-1, day: 2026-03-02, decisions: [CLEARED_OUT GRD-7], grade: 0, member: true, closures: 0 }
 * </pre>
 * A merchant's facts carry over from day to day; a later day gives only what changes (objects merge
 * field by field; lists and values replace). {@code decisions} is the exact set of the day's decisions,
 * each "TYPE" or "TYPE CLAUSE"; an empty list expects none.
 */
public final class Simulation {

    /** One day of one merchant in the timeline. */
    public record Day(LocalDate day, Double score, StoredState stateAfter, List<DecisionView> decisions,
                      boolean stateChanged) {
    }

    /** The outcome of one expectation. */
    public record Check(String merchant, LocalDate day, boolean passed, String detail, int line) {
    }

    /** What a simulation showed. */
    public record Result(String title, String policy, List<LocalDate> days, Map<String, List<Day>> timelines,
                         List<Check> checks) {

        public long failed() {
            return checks.stream().filter(c -> !c.passed()).count();
        }
    }

    private final RulesEngine engine;

    public Simulation(RulesEngine engine) {
        this.engine = engine;
    }

    /**
     * Reads and runs a simulation file.
     *
     * @throws InvalidInputException when the file is not a valid simulation (every problem located)
     */
    public Result run(Path file) throws IOException {
        RequestReader reader = RequestReader.shared();
        Document doc = reader.readTree(file);
        return run(doc);
    }

    public Result run(Document doc) throws IOException {
        Plan plan = plan(doc);
        Map<String, ObjectNode> facts = new LinkedHashMap<>();
        Map<String, Map<LocalDate, Double>> scores = new LinkedHashMap<>();
        List<LocalDate> days = new ArrayList<>();
        String policyLabel = engine.policyFor(new org.alliancerules.model.EvaluationRequest(
                plan.firstDay(), plan.policy, List.of())).label();
        try (Store store = Store.temporary()) { // a throw-away SQLite file, deleted when it closes
            {
                Sweep sweep = new Sweep(engine, store, SweepProgress.NONE, 1);
                for (PlannedDays step : plan.steps) {
                    for (LocalDate day = step.from; !day.isAfter(step.to); day = day.plusDays(1)) {
                        for (JsonNode over : step.merchants) {
                            String id = over.get("id").asText();
                            ObjectNode base = facts.get(id);
                            facts.put(id, base == null ? ((ObjectNode) over).deepCopy() : Trees.merge(base, over));
                        }
                        List<ObjectNode> rows = new ArrayList<>(facts.values());
                        for (ObjectNode m : rows) {
                            JsonNode score = m.get("experienceScore");
                            scores.computeIfAbsent(m.get("id").asText(), k -> new TreeMap<>())
                                    .put(day, score == null || !score.isNumber() ? null : score.asDouble());
                        }
                        Snapshot snapshot = new InMemorySnapshot(doc.source() + " (" + step.pointer + ", day " + day + ")", rows);
                        SweepOptions options = new SweepOptions(day, plan.policy, false, true, null, 0);
                        sweep.run(options, List.of(snapshot));
                        days.add(day);
                    }
                }
                Map<String, List<Day>> timelines = new LinkedHashMap<>();
                for (Map.Entry<String, Map<LocalDate, Double>> e : scores.entrySet()) {
                    timelines.put(e.getKey(), timeline(store, e.getKey(), e.getValue()));
                }
                List<Check> checks = new ArrayList<>();
                for (Expectation x : plan.expectations) {
                    checks.add(check(x, timelines));
                }
                return new Result(plan.title, policyLabel, days, timelines, checks);
            }
        }
    }

    private static List<Day> timeline(Store store, String id, Map<LocalDate, Double> scores) {
        Map<LocalDate, HistoryEntry> byDay = new TreeMap<>();
        for (HistoryEntry h : store.history(id, null, null)) {
            byDay.put(h.day(), h);
        }
        List<Day> out = new ArrayList<>();
        StoredState state = null;
        for (Map.Entry<LocalDate, Double> e : scores.entrySet()) {
            HistoryEntry h = byDay.get(e.getKey());
            if (h != null && h.state() != null) {
                state = h.state();
            }
            out.add(new Day(e.getKey(), e.getValue(), state, h == null ? List.of() : h.decisions(),
                    h != null && h.stateChanged()));
        }
        return out;
    }

    private static Check check(Expectation x, Map<String, List<Day>> timelines) {
        Day day = timelines.getOrDefault(x.merchant, List.of()).stream()
                .filter(d -> d.day().equals(x.day)).findFirst().orElse(null);
        if (day == null) {
            return new Check(x.merchant, x.day, false, "the simulation has no day " + x.day + " for " + x.merchant, x.line);
        }
        List<String> wrong = new ArrayList<>();
        if (x.decisions != null) {
            Set<String> got = new TreeSet<>();
            for (DecisionView d : day.decisions()) {
                boolean typeOnly = x.decisions.stream().anyMatch(s -> s.equals(d.type()));
                got.add(typeOnly ? d.type() : d.type() + " " + d.clause());
            }
            if (!got.equals(new TreeSet<>(x.decisions))) {
                wrong.add("decisions " + new TreeSet<>(x.decisions) + " expected, got " + got);
            }
        }
        StoredState s = day.stateAfter();
        GradeState g = s == null ? null : s.grade();
        if (x.grade != null && (g == null || !x.grade.equals(g.level()))) {
            wrong.add("grade LV" + x.grade + " expected, got " + (g == null || g.level() == null ? "ungraded" : "LV" + g.level()));
        }
        if (x.member != null && (s == null || s.alliance().member() != x.member)) {
            wrong.add((x.member ? "a member" : "not a member") + " expected, got "
                    + (s != null && s.alliance().member() ? "a member" : "not a member"));
        }
        if (x.closures != null && (s == null || s.alliance().closures() != x.closures)) {
            wrong.add(x.closures + " closures expected, got " + (s == null ? 0 : s.alliance().closures()));
        }
        return new Check(x.merchant, x.day, wrong.isEmpty(), String.join("; ", wrong), x.line);
    }

    // ---------------------------------------------------------------- the file

    private record PlannedDays(LocalDate from, LocalDate to, List<JsonNode> merchants, String pointer) {
    }

    private record Expectation(String merchant, LocalDate day, List<String> decisions, Integer grade, Boolean member,
                               Integer closures, int line) {
    }

    private static final class Plan {
        String title;
        String policy;
        final List<PlannedDays> steps = new ArrayList<>();
        final List<Expectation> expectations = new ArrayList<>();

        LocalDate firstDay() {
            return steps.get(0).from;
        }
    }

    private static Plan plan(Document doc) {
        List<Problem> problems = new ArrayList<>();
        JsonNode root = doc.root();
        Plan plan = new Plan();
        if (!root.isObject()) {
            throw new InvalidInputException(List.of(problem(doc, "", "a simulation is an object with title, days and expect")));
        }
        for (java.util.Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("title", "policy", "days", "expect").contains(f)) {
                problems.add(problem(doc, "/" + f, "unknown field \"" + f + "\" (a simulation has title, policy, days, expect)"));
            }
        }
        plan.title = root.path("title").asText("");
        plan.policy = root.hasNonNull("policy") ? root.get("policy").asText() : "default";
        JsonNode days = root.get("days");
        if (days == null || !days.isArray() || days.isEmpty()) {
            problems.add(problem(doc, "/days", "days must be a non-empty list"));
            throw new InvalidInputException(problems);
        }
        LocalDate last = null;
        for (int i = 0; i < days.size(); i++) {
            String at = "/days/" + i;
            JsonNode d = days.get(i);
            LocalDate from = date(doc, d.get("asOf") != null ? d.get("asOf") : d.get("from"),
                    at + (d.has("asOf") ? "/asOf" : "/from"), problems);
            LocalDate to = d.has("asOf") ? from : date(doc, d.get("to"), at + "/to", problems);
            if (from == null || to == null) {
                continue;
            }
            if (to.isBefore(from)) {
                problems.add(problem(doc, at + "/to", to + " is before from " + from));
                continue;
            }
            if (last != null && !from.isAfter(last)) {
                problems.add(problem(doc, at, "days must move forward: " + from + " is not after " + last));
            }
            last = to;
            List<JsonNode> merchants = new ArrayList<>();
            JsonNode list = d.get("merchants");
            if (list != null && !list.isArray()) {
                problems.add(problem(doc, at + "/merchants", "merchants must be a list"));
            } else if (list != null) {
                for (int j = 0; j < list.size(); j++) {
                    JsonNode m = list.get(j);
                    if (!m.isObject() || !m.path("id").isTextual()) {
                        problems.add(problem(doc, at + "/merchants/" + j, "a merchant is an object with an id"));
                    } else {
                        merchants.add(m);
                    }
                }
            }
            plan.steps.add(new PlannedDays(from, to, merchants, at));
        }
        JsonNode expect = root.get("expect");
        if (expect != null && expect.isArray()) {
            for (int i = 0; i < expect.size(); i++) {
                String at = "/expect/" + i;
                JsonNode x = expect.get(i);
                if (!x.path("merchant").isTextual()) {
                    problems.add(problem(doc, at, "an expectation names its merchant"));
                    continue;
                }
                LocalDate day = date(doc, x.get("day"), at + "/day", problems);
                List<String> decisions = null;
                if (x.has("decisions")) {
                    decisions = new ArrayList<>();
                    for (JsonNode d : x.get("decisions")) {
                        decisions.add(d.asText().trim().replaceAll("\\s+", " "));
                    }
                }
                if (day != null) {
                    plan.expectations.add(new Expectation(x.get("merchant").asText(), day, decisions,
                            x.hasNonNull("grade") ? x.get("grade").asInt() : null,
                            x.hasNonNull("member") ? x.get("member").asBoolean() : null,
                            x.hasNonNull("closures") ? x.get("closures").asInt() : null,
                            doc.lines().locate(at)[0]));
                }
            }
        } else if (expect != null) {
            problems.add(problem(doc, "/expect", "expect must be a list"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return plan;
    }

    private static LocalDate date(Document doc, JsonNode value, String pointer, List<Problem> problems) {
        if (value == null || !value.isTextual()) {
            problems.add(problem(doc, pointer, "a date YYYY-MM-DD is needed"));
            return null;
        }
        try {
            return LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
            problems.add(problem(doc, pointer, "not a date: \"" + value.asText() + "\""));
            return null;
        }
    }

    private static Problem problem(Document doc, String pointer, String message) {
        int[] at = doc.lines().locate(pointer);
        return new Problem(doc.source(), pointer, at[0], at[1], message);
    }
}
