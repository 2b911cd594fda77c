package org.alliancerules.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.alliancerules.engine.ClasspathFiles;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.store.Store;
import org.alliancerules.sweep.Sweep;
import org.alliancerules.sweep.SweepOptions;
import org.alliancerules.sweep.SweepProgress;
import org.alliancerules.sweep.SweepReport;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.GradeState;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * demo: the product's main job on bundled data. Sweeps five consecutive sample days
 * (examples/sweep/) into a fresh embedded store, then shows three merchants' roads from the audit log.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Sweeps the bundled sample days (examples/sweep/, five consecutive days, CSV and JSON Lines) into a "
                + "fresh embedded store and shows three merchants' histories: one through warning, closure, re-admission "
                + "and the third closure that bans it for good.",
                "With --file, evaluates one request instead and prints a readable summary of its decisions."})
public class DemoCommand implements Callable<Integer> {

    static final String SAMPLE = "examples/sample-request.json";
    static final String SAMPLE_DAYS = "examples/sweep";
    /** The merchants whose roads the demo shows. */
    static final List<String> SHOWN = List.of("m-road", "m-new", "m-fresh");

    @Option(names = "--file", paramLabel = "FILE", description = "Summarise this one request (e.g. examples/sample-request.json) instead of sweeping the sample days.")
    Path file;

    @Option(names = "--db", paramLabel = "URL",
            description = "Sweep the sample days into this store (a fresh one is best) instead of a new embedded store in a temporary directory.")
    String db;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws IOException {
        if (file == null) {
            return sweepSampleDays();
        }
        EvaluationRequest request = new RequestReader().read(file);
        long start = System.nanoTime();
        RulesEngine engine = engineOptions.build();
        long built = System.nanoTime();
        EvaluationResult result = engine.evaluateUnchecked(request); // the reader checked it
        long done = System.nanoTime();
        print(Main.results(), request, result, engine, (built - start) / 1_000_000, (done - built) / 1_000_000);
        return ExitCodes.OK;
    }

    private int sweepSampleDays() throws IOException {
        Path dir = Files.createTempDirectory("alliance-demo-");
        List<Path> days = new ArrayList<>();
        for (String name : ClasspathFiles.list(SAMPLE_DAYS, "")) {
            String file = name.substring(name.lastIndexOf('/') + 1);
            if (file.endsWith(".csv") || file.endsWith(".jsonl")) {
                Path copy = dir.resolve(file);
                try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(name)) {
                    Files.copy(in, copy);
                }
                days.add(copy);
            }
        }
        days.sort(null);
        String url = db == null ? Store.sqliteUrl(dir.resolve("store")) : db;
        RulesEngine engine = engineOptions.build();
        PrintStream out = Main.results();
        out.printf("alliance-rules demo: the daily sweep of %d sample days into %s%n", days.size(), Store.redact(url));
        out.printf("rules: %d rules from %s, policy %s%n%n", engine.ruleSet().rules().size(), engine.ruleSet().origin(),
                engine.policies().find("default").label());
        try (Store store = Store.open(url, null, System.getenv(StoreOptions.PASSWORD_VARIABLE))) {
            Sweep sweep = new Sweep(engine, store, SweepProgress.NONE, Runtime.getRuntime().availableProcessors());
            for (Path day : days) {
                LocalDate date = LocalDate.parse(day.getFileName().toString().replaceAll("\\..*$", ""));
                SweepReport r = sweep.run(SweepOptions.of(date), SweepCommand.snapshots(List.of(day)));
                StringBuilder counts = new StringBuilder();
                r.counts().forEach((type, n) -> counts.append(counts.isEmpty() ? "" : ", ").append(type).append(' ').append(n));
                out.printf("sweep %s  %-22s %d merchants, %d state changes: %s%n", date, day.getFileName(), r.merchants(),
                        r.stateChanges(), counts.isEmpty() ? "no decisions" : counts);
            }
            for (String id : SHOWN) {
                out.println();
                HistoryCommand.print(out, id, store.history(id, null, null));
            }
        }
        out.printf("%nthe store stays in %s: try  ./alliance-rules history m-road --db %s%n", dir, Store.redact(url));
        // the report of the sample store (issue 13): the shown merchants' roads and the population
        Path report = dir.resolve("report.html");
        org.alliancerules.report.HtmlReport page = new org.alliancerules.report.HtmlReport("alliance-rules report: the demo's store");
        try (Store store = Store.open(url, null, System.getenv(StoreOptions.PASSWORD_VARIABLE))) {
            ReportCommand.fromStore(page, store, org.alliancerules.report.PolicyLines.packaged(), null, null, SHOWN);
        }
        ReportCommand.write(page, report);
        out.printf("the report of the sample store: %s%n", report);
        return ExitCodes.OK;
    }

    static void print(PrintStream out, EvaluationRequest request, EvaluationResult result, RulesEngine engine,
                      long buildMillis, long evalMillis) {
        out.printf("alliance-rules demo: %d merchants as of %s, policy %s%n", result.results().size(), result.asOf(),
                result.policy());
        out.printf("rules: %d rules from %s (built in %d ms, evaluated in %d ms)%n%n",
                engine.ruleSet().rules().size(), engine.ruleSet().origin(), buildMillis, evalMillis);
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < result.results().size(); i++) {
            MerchantResult r = result.results().get(i);
            MerchantInput in = request.merchants().get(i);
            AllianceState before = in.alliance() == null ? AllianceState.NONE : in.alliance();
            out.printf("%s  (%s, score %s, %s)%n", r.merchantId(),
                    before.member() ? "member" : "not a member",
                    in.experienceScore() == null ? "none" : String.format(java.util.Locale.ROOT, "%.2f", in.experienceScore()),
                    in.grade() == null || in.grade().level() == null ? "ungraded" : "LV" + in.grade().level());
            if (r.decisions().isEmpty()) {
                out.println("  no decision");
            }
            for (DecisionView d : r.decisions()) {
                counts.merge(d.type(), 1, Integer::sum);
                out.printf("  %-18s %-6s %s%n", d.type(), d.clause(), d.reason());
                out.printf("  %-18s %-6s   rule: %s%s%n", "", "", d.rule(),
                        d.interpretation() == null ? "" : " (interpretation " + d.interpretation() + ")");
            }
            AllianceState a = r.next().alliance();
            GradeState g = r.next().grade();
            out.printf("  next: %s, closures %d%s%s%n%n",
                    a.member() ? "member since " + a.admittedOn() : "not a member",
                    a.closures(),
                    a.closedOn() == null ? "" : ", last closed " + a.closedOn(),
                    g == null || g.level() == null ? "" : ", LV" + g.level()
                            + (g.lastChangedOn() == null ? "" : " (changed " + g.lastChangedOn() + ")"));
        }
        out.print("totals:");
        counts.forEach((type, n) -> out.print(" " + type + "=" + n));
        out.println();
    }
}
