package org.alliancerules.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.alliancerules.engine.RulesEngine;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.store.RunRecord;
import org.alliancerules.store.Store;
import org.alliancerules.sweep.CsvSnapshot;
import org.alliancerules.sweep.JsonLinesSnapshot;
import org.alliancerules.sweep.Snapshot;
import org.alliancerules.sweep.Sweep;
import org.alliancerules.sweep.SweepOptions;
import org.alliancerules.sweep.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** sweep: a day's snapshot in, decisions and state into the store. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Sweeps one day: reads the day's merchant snapshot (CSV or JSON Lines), evaluates every merchant "
                + "with its state from the store, and writes the decisions (the audit log) and the new state in one "
                + "transaction. Sweeping the same day with the same snapshot again changes nothing."})
public class SweepCommand implements Callable<Integer> {

    @Option(names = "--day", required = true, paramLabel = "D", converter = OptionValues.Day.class, description = "The day swept (YYYY-MM-DD): the rules evaluate as of it.")
    LocalDate day;

    @Parameters(arity = "1..*", paramLabel = "SNAPSHOT",
            description = "Snapshot files, read in order: *.csv (header row; see docs/contract.md for the columns) or *.jsonl / *.ndjson "
                    + "(one merchant object per line).")
    List<Path> snapshots;

    @Mixin
    StoreOptions store;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--profile", paramLabel = "ID", defaultValue = "default",
            description = "The policy profile to sweep with (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--replace", description = "Sweep again a day already swept with a different snapshot (or rules, or policy): "
            + "its state is rolled back to the day before and its run marked REPLACED.")
    boolean replace;

    @Option(names = "--allow-gap", description = "Allow days between the last swept day and this one to stay unswept.")
    boolean allowGap;

    @Option(names = "--reject-file", paramLabel = "FILE",
            description = "Write bad rows here (CSV: source, line, problems, row) and sweep the rest; "
                    + "without it, one bad row refuses the whole day.")
    Path rejectFile;

    @Option(names = "--part-size", paramLabel = "N", defaultValue = "1000", converter = OptionValues.AtLeastOne.class,
            description = "Merchants per evaluation session (default: ${DEFAULT-VALUE}).")
    int partSize;

    @Override
    public Integer call() throws IOException {
        List<Snapshot> inputs = snapshots(snapshots);
        RulesEngine engine = engineOptions.build();
        int threads = engineOptions.threads == null ? Runtime.getRuntime().availableProcessors() : engineOptions.threads;
        try (Store s = store.open()) {
            SweepOptions options = new SweepOptions(day, profile, replace, allowGap, rejectFile, partSize);
            SweepReport report = new Sweep(engine, s, Progress.forStderr("sweep " + day), threads).run(options, inputs);
            print(Main.results(), report, s.url(), rejectFile);
        }
        return ExitCodes.OK;
    }

    /** Snapshot readers by file extension; a missing file or unknown extension is bad input. */
    static List<Snapshot> snapshots(List<Path> files) {
        List<Snapshot> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!java.nio.file.Files.isRegularFile(f)) {
                problems.add(new Problem(f.toString(), "", 0, 0, "no such file"));
            } else if (name.endsWith(".csv")) {
                out.add(new CsvSnapshot(f));
            } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
                out.add(new JsonLinesSnapshot(f));
            } else {
                problems.add(new Problem(f.toString(), "", 0, 0,
                        "unknown snapshot format: name it *.csv (with a header row) or *.jsonl (one merchant object per line)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return out;
    }

    static void print(PrintStream out, SweepReport r, String storeUrl, Path rejectFile) {
        if (r.unchanged()) {
            out.printf(Locale.ROOT, "sweep %s: already swept by run %d with this snapshot, rules and policy: nothing changed%n",
                    r.day(), r.runId());
            return;
        }
        out.printf(Locale.ROOT, "sweep %s: %,d merchants in %.1f s (run %d%s), policy %s%n", r.day(), r.merchants(),
                r.elapsed().toMillis() / 1000.0, r.runId(), r.replaced() > 0 ? ", replacing run " + r.replaced() : "",
                r.policy());
        for (RunRecord dead : r.interrupted()) {
            out.printf(Locale.ROOT, "  run %d (%s, started %s) died before its commit: no reader sees its rows, "
                    + "its run id is not used again, and alliance-rules store prune removes them%n", dead.runId(), dead.day(), dead.startedAt());
        }
        out.printf(Locale.ROOT, "  new merchants %,d, state changes %,d, rejected rows %,d%s%n", r.newMerchants(),
                r.stateChanges(), r.rejected(), r.rejected() > 0 && rejectFile != null ? " (in " + rejectFile + ")" : "");
        if (r.counts().isEmpty()) {
            out.println("  no decisions");
        }
        for (Map.Entry<String, Long> e : r.counts().entrySet()) {
            out.printf(Locale.ROOT, "  %-20s %,12d%n", e.getKey(), e.getValue());
        }
        out.printf("  store: %s%n", storeUrl);
    }
}
