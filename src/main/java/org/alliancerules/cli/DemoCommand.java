package org.alliancerules.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.alliancerules.engine.RulesEngine;
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

/** demo: evaluates the bundled sample and prints a summary a person can read. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Evaluates the bundled sample request (examples/sample-request.json) and prints a readable summary.")
public class DemoCommand implements Callable<Integer> {

    static final String SAMPLE = "examples/sample-request.json";

    @Option(names = "--file", paramLabel = "FILE", description = "Summarise this request instead of the bundled sample.")
    Path file;

    @Mixin
    EngineOptions engineOptions;

    @Override
    public Integer call() throws IOException {
        RequestReader reader = new RequestReader();
        EvaluationRequest request;
        if (file != null) {
            request = reader.read(file);
        } else {
            try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(SAMPLE)) {
                if (in == null) {
                    throw new IOException("the bundled sample " + SAMPLE + " is missing from the jar");
                }
                request = reader.read(SAMPLE, in.readAllBytes());
            }
        }
        long start = System.nanoTime();
        RulesEngine engine = engineOptions.build();
        long built = System.nanoTime();
        EvaluationResult result = engine.evaluate(request);
        long done = System.nanoTime();
        print(System.out, request, result, engine, (built - start) / 1_000_000, (done - built) / 1_000_000);
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
