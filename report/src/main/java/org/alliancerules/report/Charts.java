package org.alliancerules.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts' ECharts options, built as data (the page's script only adds tooltip text and records what
 * it drew). Colours: the Okabe–Ito palette, distinguishable with the common forms of colour blindness;
 * markers also differ in shape and policy lines in dash, so nothing is told by colour alone.
 */
final class Charts {

    // Okabe & Ito (2008), "Color Universal Design"
    static final String BLACK = "#000000";
    static final String ORANGE = "#E69F00";
    static final String SKY_BLUE = "#56B4E9";
    static final String BLUISH_GREEN = "#009E73";
    static final String YELLOW = "#F0E442";
    static final String BLUE = "#0072B2";
    static final String VERMILLION = "#D55E00";
    static final String REDDISH_PURPLE = "#CC79A7";
    static final String GREY = "#999999";

    /** Grade levels LV0..LV7. */
    static final List<String> LEVEL_COLOURS = List.of(VERMILLION, ORANGE, YELLOW, BLUISH_GREEN, SKY_BLUE, BLUE,
            REDDISH_PURPLE, BLACK);

    static final Map<String, String> TYPE_COLOURS = Map.ofEntries(
            Map.entry("ADMITTED", BLUISH_GREEN), Map.entry("ADMISSION_DENIED", ORANGE),
            Map.entry("ALLIANCE_WARNING", YELLOW), Map.entry("ALLIANCE_CLOSED", VERMILLION),
            Map.entry("PROMOTIONS_UNBOUND", REDDISH_PURPLE), Map.entry("PERMANENTLY_BANNED", BLACK),
            Map.entry("GRADE_UP", BLUE), Map.entry("GRADE_DOWN", SKY_BLUE), Map.entry("GRADE_FAST_UP", "#004C7A"),
            Map.entry("CLEARED_OUT", GREY));

    /** Marker kind: legend name, colour, symbol, offset (so two markers of one day do not hide each other). */
    private record MarkerStyle(String name, String colour, String symbol, int offset) {
    }

    private static final Map<String, MarkerStyle> MARKERS = new LinkedHashMap<>();

    static {
        // drawn above the day's score point, so the score and its label stay visible
        MARKERS.put("warning", new MarkerStyle("warning (CHK-1)", YELLOW, "triangle", -18));
        MARKERS.put("closure", new MarkerStyle("closure (CHK-2)", VERMILLION, "diamond", -18));
        MARKERS.put("ban", new MarkerStyle("permanent ban (STR-2)", BLACK, "rect", -40));
        MARKERS.put("clearance", new MarkerStyle("cleared out (GRD-7)", GREY, "pin", -18));
        MARKERS.put("admitted", new MarkerStyle("admitted", BLUISH_GREEN, "circle", -18));
    }

    private static final Map<String, Object[]> LINE_STYLES = Map.of(
            "admission", new Object[] {BLUISH_GREEN, "solid"},
            "warning", new Object[] {ORANGE, "dashed"},
            "closure", new Object[] {VERMILLION, "dotted"});

    private Charts() {
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> title(String text, String sub) {
        return map("text", text, "subtext", sub, "left", 10, "top", 4,
                "textStyle", map("fontSize", 16), "subtextStyle", map("fontSize", 12, "color", "#333"));
    }

    private static Map<String, Object> dayAxis(List<String> days) {
        return map("type", "category", "data", days, "name", "sweep day (date)", "nameLocation", "middle", "nameGap", 32,
                "boundaryGap", true, "axisLabel", map("hideOverlap", true, "fontSize", 12));
    }

    private static Map<String, Object> valueAxis(String name) {
        return map("type", "value", "name", name, "nameLocation", "middle", "nameGap", 50, "minInterval", 1,
                "axisLabel", map("fontSize", 12));
    }

    private static Map<String, Object> legend() {
        return map("top", 48, "left", 10, "textStyle", map("fontSize", 12));
    }

    private static Map<String, Object> grid(int right) {
        return map("left", 80, "right", right, "top", 90, "bottom", 56);
    }

    // ---------------------------------------------------------------- a merchant

    static Map<String, Object> score(Road r) {
        double lo = 5;
        for (Double s : r.scores()) {
            if (s != null) {
                lo = Math.min(lo, s);
            }
        }
        for (PolicyLines.Segment s : r.lines()) {
            lo = Math.min(lo, s.value());
        }
        double min = Math.max(0, Math.floor((lo - 0.5) * 2) / 2);
        List<Object> lines = new ArrayList<>();
        for (PolicyLines.Segment s : r.lines()) {
            Object[] style = LINE_STYLES.get(s.key());
            Map<String, Object> start = map("name", s.label() + " — " + s.policy(), "coord", List.of(s.from(), s.value()),
                    "value", s.value(), "lineStyle", map("color", style[0], "type", style[1], "width", 2),
                    "label", map("show", true, "position", "end", "formatter", s.label(), "color", "#000",
                            "fontSize", 12));
            lines.add(List.of(start, map("coord", List.of(s.to(), s.value()))));
        }
        List<Object> series = new ArrayList<>();
        series.add(map("name", "experience score", "type", "line", "data", r.scores(), "connectNulls", false,
                "symbol", "circle", "symbolSize", 8, "lineStyle", map("color", BLUE, "width", 3),
                "itemStyle", map("color", BLUE), "label", map("show", true, "position", "bottom", "fontSize", 11),
                "markLine", map("symbol", "none", "silent", false, "data", lines)));
        for (Map.Entry<String, MarkerStyle> k : MARKERS.entrySet()) {
            List<Object> points = new ArrayList<>();
            for (Road.Marker m : r.markers()) {
                if (m.kind().equals(k.getKey())) {
                    Double y = r.scores().get(r.days().indexOf(m.day()));
                    points.add(map("value", List.of(m.day(), y == null ? min + 0.1 : y), "day", m.day(), "type", m.type(),
                            "clause", m.clause(), "reason", m.reason()));
                }
            }
            if (!points.isEmpty()) {
                MarkerStyle st = k.getValue();
                series.add(map("name", st.name(), "type", "scatter", "data", points, "symbol", st.symbol(),
                        "symbolSize", 16, "symbolOffset", List.of(0, st.offset()), "z", 5,
                        "itemStyle", map("color", st.colour(), "borderColor", BLACK, "borderWidth", 1.5)));
            }
        }
        Map<String, Object> y = valueAxis("experience score (points)");
        y.put("min", min);
        y.put("max", 5);
        y.put("minInterval", 0);
        return map("title", title(r.merchantId() + ": experience score", "scores: " + r.scoreSource()),
                "legend", legend(), "grid", grid(170), "tooltip", map("trigger", "item"),
                "xAxis", dayAxis(r.days()), "yAxis", y, "series", series);
    }

    static Map<String, Object> grade(Road r) {
        Map<String, Object> y = valueAxis("grade (level)");
        y.put("min", 0);
        y.put("max", 7);
        y.put("interval", 1);
        y.put("axisLabel", map("formatter", "LV{value}", "fontSize", 12));
        boolean graded = r.grades().stream().anyMatch(g -> g != null);
        return map("title", title(r.merchantId() + ": grade after each day",
                        graded ? "LV0–LV7; a step is a change of grade" : "not graded on any day of the period"),
                "legend", legend(), "grid", grid(170), "tooltip", map("trigger", "axis"),
                "xAxis", dayAxis(r.days()), "yAxis", y,
                "series", List.of(map("name", "grade", "type", "line", "step", "end", "data", r.grades(),
                        "symbolSize", 7, "lineStyle", map("color", BLUISH_GREEN, "width", 3),
                        "itemStyle", map("color", BLUISH_GREEN))));
    }

    // ---------------------------------------------------------------- the population

    static Map<String, Object> decisions(Population p, String what) {
        List<Object> series = new ArrayList<>();
        p.decisionsByType().forEach((type, counts) -> series.add(map("name", type, "type", "bar", "stack", "decisions",
                "data", counts, "itemStyle", map("color", TYPE_COLOURS.getOrDefault(type, GREY), "borderColor", "#fff",
                        "borderWidth", 0.5), "emphasis", map("focus", "series"))));
        return map("title", title("Decisions per day by type", what), "legend", legend(), "grid", grid(30),
                "tooltip", map("trigger", "axis", "axisPointer", map("type", "shadow")),
                "xAxis", dayAxis(p.days()), "yAxis", valueAxis("decisions (count)"), "series", series);
    }

    static Map<String, Object> grades(Population p, String what) {
        List<Object> series = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<Long>> e : p.gradesByLevel().entrySet()) {
            series.add(map("name", e.getKey(), "type", "bar", "stack", "grades", "data", e.getValue(),
                    "itemStyle", map("color", LEVEL_COLOURS.get(i++), "borderColor", "#fff", "borderWidth", 0.5),
                    "emphasis", map("focus", "series")));
        }
        return map("title", title("Grade distribution after each day", what + "; graded merchants only"),
                "legend", legend(), "grid", grid(30),
                "tooltip", map("trigger", "axis", "axisPointer", map("type", "shadow")),
                "xAxis", dayAxis(p.days()), "yAxis", valueAxis("merchants (count)"), "series", series);
    }

    static Map<String, Object> denials(Population p, String what) {
        List<String> clauses = p.denials().stream().map(Population.Denials::clause).toList();
        List<Object> series = List.of(
                map("name", "denials (merchant-days)", "type", "bar", "data",
                        p.denials().stream().map(Population.Denials::decisions).toList(),
                        "itemStyle", map("color", ORANGE), "label", map("show", true, "position", "top")),
                map("name", "merchants denied", "type", "bar", "data",
                        p.denials().stream().map(Population.Denials::merchants).toList(),
                        "itemStyle", map("color", BLUE), "label", map("show", true, "position", "top")));
        Map<String, Object> x = map("type", "category", "data", clauses, "name", "clause failed (ADM-n)",
                "nameLocation", "middle", "nameGap", 32, "axisLabel", map("fontSize", 12));
        return map("title", title("Admission denials by clause",
                        what + (clauses.isEmpty() ? "; no admission denials" : "")),
                "legend", legend(), "grid", grid(30), "tooltip", map("trigger", "axis", "axisPointer", map("type", "shadow")),
                "xAxis", x, "yAxis", valueAxis("count"), "series", series);
    }

    // ---------------------------------------------------------------- a diff

    static Map<String, Object> heatmap(DiffInput d) {
        List<Object> data = new ArrayList<>();
        long max = 1;
        for (DiffInput.Transition t : d.transitions()) {
            data.add(map("value", List.of(d.states().indexOf(t.to()), d.states().indexOf(t.from()), t.count()),
                    "from", t.from(), "to", t.to(), "clauses", String.join(", ", t.clauses()),
                    "samples", String.join(", ", t.samples())));
            max = Math.max(max, t.count());
        }
        Map<String, Object> x = map("type", "category", "data", d.states(), "name", "candidate outcome",
                "nameLocation", "middle", "nameGap", 40, "splitArea", map("show", true),
                "axisLabel", map("fontSize", 12, "interval", 0));
        Map<String, Object> y = map("type", "category", "data", d.states(), "name", "base outcome",
                "nameLocation", "middle", "nameGap", 150, "splitArea", map("show", true),
                "axisLabel", map("fontSize", 12, "interval", 0));
        return map("title", title("Transitions from base to candidate",
                        d.changed() + " of " + d.merchants() + " merchants changed; cell: merchants moved"),
                "grid", map("left", 190, "right", 110, "top", 70, "bottom", 70),
                "tooltip", map("trigger", "item"),
                "xAxis", x, "yAxis", y,
                "visualMap", map("min", 0, "max", max, "calculable", true, "orient", "vertical", "right", 10,
                        "top", "middle", "text", List.of("more", "fewer"),
                        "inRange", map("color", List.of("#F7FBFF", "#9ECAE1", "#2171B5", "#08306B"))),
                "series", List.of(map("name", "merchants moved", "type", "heatmap", "data", data,
                        "label", map("show", true, "fontSize", 14, "color", "#000", "textBorderColor", "#fff",
                                "textBorderWidth", 3),
                        "itemStyle", map("borderColor", "#fff", "borderWidth", 1))));
    }
}
