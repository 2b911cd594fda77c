package org.alliancerules.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.alliancerules.io.Json;
import org.alliancerules.model.DecisionView;
import org.alliancerules.store.StoredState;
import org.alliancerules.sweep.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** simulate: a multi-day history through the daily sweep, as a timeline. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Replays a multi-day history (per day: the merchants' facts) through the daily sweep, against a "
                + "store in memory, and prints each merchant's timeline: score, grade, alliance state and decisions. "
                + "Expectations in the file are checked (exit 1 when one fails). File format: docs/operations.md, section simulate."})
public class SimulateCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "FILE", description = "The simulation (YAML or JSON).")
    Path file;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--every-day", description = "Print every day, not only the days with a decision or a change of state.")
    boolean everyDay;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    Format format;

    @Override
    public Integer call() throws IOException {
        Simulation.Result result = new Simulation(engineOptions.build()).run(file);
        if (format == Format.json) {
            Main.results().println(Json.jsonMapper().writeValueAsString(json(result)));
        } else {
            print(Main.results(), result, everyDay);
        }
        return result.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** score, grade, alliance and decisions of a day, as the timeline prints them. */
    private static String row(Simulation.Day d) {
        StoredState s = d.stateAfter();
        String grade = s == null || s.grade() == null || s.grade().level() == null ? "-" : "LV" + s.grade().level();
        String alliance = s == null ? "-" : (s.alliance().member() ? "member" : "not a member")
                + String.format(Locale.ROOT, ", %d closure%s", s.alliance().closures(), s.alliance().closures() == 1 ? "" : "s");
        List<String> ds = new ArrayList<>();
        for (DecisionView v : d.decisions()) {
            ds.add(v.type() + " " + v.clause());
        }
        return String.format(Locale.ROOT, "%-5s  %-5s  %-28s  %s",
                d.score() == null ? "-" : String.format(Locale.ROOT, "%.2f", d.score()), grade, alliance,
                String.join(", ", ds)).stripTrailing();
    }

    static Map<String, Object> json(Simulation.Result r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("title", r.title());
        out.put("policy", r.policy());
        out.put("days", r.days().size());
        Map<String, Object> merchants = new LinkedHashMap<>();
        r.timelines().forEach((id, days) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Simulation.Day d : days) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("day", d.day());
                row.put("score", d.score());
                row.put("alliance", d.stateAfter() == null ? null : d.stateAfter().alliance());
                row.put("grade", d.stateAfter() == null ? null : d.stateAfter().grade());
                row.put("decisions", d.decisions());
                rows.add(row);
            }
            merchants.put(id, rows);
        });
        out.put("timelines", merchants);
        out.put("checks", r.checks());
        return out;
    }

    static void print(PrintStream out, Simulation.Result r, boolean everyDay) {
        List<java.time.LocalDate> days = r.days();
        out.printf("simulate%s: %d days %s .. %s, %d merchant%s, policy %s%n",
                r.title().isEmpty() ? "" : " \"" + r.title() + "\"", days.size(), days.get(0), days.get(days.size() - 1),
                r.timelines().size(), r.timelines().size() == 1 ? "" : "s", r.policy());
        r.timelines().forEach((id, timeline) -> {
            out.printf("%n%s%n  %-10s  %-5s  %-5s  %-28s  %s%n", id, "day", "score", "grade", "alliance", "decisions");
            String previous = null;
            java.time.LocalDate previousDay = null;
            java.time.LocalDate foldedFrom = null;
            java.time.LocalDate foldedTo = null;
            for (int i = 0; i < timeline.size(); i++) {
                Simulation.Day d = timeline.get(i);
                boolean show = everyDay || i == 0 || i == timeline.size() - 1 || !d.decisions().isEmpty() || d.stateChanged();
                if (!show) {
                    continue;
                }
                String line = row(d);
                if (!everyDay && line.equals(previous) && d.day().equals(previousDay.plusDays(1)) && i < timeline.size() - 1) {
                    // the same again the next day (a decision that repeats daily): fold it into one line
                    foldedFrom = foldedFrom == null ? d.day() : foldedFrom;
                    foldedTo = d.day();
                    previousDay = d.day();
                    continue;
                }
                if (foldedFrom != null) {
                    out.printf("  %-10s  ... the same every day to %s%n", "", foldedTo);
                    foldedFrom = null;
                }
                out.printf(Locale.ROOT, "  %-10s  %s%n", d.day(), line);
                previous = line;
                previousDay = d.day();
            }
        });
        if (!r.checks().isEmpty()) {
            out.println();
            for (Simulation.Check c : r.checks()) {
                out.printf("%s %s %s%s%n", c.passed() ? "PASS" : "FAIL", c.merchant(), c.day(),
                        c.passed() ? "" : ": " + c.detail() + (c.line() > 0 ? " (expectation at line " + c.line() + ")" : ""));
            }
            long failed = r.failed();
            out.printf("%d passed, %d failed%n", r.checks().size() - failed, failed);
        }
    }
}
