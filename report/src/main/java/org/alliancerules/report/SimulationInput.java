package org.alliancerules.report;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.RequestReader;
import org.alliancerules.policy.Policy;

/**
 * The output of {@code simulate --format json} read back: each merchant's timeline (day, score, alliance,
 * grade, decisions). A simulation carries its inputs, so here the scores are the simulated merchants' own.
 * Its population charts are counted from the timelines (a simulation is small; a store's are counted by
 * the database).
 */
public final class SimulationInput {

    /** Merchants of a simulation drawn one by one at most; the rest are counted in the population charts. */
    public static final int ROAD_LIMIT = 50;

    private record Entry(LocalDate day, Double score, boolean member, int closures, String closedOn, Integer grade,
                         List<Road.Row> decisions) {
    }

    public final String source;
    public final String title;
    public final String policy;
    private final Map<String, List<Entry>> timelines = new LinkedHashMap<>();

    private SimulationInput(String source, String title, String policy) {
        this.source = source;
        this.title = title;
        this.policy = policy;
    }

    /** Reads and checks a simulate output. @throws InvalidInputException every problem located */
    public static SimulationInput read(Path file) throws IOException {
        JsonInput in = new JsonInput(RequestReader.shared().readTree(file));
        JsonNode root = in.doc.root();
        if (!root.isObject()) {
            in.problem("", "a simulate output (simulate --format json) is a JSON object with \"timelines\"");
            throw new InvalidInputException(in.problems);
        }
        String title = in.text(root, "title", "/title", false);
        String policy = in.text(root, "policy", "/policy", true);
        SimulationInput out = new SimulationInput(in.doc.source(), title == null ? "" : title, policy);
        JsonNode timelines = in.object(root, "timelines", "/timelines");
        if (timelines != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = timelines.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                String at = "/timelines/" + JsonInput.escape(m.getKey());
                if (!m.getValue().isArray()) {
                    in.problem(at, "must be an array of days");
                    continue;
                }
                List<Entry> entries = new ArrayList<>();
                for (int i = 0; i < m.getValue().size(); i++) {
                    Entry e = entry(in, m.getValue().get(i), at + "/" + i, policy);
                    if (e != null) {
                        entries.add(e);
                    }
                }
                out.timelines.put(m.getKey(), entries);
            }
        }
        if (!in.problems.isEmpty()) {
            throw new InvalidInputException(in.problems);
        }
        return out;
    }

    private static Entry entry(JsonInput in, JsonNode d, String at, String policy) {
        if (!d.isObject()) {
            in.problem(at, "must be an object with \"day\"");
            return null;
        }
        LocalDate day = in.day(d, "day", at + "/day");
        JsonNode score = d.get("score");
        Double value = null;
        if (score != null && !score.isNull()) {
            if (!score.isNumber() || !Double.isFinite(score.asDouble())) {
                in.problem(at + "/score", "must be a number or null");
            } else {
                value = score.asDouble();
            }
        }
        boolean member = false;
        int closures = 0;
        String closedOn = null;
        JsonNode alliance = d.get("alliance");
        if (alliance != null && alliance.isObject()) {
            member = alliance.path("member").asBoolean(false);
            Long c = in.count(alliance, "closures", at + "/alliance/closures", false);
            closures = c == null ? 0 : c.intValue();
            closedOn = alliance.path("closedOn").isTextual() ? alliance.get("closedOn").asText() : null;
        }
        Integer grade = null;
        JsonNode g = d.get("grade");
        if (g != null && g.isObject() && g.has("level") && !g.get("level").isNull()) {
            Long level = in.count(g, "level", at + "/grade/level", false);
            grade = level == null ? null : level.intValue();
        }
        List<Road.Row> rows = new ArrayList<>();
        JsonNode ds = d.get("decisions");
        if (ds != null && !ds.isNull()) {
            if (!ds.isArray()) {
                in.problem(at + "/decisions", "must be an array of decisions");
            } else {
                for (int i = 0; i < ds.size(); i++) {
                    String p = at + "/decisions/" + i;
                    JsonNode x = ds.get(i);
                    if (!x.isObject()) {
                        in.problem(p, "must be a decision object");
                        continue;
                    }
                    String type = in.text(x, "type", p + "/type", true);
                    String clause = in.text(x, "clause", p + "/clause", true);
                    String rule = in.text(x, "rule", p + "/rule", false);
                    String reason = in.text(x, "reason", p + "/reason", true);
                    rows.add(new Road.Row(day == null ? "" : day.toString(), type, clause, rule == null ? "" : rule,
                            reason, policy));
                }
            }
        }
        return day == null ? null : new Entry(day, value, member, closures, closedOn, grade, rows);
    }

    /** Every day of the simulation, oldest first. */
    public List<String> days() {
        TreeSet<String> days = new TreeSet<>();
        timelines.values().forEach(es -> es.forEach(e -> days.add(e.day().toString())));
        return new ArrayList<>(days);
    }

    public int merchants() {
        return timelines.size();
    }

    /** The roads of the first {@link #ROAD_LIMIT} merchants (or of those asked for). */
    public List<Road> roads(PolicyLines policies, List<String> asked) {
        List<String> days = days();
        List<Road> out = new ArrayList<>();
        for (Map.Entry<String, List<Entry>> t : timelines.entrySet()) {
            if (!asked.isEmpty() && !asked.contains(t.getKey())) {
                continue;
            }
            if (out.size() == ROAD_LIMIT) {
                break;
            }
            Map<String, Entry> byDay = new HashMap<>();
            t.getValue().forEach(e -> byDay.put(e.day().toString(), e));
            List<Double> scores = new ArrayList<>();
            List<Integer> grades = new ArrayList<>();
            List<Road.Marker> markers = new ArrayList<>();
            List<Road.Row> rows = new ArrayList<>();
            Entry last = null;
            for (String day : days) {
                Entry e = byDay.get(day);
                last = e == null ? last : e;
                scores.add(e == null ? null : e.score());
                grades.add(last == null ? null : last.grade());
                if (e != null) {
                    for (Road.Row r : e.decisions()) {
                        rows.add(r);
                        String kind = StoreReport.MARKED.get(r.type());
                        if (kind != null) {
                            markers.add(new Road.Marker(kind, day, r.type(), r.clause(), r.reason()));
                        }
                    }
                }
            }
            List<String> notes = new ArrayList<>();
            List<PolicyLines.Segment> lines = policies.segments(days, days.stream().map(d -> policy).toList(), notes);
            String end = last == null ? "unknown" : (last.member() ? "member" : "not a member") + ", " + last.closures()
                    + " closure" + (last.closures() == 1 ? "" : "s") + (last.grade() == null ? "" : ", LV" + last.grade());
            out.add(new Road(t.getKey(), "in the simulation", days, scores, grades, lines, markers, rows,
                    "the simulation's inputs (" + source + ")", notes, end));
        }
        return out;
    }

    /** The simulation's population, counted from its timelines. */
    public Population population(PolicyLines policies) {
        List<String> days = days();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < days.size(); i++) {
            index.put(days.get(i), i);
        }
        Map<String, List<Long>> byType = new TreeMap<>();
        Map<String, List<Long>> grades = new LinkedHashMap<>();
        for (int level = 0; level <= 7; level++) {
            grades.put("LV" + level, zeros(days.size()));
        }
        Map<String, long[]> denials = new TreeMap<>();
        Map<String, TreeSet<String>> deniedMerchants = new HashMap<>();
        Policy policy = policies.find(this.policy);
        int banAt = policy == null ? 0 : policy.strikes().banAtClosures();
        List<Population.Away> away = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, List<Entry>> t : timelines.entrySet()) {
            Map<String, Entry> byDay = new HashMap<>();
            t.getValue().forEach(e -> byDay.put(e.day().toString(), e));
            Entry last = null;
            for (String day : days) {
                Entry e = byDay.get(day);
                last = e == null ? last : e;
                int i = index.get(day);
                if (last != null && last.grade() != null && last.grade() >= 0 && last.grade() <= 7) {
                    List<Long> g = grades.get("LV" + last.grade());
                    g.set(i, g.get(i) + 1);
                }
                if (e != null) {
                    for (Road.Row r : e.decisions()) {
                        List<Long> c = byType.computeIfAbsent(r.type(), k -> zeros(days.size()));
                        c.set(i, c.get(i) + 1);
                        if ("ADMISSION_DENIED".equals(r.type())) {
                            denials.computeIfAbsent(r.clause(), k -> new long[1])[0]++;
                            deniedMerchants.computeIfAbsent(r.clause(), k -> new TreeSet<>()).add(t.getKey());
                        }
                    }
                }
            }
            if (policy != null && last != null && last.closures() == banAt - 1) {
                total++;
                if (away.size() < Population.LIST_LIMIT) {
                    away.add(new Population.Away(t.getKey(), last.closures(), last.closedOn() == null ? "" : last.closedOn(),
                            last.member()));
                }
            }
        }
        List<Population.Denials> denialRows = new ArrayList<>();
        denials.forEach((clause, n) -> denialRows.add(new Population.Denials(clause, n[0], deniedMerchants.get(clause).size())));
        List<String> notes = new ArrayList<>();
        if (policy == null) {
            notes.add("policy " + this.policy + " is not among the packaged profiles: the closures that ban are unknown");
        }
        return new Population(days, byType, grades, banAt, total, away, denialRows, notes);
    }

    private static List<Long> zeros(int n) {
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(0L);
        }
        return out;
    }
}
