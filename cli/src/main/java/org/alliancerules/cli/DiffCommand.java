package org.alliancerules.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.alliancerules.diff.Diff;
import org.alliancerules.diff.DiffReport;
import org.alliancerules.diff.Population;
import org.alliancerules.diff.Side;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.store.Store;
import org.alliancerules.sweep.SweepProgress;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

/** diff POPULATION --base A --candidate B: what a change of rules or policy does to a population. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Evaluates one population under two sides (a base and a candidate: a policy file, a rules "
                + "directory, or a packaged profile[@version]) and reports which merchants' decisions change: how many, "
                + "the transitions of outcomes (e.g. ADMITTED -> ADMISSION_DENIED), the clauses responsible and sample ids.",
                "A merchant has changed when the (type, clause) pairs of its decisions differ; its outcome is the sorted set "
                        + "of its decision types (NONE without any). Exit 0 whether or not anything changed."})
public class DiffCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "POPULATION",
            description = {"An evaluation request file (*.json, *.yaml, *.yml; JSON files of 64 MiB or more are streamed), "
                    + "or a sweep snapshot (*.csv, *.jsonl, *.ndjson) with --day D (and the stored state with --db URL). "
                    + "Without it: the snapshot of day --day's committed sweep in the store (--db), with the state before that day."})
    Path population;

    @Option(names = "--base", required = true, paramLabel = "A",
            description = "The side compared against: a policy file (*.yaml/*.yml, used for every merchant), a rules "
                    + "directory (its DRL and policy/), or a packaged profile with an optional version (default, default@2022-12-30).")
    String base;

    @Option(names = "--candidate", required = true, paramLabel = "B",
            description = "The proposed side, in the same forms as --base.")
    String candidate;

    @Option(names = "--day", paramLabel = "D", converter = OptionValues.Day.class,
            description = "The day of a snapshot population (the rules evaluate as of it), or the swept day to read "
                    + "from the store when no POPULATION is given.")
    LocalDate day;

    @Option(names = "--format", paramLabel = "text|json|csv", defaultValue = "text", converter = TextJsonCsv.class,
            description = "Output: text for people (default), json (the report's contract), csv (one row per transition).")
    String format;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "5", converter = OptionValues.AtLeastZero.class,
            description = "Sample merchant ids per transition, the first in input order (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output (written whole, or not at all).")
    Path output;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "2000", converter = OptionValues.AtLeastOne.class,
            description = "Merchants per evaluation session (each part is evaluated under both sides; default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Mixin
    StoreOptions store;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws IOException {
        if (engineOptions.policyProfile != null) {
            throw bad("--policy-profile", "diff takes its profiles from --base and --candidate (for example --candidate "
                    + engineOptions.policyProfile + ")");
        }
        if (engineOptions.policyFile != null) {
            throw bad("--policy", "diff takes its policies from --base and --candidate (give the policy file to one "
                    + "of them: --candidate " + engineOptions.policyFile + ")");
        }
        Store opened = null;
        try {
            SweepProgress progress = Progress.forStderr("diff");
            Population pop;
            if (population == null) {
                if (day == null) {
                    throw bad("POPULATION", "give a request file or a snapshot, or --day D (and --db URL) to compare "
                            + "the population of a day swept into the store");
                }
                opened = store.openExisting();
                pop = Population.storeDay(opened, day, SweepCommand::snapshots, progress);
            } else {
                String name = population.getFileName() == null ? "" : population.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".csv") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
                    if (day == null) {
                        throw bad(population.toString(), "a snapshot carries no date: give --day D, the day it is evaluated as of");
                    }
                    opened = store.url != null ? store.openExisting() : null;
                    pop = Population.snapshot(SweepCommand.snapshots(List.of(population)), day, opened, progress);
                } else if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
                    if (day != null) {
                        throw bad("--day", "a request file has its own asOf; --day is for snapshots and swept days");
                    }
                    if (store.url != null) {
                        throw bad("--db", "a request file carries its merchants' state; --db is for snapshots and swept days");
                    }
                    pop = Population.request(population);
                } else {
                    throw bad(population.toString(), "unknown population format: a request (*.json, *.yaml, *.yml) or a "
                            + "snapshot (*.csv, *.jsonl, *.ndjson)");
                }
            }
            Supplier<RulesEngine.Builder> engines = this::engineBuilder;
            List<Problem> problems = new ArrayList<>();
            Side baseSide = resolve("--base", base, engines, problems);
            Side candidateSide = resolve("--candidate", candidate, engines, problems);
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            if (pop.hasP1()) {
                System.err.println("diff: the request's contact requests and creators (P1) are not compared; merchants only");
            }
            int threads = engineOptions.threads == null ? Runtime.getRuntime().availableProcessors() : engineOptions.threads;
            DiffReport report = new Diff(baseSide, candidateSide, threads, batchSize, samples).run(pop);
            String text = switch (format) {
                case "json" -> report.json();
                case "csv" -> report.csv();
                default -> report.text();
            };
            write(text);
            return ExitCodes.OK;
        } finally {
            if (opened != null) {
                opened.close();
            }
        }
    }

    private Side resolve(String option, String spec, Supplier<RulesEngine.Builder> engines, List<Problem> problems) {
        try {
            return Side.resolve(option, spec, engines, engineOptions.rulesDir);
        } catch (InvalidInputException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** The command's engine options as a builder (the sides add their rules or policy). */
    private RulesEngine.Builder engineBuilder() {
        RulesEngine.Builder b = RulesEngine.builder().rulesDirectory(engineOptions.rulesDir);
        if (engineOptions.threads != null) {
            b.threads(engineOptions.threads);
        }
        if (engineOptions.maxFirings != null) {
            b.maxFiringsPerMerchant(engineOptions.maxFirings);
        }
        if (engineOptions.batchTimeoutSeconds != null) {
            b.batchTimeout(Duration.ofSeconds(engineOptions.batchTimeoutSeconds));
        }
        return b;
    }

    private void write(String text) throws IOException {
        if (output == null) {
            Main.results().print(text);
            Main.results().flush();
            return;
        }
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static InvalidInputException bad(String where, String message) {
        return new InvalidInputException(List.of(new Problem(where, "", 0, 0, message)));
    }

    /** text, json or csv. */
    static final class TextJsonCsv implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("text") && !value.equals("json") && !value.equals("csv")) {
                throw new TypeConversionException("'" + value + "' (must be text, json or csv)");
            }
            return value;
        }
    }
}
