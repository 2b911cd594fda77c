package org.alliancerules.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.report.DiffInput;
import org.alliancerules.report.HtmlReport;
import org.alliancerules.report.PolicyLines;
import org.alliancerules.report.Road;
import org.alliancerules.report.SimulationInput;
import org.alliancerules.report.SnapshotScores;
import org.alliancerules.report.StoreReport;
import org.alliancerules.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** report: one self-contained HTML page of merchants' roads and the population (store, simulate, diff). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained HTML report (scripts, styles and data inlined; nothing fetched when "
                + "viewed): per merchant the experience score with the policy's admission, warning and closure lines, "
                + "the grade LV0-LV7, the warnings, closures, ban and clearance, and the decisions; for the population, "
                + "decisions per day by type, the grade distribution, the merchants one closure from the ban and the "
                + "admission denials by clause; for a diff, the transition matrix as a heat map.",
                "Reads the store (--db, or ./alliance-data/) unless only --simulation or --diff is given."})
public class ReportCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--from", paramLabel = "D", converter = OptionValues.Day.class, description = "First swept day shown (YYYY-MM-DD).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "D", converter = OptionValues.Day.class, description = "Last swept day shown (YYYY-MM-DD).")
    LocalDate to;

    @Option(names = "--merchant", paramLabel = "ID", arity = "1..*",
            description = "Merchants drawn one by one (default: the " + StoreReport.DEFAULT_SELECTION
                    + " with the most closures in the period, the banned first).")
    List<String> merchants = new ArrayList<>();

    @Option(names = "--simulation", paramLabel = "FILE", description = "The output of simulate --format json: its merchants' roads and population.")
    Path simulation;

    @Option(names = "--diff", paramLabel = "FILE", description = "The output of diff (JSON): its transition matrix as a heat map.")
    Path diff;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.html", required = true, description = "The HTML file to write.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidInputException(List.of(new Problem("--from", "", 0, 0, from + " is after --to " + to)));
        }
        // read every input before anything is written
        SimulationInput sim = simulation == null ? null : SimulationInput.read(simulation);
        DiffInput d = diff == null ? null : DiffInput.read(diff);
        boolean readStore = store.url != null || (sim == null && d == null);
        PolicyLines policies = PolicyLines.packaged();
        HtmlReport page = new HtmlReport("alliance-rules report");
        int roads = 0;
        if (readStore) {
            try (Store s = store.openExisting()) {
                roads += fromStore(page, s, policies, from, to, merchants);
            }
        }
        if (sim != null) {
            List<Road> simRoads = sim.roads(policies, readStore ? List.of() : merchants);
            roads += simRoads.size();
            page.source("simulation " + sim.source + (sim.title.isEmpty() ? "" : " \"" + sim.title + "\"") + ": "
                    + sim.merchants() + " merchants over " + sim.days().size() + " days, policy " + sim.policy);
            page.population("sim", "Simulation: the population", "simulation " + sim.source, sim.population(policies));
            page.roads("sim-road", "Simulation: merchants", sim.merchants() > simRoads.size()
                    ? "The first " + simRoads.size() + " of " + sim.merchants() + " merchants; scores are the simulation's inputs."
                    : "Every merchant of the simulation; scores are the simulation's inputs.", simRoads);
        }
        if (d != null) {
            page.source("diff " + d.source() + ": " + d.changed() + " of " + d.merchants() + " merchants changed");
            page.diff(d);
        }
        long bytes = write(page, output);
        Main.results().printf("report written to %s (%,d KB, %d merchant%s drawn)%n", output, (bytes + 1023) / 1024, roads,
                roads == 1 ? "" : "s");
        return ExitCodes.OK;
    }

    /**
     * Adds the store's population and roads to {@code page}; returns the merchants drawn.
     *
     * @throws InvalidInputException when a merchant asked for is not in the store
     */
    static int fromStore(HtmlReport page, Store s, PolicyLines policies, LocalDate from, LocalDate to, List<String> asked) {
        List<Problem> unknown = new ArrayList<>();
        for (String id : new LinkedHashSet<>(asked)) {
            if (!s.knows(id)) {
                unknown.add(new Problem("--merchant", "", 0, 0, id + ": no such merchant in the store at " + s.url()));
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidInputException(unknown);
        }
        StoreReport report = new StoreReport(s, policies, from, to);
        List<StoreReport.Day> days = report.days();
        String period = days.isEmpty() ? "no swept day" : days.get(0).day() + " .. " + days.get(days.size() - 1).day()
                + " (" + days.size() + " swept day" + (days.size() == 1 ? "" : "s") + ")";
        page.source("store " + s.url() + ": " + period);
        page.population("store", "The population", "store, " + period, report.population());
        Map<String, String> selected = new LinkedHashMap<>();
        asked.forEach(id -> selected.put(id, "asked for"));
        if (asked.isEmpty()) {
            selected.putAll(report.defaultSelection());
        }
        SnapshotScores.Scores scores = SnapshotScores.read(days, selected.keySet());
        List<Road> roads = new ArrayList<>();
        selected.forEach((id, why) -> roads.add(report.road(id, why, scores.byMerchant().getOrDefault(id, Map.of()),
                "each day's snapshot file, read again and checked against the SHA-256 its run recorded", scores.notes())));
        page.roads("road", "Merchants", asked.isEmpty()
                ? "Merchants with the most closures in the period (at most " + StoreReport.DEFAULT_SELECTION
                + ", the banned first); pass --merchant ID to choose."
                : "The merchants asked for.", roads);
        return roads.size();
    }

    /** Writes the page next to {@code output} and moves it into place: a failure leaves nothing half-written. */
    static long write(HtmlReport page, Path output) throws IOException {
        byte[] html = page.render().getBytes(StandardCharsets.UTF_8);
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        // a sibling of the target (the same file system, so the move is atomic), made with the usual permissions
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.write(tmp, html);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return html.length;
    }
}
