package org.alliancerules.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.alliancerules.engine.Finding;
import org.alliancerules.engine.RuleValidation;
import org.alliancerules.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** validate: every problem of a rules directory at once, compiler style. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a rules directory without running it: every DRL file, the policy files and their versions, "
                + "and the clause catalogue. Prints every finding at once as file:line:col: error|warning: message [code].",
                "Errors (exit 3) are what the engine would refuse; warnings (exit 0, or 3 with --strict) are a catalogue clause "
                        + "no rule implements, a threshold written as a literal in DRL, a policy key no rule reads, and a "
                        + "constraint that can never hold under the request schema."})
public class ValidateCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules",
            description = "The rules directory to check (its *.drl, policy/*.yaml and catalogue.yaml; default: ${DEFAULT-VALUE}).")
    Path rulesDir;

    @Option(names = "--strict", description = "Treat warnings as errors (exit 3 when there is any).")
    boolean strict;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text",
            converter = OptionValues.TextOrJson.class,
            description = "text (one line per finding, then a summary) or json (for editors and CI; default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() throws Exception {
        List<Finding> findings = RuleValidation.validate(rulesDir);
        long errors = findings.stream().filter(Finding::isError).count();
        long warnings = findings.size() - errors;
        PrintStream out = Main.results();
        if ("json".equals(format)) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("rules", rulesDir.toString());
            report.put("errors", errors);
            report.put("warnings", warnings);
            report.put("findings", findings);
            out.println(Json.jsonMapper().writeValueAsString(report));
        } else {
            findings.forEach(f -> out.println(f.format()));
            out.println(rulesDir + ": " + plural(errors, "error") + ", " + plural(warnings, "warning")
                    + (strict && warnings > 0 ? " (--strict: warnings count as errors)" : ""));
        }
        out.flush();
        return errors > 0 || (strict && warnings > 0) ? ExitCodes.RULES_BROKEN : ExitCodes.OK;
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
