package org.alliancerules.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Json;
import org.alliancerules.io.Problem;
import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.GradeState;
import org.alliancerules.store.HistoryEntry;
import org.alliancerules.store.Store;
import org.alliancerules.store.StoredState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** history: one merchant's road from the audit log. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Shows a merchant's road from the store's audit log: each day with a decision or a change of state, "
                + "the decisions (clause and reason) and the state after the day.")
public class HistoryCommand implements Callable<Integer> {

    enum Format { text, json }

    @Parameters(index = "0", paramLabel = "MERCHANT", description = "The merchant id.")
    String merchantId;

    @Mixin
    StoreOptions store;

    @Option(names = "--from", paramLabel = "D", converter = OptionValues.Day.class, description = "First day shown (YYYY-MM-DD).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "D", converter = OptionValues.Day.class, description = "Last day shown (YYYY-MM-DD).")
    LocalDate to;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json.")
    Format format;

    @Override
    public Integer call() throws IOException {
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidInputException(List.of(new Problem("--from", "", 0, 0,
                    from + " is after --to " + to)));
        }
        try (Store s = store.openExisting()) {
            if (!s.knows(merchantId)) {
                throw new InvalidInputException(List.of(new Problem(merchantId, "", 0, 0,
                        "no such merchant in the store at " + s.url())));
            }
            List<HistoryEntry> road = s.history(merchantId, from, to);
            if (format == Format.json) {
                Main.results().println(Json.jsonMapper().writeValueAsString(json(merchantId, road)));
            } else {
                print(Main.results(), merchantId, road);
            }
        }
        return ExitCodes.OK;
    }

    static Map<String, Object> json(String merchantId, List<HistoryEntry> road) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("merchantId", merchantId);
        List<Map<String, Object>> days = new ArrayList<>();
        for (HistoryEntry e : road) {
            Map<String, Object> day = new LinkedHashMap<>();
            day.put("day", e.day());
            day.put("policy", e.policy());
            day.put("firstSeen", e.firstSeen());
            day.put("stateChanged", e.stateChanged());
            day.put("decisions", e.decisions());
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("alliance", e.state() == null ? null : e.state().alliance());
            state.put("grade", e.state() == null ? null : e.state().grade());
            day.put("stateAfter", state);
            days.add(day);
        }
        out.put("days", days);
        return out;
    }

    static void print(PrintStream out, String merchantId, List<HistoryEntry> road) {
        if (road.isEmpty()) {
            out.printf("%s: nothing happened in the days asked for%n", merchantId);
            return;
        }
        out.printf("%s: %d day%s with a decision or a change of state, %s .. %s%n", merchantId, road.size(),
                road.size() == 1 ? "" : "s", road.get(0).day(), road.get(road.size() - 1).day());
        for (HistoryEntry e : road) {
            String lead = e.day().toString();
            if (e.firstSeen()) {
                out.printf("%s  first seen%n", lead);
                lead = " ".repeat(lead.length());
            }
            for (DecisionView d : e.decisions()) {
                out.printf("%s  %-18s %-6s %s%n", lead, d.type(), d.clause(), d.reason());
                lead = " ".repeat(lead.length());
            }
            out.printf("%s  state after: %s%n", lead, describe(e.state()));
        }
    }

    /** "member since 2025-06-01, 1 closure (last 2025-02-10), LV3 (changed 2026-10-01)". */
    static String describe(StoredState s) {
        if (s == null) {
            return "unknown";
        }
        AllianceState a = s.alliance();
        GradeState g = s.grade();
        StringBuilder out = new StringBuilder(a.member()
                ? "member" + (a.admittedOn() == null ? "" : " since " + a.admittedOn()) : "not a member");
        out.append(String.format(Locale.ROOT, ", %d closure%s", a.closures(), a.closures() == 1 ? "" : "s"));
        if (a.closedOn() != null) {
            out.append(" (last ").append(a.closedOn()).append(')');
        }
        if (g != null && g.level() != null) {
            out.append(", LV").append(g.level());
            if (g.lastChangedOn() != null) {
                out.append(" (changed ").append(g.lastChangedOn()).append(')');
            }
            if (g.lv0Since() != null) {
                out.append(", at LV0 since ").append(g.lv0Since());
            }
        }
        return out.toString();
    }
}
