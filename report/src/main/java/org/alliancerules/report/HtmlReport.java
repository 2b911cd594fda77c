package org.alliancerules.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import org.alliancerules.io.Json;

/**
 * Writes the report as one self-contained HTML page: the template ({@code report/report.html.mustache},
 * mustache.java), the styles and the page's script ({@code report/}) and ECharts (from its WebJar,
 * {@code org.webjars.npm:echarts}) are inlined, and so is the data, as JSON; nothing is fetched when the page
 * is viewed. Each chart is an ECharts option built in {@link Charts}.
 */
public final class HtmlReport {

    /** The ECharts build inlined into every report (from the WebJar on the classpath). */
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private final String title;
    private final List<String> sources = new ArrayList<>();
    private final List<Map<String, Object>> sections = new ArrayList<>();
    private final List<Map<String, Object>> charts = new ArrayList<>();

    public HtmlReport(String title) {
        this.title = title;
    }

    /** A line for the page's "made from" list. */
    public HtmlReport source(String line) {
        sources.add(line);
        return this;
    }

    private String chart(String id, Map<String, Object> option, int height) {
        charts.add(Charts.map("id", id, "option", option));
        return id;
    }

    private Map<String, Object> chartRef(String id, Map<String, Object> option, String kind, int height) {
        chart(id, option, height);
        return Charts.map("id", id, "kind", kind, "height", height);
    }

    /** A population section: three charts and the list of merchants one closure from the ban. */
    public HtmlReport population(String key, String heading, String what, Population p) {
        List<Map<String, Object>> cs = List.of(
                chartRef(key + "-decisions", Charts.decisions(p, what), "decisions", 380),
                chartRef(key + "-grades", Charts.grades(p, what), "grades", 380),
                chartRef(key + "-denials", Charts.denials(p, what), "denials", 340));
        Map<String, Object> s = Charts.map("heading", heading, "population", true, "charts", cs, "notes", p.notes(),
                "banAt", p.banAt(), "oneAwayClosures", Math.max(0, p.banAt() - 1), "oneAwayTotal", p.oneAwayTotal(),
                "oneAway", p.oneAway(), "oneAwayShown", p.oneAway().size(),
                "oneAwayMore", p.oneAwayTotal() > p.oneAway().size(), "known", p.banAt() > 0, "days", p.days().size());
        sections.add(s);
        return this;
    }

    /** A section per merchant: score chart, grade chart, decision table. */
    public HtmlReport roads(String key, String heading, String intro, List<Road> roads) {
        List<Map<String, Object>> items = new ArrayList<>();
        int i = 0;
        for (Road r : roads) {
            String id = key + "-" + i++;
            items.add(Charts.map("road", r, "anchor", id,
                    "score", chartRef(id + "-score", Charts.score(r), "score", 360),
                    "grade", chartRef(id + "-grade", Charts.grade(r), "grade",
                            280),
                    "none", r.decisions().isEmpty()));
        }
        sections.add(Charts.map("heading", heading, "merchants", true, "intro", intro, "roads", items,
                "empty", roads.isEmpty()));
        return this;
    }

    /** The transition matrix of a diff as a heat map, and its table. */
    public HtmlReport diff(DiffInput d) {
        int height = Math.max(360, 160 + 48 * d.states().size());
        List<Map<String, Object>> base = new ArrayList<>();
        d.base().forEach((k, v) -> base.add(Charts.map("key", k, "value", v)));
        List<Map<String, Object>> candidate = new ArrayList<>();
        d.candidate().forEach((k, v) -> candidate.add(Charts.map("key", k, "value", v)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DiffInput.Transition t : d.transitions()) {
            rows.add(Charts.map("from", t.from(), "to", t.to(), "count", t.count(),
                    "clauses", String.join(", ", t.clauses()), "samples", String.join(", ", t.samples())));
        }
        sections.add(Charts.map("heading", "Diff: " + d.source(), "diff", true, "base", base, "candidate", candidate,
                "merchants", d.merchants(), "changed", d.changed(), "transitions", rows,
                "chart", chartRef("diff-heatmap", Charts.heatmap(d), "heatmap", height)));
        return this;
    }

    /** The page. */
    public String render() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("charts", charts);
        String json;
        try {
            // inside a <script> element: no "<" at all, so no "</script>" or "<!--" can end it early
            json = Json.jsonMapper().writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report's data cannot be written as JSON", e);
        }
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("title", title);
        page.put("sources", sources);
        page.put("sections", sections);
        page.put("style", resource("report/report.css"));
        page.put("script", resource("report/report.js"));
        page.put("echarts", resource(ECHARTS));
        page.put("data", json);
        Mustache template;
        try (Reader r = reader("report/report.html.mustache")) {
            template = new DefaultMustacheFactory().compile(r, "report.html");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringWriter out = new StringWriter(2 << 20);
        template.execute(out, page);
        return out.toString();
    }

    private static Reader reader(String resource) {
        InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the classpath");
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    static String resource(String name) {
        try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.toLowerCase(java.util.Locale.ROOT).contains("</script")) {
                throw new IllegalStateException(name + " holds \"</script\" and cannot be inlined");
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
