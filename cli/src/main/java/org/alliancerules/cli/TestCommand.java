package org.alliancerules.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.alliancerules.engine.RuleInfo;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.fixtures.Catalogue;
import org.alliancerules.fixtures.Coverage;
import org.alliancerules.fixtures.FixtureRunner;
import org.alliancerules.fixtures.FixtureSuite;
import org.alliancerules.fixtures.JUnitXml;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Json;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** test [PATH...]: replays fixture files and reports every case, a diff for each failure, coverage. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs fixture cases (YAML, schema/fixture.schema.json): one line per case, a diff for each "
                + "failure, then a closing line 'N passed, M failed'.",
                "Every fixture file is read and checked first (schema, clause IDs against the catalogue, decision "
                        + "types, merchants of the case's request, the first day's request): when one is invalid, its "
                        + "problems are printed on stderr as file:line:col: /pointer: message and no case runs.",
                "Exit 0: every case passed; 1: a case failed or coverage is below --min-coverage; "
                        + "2: a fixture is invalid (nothing runs) or a case cannot be run; 3: the rules do not compile."})
public class TestCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATH",
            description = "Fixture files, or directories searched recursively for *.yaml / *.yml (default: fixtures).")
    List<Path> paths = new ArrayList<>();

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--junit-xml", paramLabel = "FILE", description = "Also write JUnit XML (a testsuite per fixture file).")
    Path junitXml;

    @Option(names = "--coverage", description = "Report coverage per clause and per DRL rule.")
    boolean coverage;

    @Option(names = "--min-coverage", paramLabel = "PCT", converter = OptionValues.Percent.class,
            description = "Fail (exit 1) when the share of DRL rules fired by the cases is below PCT percent (0 to 100).")
    Double minCoverage;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", converter = OptionValues.TextOrJson.class,
            description = "text (default) or json: the whole report (cases, coverage) as one JSON object.")
    String format;

    @Option(names = "--catalogue", paramLabel = "FILE",
            description = "Clause catalogue (default: catalogue.yaml of --rules, or the packaged rules/catalogue.yaml).")
    Path catalogueFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> roots = paths.isEmpty() ? List.of(Path.of("fixtures")) : paths;
        RulesEngine engine = engineOptions.build();
        Catalogue catalogue = catalogueFile != null
                ? Catalogue.loadFile(catalogueFile)
                : Catalogue.load(engineOptions.rulesDir);
        RequestReader reader = new RequestReader();
        FixtureSuite suite = new FixtureSuite(new FixtureRunner(engine, reader, catalogue), reader);
        FixtureSuite.Loaded loaded = suite.load(roots);
        if (loaded.files().isEmpty()) {
            throw new InvalidInputException(roots.stream()
                    .map(r -> new Problem(r.toString(), "", 0, 0, "no fixture files (*.yaml, *.yml) here")).toList());
        }
        if (!loaded.problems().isEmpty()) {
            throw new InvalidInputException(loaded.problems());
        }
        FixtureSuite.Report report = suite.run(loaded);
        if (junitXml != null) {
            try {
                JUnitXml.write(junitXml, report.files(), report.results(), Map.of());
            } catch (IOException e) {
                String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                        : e instanceof java.nio.file.FileSystemException ? e.getClass().getSimpleName()
                                .replaceAll("([a-z])([A-Z])", "$1 $2").replace(" Exception", "").toLowerCase(Locale.ROOT)
                        : e.getMessage();
                throw new InvalidInputException(List.of(new Problem(junitXml.toString(), "", 0, 0,
                        "cannot write the JUnit XML (--junit-xml): " + reason)));
            }
        }
        Coverage cov = report.coverage();
        boolean belowMinimum = minCoverage != null && cov.rulePercent() + 1e-9 < minCoverage;
        if (format.equals("json")) {
            out.println(Json.jsonMapper().writeValueAsString(json(report, engine, belowMinimum)));
        } else {
            text(out, report, engine);
            if (minCoverage != null) {
                out.printf(Locale.ROOT, "rule coverage %.1f%% %s the minimum %s%%%n", cov.rulePercent(),
                        belowMinimum ? "is below" : "meets", trim(minCoverage));
            }
            out.println(report.passed() + " passed, " + report.failed() + " failed");
        }
        out.flush();
        if (report.badInput()) {
            return ExitCodes.BAD_INPUT;
        }
        return report.failed() > 0 || belowMinimum ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private void text(PrintWriter out, FixtureSuite.Report report, RulesEngine engine) {
        for (String file : report.files()) {
            for (FixtureRunner.CaseResult r : report.results()) {
                if (!r.fixture().file().source().equals(file)) {
                    continue;
                }
                switch (r.status()) {
                    case PASS -> out.println("PASS  " + file + "  " + r.fixture().name());
                    case FAIL -> {
                        out.println("FAIL  " + file + ":" + r.fixture().line() + "  " + r.fixture().name()
                                + "  [" + String.join(", ", r.fixture().clauses()) + "]");
                        out.print(r.diff());
                    }
                    case ERROR -> {
                        out.println("ERROR " + file + ":" + r.fixture().line() + "  " + r.fixture().name()
                                + "  (the case cannot be run)");
                        r.problems().forEach(p -> out.println("    " + p.format()));
                    }
                }
            }
        }
        if (coverage) {
            coverageText(out, report.coverage(), engine);
        }
    }

    private static void coverageText(PrintWriter out, Coverage cov, RulesEngine engine) {
        out.println();
        out.printf(Locale.ROOT, "coverage: %d of %d DRL rules fired (%.1f%%)%n", cov.rulesFired(), cov.ruleCount(), cov.rulePercent());
        out.println("rules (cases that fired each):");
        for (RuleInfo r : engine.allRules()) {
            List<String> cases = cov.rules().getOrDefault(r.name(), List.of());
            out.printf("  %3d  %s  [%s] %s%n", cases.size(), r.file().replaceAll(".*/", ""), String.join(", ", r.clauses()), r.name());
            cases.forEach(c -> out.println("         " + c));
        }
        out.println("clauses (covered: a rule carrying the clause fired; claimed: the case names it):");
        java.util.Set<String> ids = new java.util.TreeSet<>(cov.clauses().keySet());
        ids.addAll(cov.claimed().keySet());
        for (String id : ids) {
            List<String> covered = cov.clauses().getOrDefault(id, List.of());
            List<String> claimed = cov.claimed().getOrDefault(id, List.of());
            out.printf("  %-8s covered by %d case(s), claimed by %d%n", id, covered.size(), claimed.size());
            covered.forEach(c -> out.println("           " + c));
            claimed.stream().filter(c -> !covered.contains(c))
                    .forEach(c -> out.println("           (claimed only) " + c));
        }
        List<Catalogue.Clause> p0 = cov.uncoveredP0();
        out.println("uncovered P0 clauses: " + (p0.isEmpty() ? "none" : ""));
        p0.forEach(c -> out.println("  " + c.id() + "  " + c.title()));
        List<Catalogue.Clause> rest = cov.uncoveredClauses().stream().filter(c -> !"P0".equals(c.tier())).toList();
        out.println("other clauses of the catalogue with no case: " + (rest.isEmpty() ? "none"
                : rest.stream().map(c -> c.id() + " (" + c.tier() + ")").reduce((a, b) -> a + ", " + b).orElse("")));
        if (!cov.unknownClauses().isEmpty()) {
            out.println("clauses not in the catalogue: " + String.join(", ", cov.unknownClauses()));
        }
        out.println("rules never fired: " + (cov.rulesNeverFired().isEmpty() ? "none" : ""));
        cov.rulesNeverFired().forEach(r -> out.println("  " + r));
    }

    private Map<String, Object> json(FixtureSuite.Report report, RulesEngine engine, boolean belowMinimum) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("passed", report.passed());
        summary.put("failed", report.failed());
        summary.put("files", report.files().size());
        summary.put("unreadableFiles", 0); // an unreadable file stops the run before anything runs
        summary.put("exitCode", report.badInput() ? ExitCodes.BAD_INPUT
                : report.failed() > 0 || belowMinimum ? ExitCodes.FAILED : ExitCodes.OK);
        root.put("summary", summary);
        List<Object> cases = new ArrayList<>();
        for (FixtureRunner.CaseResult r : report.results()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("file", r.fixture().file().source());
            c.put("name", r.fixture().name());
            c.put("line", r.fixture().line());
            c.put("clauses", r.fixture().clauses());
            c.put("status", r.status().name());
            if (r.status() == FixtureRunner.Status.FAIL) {
                c.put("message", r.summary());
                c.put("diff", r.diff());
            }
            if (r.status() == FixtureRunner.Status.ERROR) {
                c.put("problems", r.problems().stream().map(Problem::format).toList());
            }
            c.put("firedRules", List.copyOf(r.firedRules()));
            cases.add(c);
        }
        root.put("cases", cases);
        root.put("unreadable", List.of());
        Coverage cov = report.coverage();
        Map<String, Object> coverage = new LinkedHashMap<>();
        coverage.put("ruleCount", cov.ruleCount());
        coverage.put("rulesFired", cov.rulesFired());
        coverage.put("rulePercent", Math.round(cov.rulePercent() * 10) / 10.0);
        if (minCoverage != null) {
            coverage.put("minCoverage", minCoverage);
            coverage.put("minCoverageMet", !belowMinimum);
        }
        List<Object> rules = new ArrayList<>();
        for (RuleInfo r : engine.allRules()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", r.name());
            m.put("file", r.file());
            m.put("clauses", r.clauses());
            m.put("cases", cov.rules().getOrDefault(r.name(), List.of()));
            rules.add(m);
        }
        coverage.put("rules", rules);
        coverage.put("clauses", cov.clauses());
        coverage.put("claimed", cov.claimed());
        coverage.put("uncoveredP0", cov.uncoveredP0().stream().map(c -> Map.of("id", c.id(), "title", c.title())).toList());
        coverage.put("uncovered", cov.uncoveredClauses().stream().map(c -> c.id()).toList());
        coverage.put("unknownClauses", cov.unknownClauses());
        coverage.put("rulesNeverFired", cov.rulesNeverFired());
        root.put("coverage", coverage);
        return root;
    }
}
