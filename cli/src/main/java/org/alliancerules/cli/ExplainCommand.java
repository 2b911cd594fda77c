package org.alliancerules.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.engine.ContactTrace;
import org.alliancerules.engine.CreatorTrace;
import org.alliancerules.engine.EvaluationTrace;
import org.alliancerules.engine.MerchantTrace;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.fixtures.Catalogue;
import org.alliancerules.fixtures.Explainer;
import org.alliancerules.fixtures.P1Explainer;
import org.alliancerules.fixtures.Fixture;
import org.alliancerules.fixtures.FixtureLoader;
import org.alliancerules.fixtures.FixtureRunner;
import org.alliancerules.io.Document;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.policy.Policy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * explain FILE --merchant ID: why (and why not) each clause applied to one merchant; --contact ID: why a contact
 * request was allowed or refused; --creator ID: why a creator may or may not open the showcase.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"For one merchant of a request or fixture file: every clause that applies to it, whether it held, "
                + "and the values and thresholds compared (why it was denied, and why it was not warned or closed). "
                + "For one contact request (--contact) or creator (--creator): the decision, its clause and the numbers behind it.",
                "The verdicts come from the engine (decisions and fired rules); nothing is re-decided here."})
public class ExplainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "An evaluation request (JSON/YAML) or a fixture file.")
    Path file;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    /** What to explain: one merchant, one contact request or one creator. */
    static class Subject {
        @Option(names = "--merchant", required = true, paramLabel = "ID", description = "The merchant to explain.")
        String merchant;

        @Option(names = "--contact", required = true, paramLabel = "ID",
                description = "The contact request to explain (P1): the clause, the tier or cap, the quota, what was used, what is left, the week.")
        String contact;

        @Option(names = "--creator", required = true, paramLabel = "ID",
                description = "The creator to explain (P1): each showcase condition, its value and the policy's threshold.")
        String creator;
    }

    @Option(names = "--case", paramLabel = "NAME", description = "With a fixture file: the case (needed when it has several).")
    String caseName;

    @Option(names = "--day", paramLabel = "D", converter = OptionValues.AtLeastOne.class, description = "With a multi-day case: the day, 1-based (default: the last).")
    Integer day;

    @Option(names = "--catalogue", paramLabel = "FILE", description = "Clause catalogue (default: catalogue.yaml of --rules, or the packaged one).")
    Path catalogueFile;

    @Mixin
    EngineOptions engineOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        RequestReader reader = new RequestReader();
        Document doc = reader.readTree(file);
        if (!doc.root().has("cases") && (day != null || caseName != null)) {
            throw new ParameterException(spec.commandLine(), (day != null ? "--day" : "--case")
                    + " applies to a case of a fixture file; " + file + " is a request (it has no cases)");
        }
        RulesEngine engine = engineOptions.build();
        Catalogue catalogue = catalogueFile != null ? Catalogue.loadFile(catalogueFile) : Catalogue.load(engineOptions.rulesDir);
        JsonNode request;
        Policy policy;
        List<MerchantTrace> traces;
        List<ContactTrace> contacts;
        List<CreatorTrace> creators;
        String header;
        if (doc.root().has("cases")) {
            Fixture.File fixture = new FixtureLoader(reader, catalogue).load(file.toString(), Files.readAllBytes(file));
            Fixture.Case chosen = pickCase(fixture);
            int d = day == null ? chosen.days().size() : day;
            if (d < 1 || d > chosen.days().size()) {
                throw bad(doc, chosen.pointer(), "case \"" + chosen.name() + "\" has " + chosen.days().size()
                        + " day(s), no day " + d);
            }
            List<FixtureRunner.DayRun> runs = new FixtureRunner(engine, reader, catalogue).runDays(chosen, d);
            FixtureRunner.DayRun run = runs.get(runs.size() - 1);
            request = run.request();
            policy = run.policy();
            traces = run.traces();
            contacts = run.contacts();
            creators = run.creators();
            header = "case \"" + chosen.name() + "\" (" + file + ":" + chosen.line() + ")"
                    + (chosen.days().size() > 1 ? ", day " + d + " of " + chosen.days().size() : "");
        } else {
            List<Problem> problems = reader.validate(doc.root(), doc.source(), doc.lines());
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
            EvaluationRequest bound = reader.bind(doc.root());
            request = doc.root();
            policy = engine.policyFor(bound);
            EvaluationTrace traced = engine.evaluateTracedAll(bound);
            traces = traced.merchants();
            contacts = traced.contacts();
            creators = traced.creators();
            header = "request " + file;
        }
        if (subject.contact != null) {
            ContactTrace c = contacts.stream().filter(t -> t.result().requestId().equals(subject.contact)).findFirst().orElse(null);
            if (c == null) {
                return notFound(file + ": no contact request \"" + subject.contact + "\"; contact requests: "
                        + String.join(", ", contacts.stream().map(t -> t.result().requestId()).toList()));
            }
            out.println(header);
            P1Explainer.contact(catalogue, request, policy, c).forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
        if (subject.creator != null) {
            CreatorTrace c = creators.stream().filter(t -> t.result().creatorId().equals(subject.creator)).findFirst().orElse(null);
            if (c == null) {
                return notFound(file + ": no creator \"" + subject.creator + "\"; creators: "
                        + String.join(", ", creators.stream().map(t -> t.result().creatorId()).toList()));
            }
            out.println(header);
            P1Explainer.creator(catalogue, request, policy, c).forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
        String merchant = subject.merchant;
        MerchantTrace trace = traces.stream().filter(t -> t.result().merchantId().equals(merchant)).findFirst().orElse(null);
        if (trace == null) {
            spec.commandLine().getErr().println(file + ": no merchant \"" + merchant + "\"; merchants: "
                    + String.join(", ", traces.stream().map(t -> t.result().merchantId()).toList()));
            spec.commandLine().getErr().flush();
            return ExitCodes.BAD_INPUT;
        }
        out.println(header);
        Explainer.explain(catalogue, engine.ruleSetFor(policy).rules(), request, policy, trace).forEach(out::println);
        out.flush();
        return ExitCodes.OK;
    }

    private int notFound(String message) {
        spec.commandLine().getErr().println(message);
        spec.commandLine().getErr().flush();
        return ExitCodes.BAD_INPUT;
    }

    private Fixture.Case pickCase(Fixture.File fixture) {
        if (caseName == null) {
            if (fixture.cases().size() == 1) {
                return fixture.cases().get(0);
            }
            throw bad(fixture.document(), "/cases", "the fixture has " + fixture.cases().size()
                    + " cases: pick one with --case NAME (" + names(fixture) + ")");
        }
        for (Fixture.Case c : fixture.cases()) {
            if (c.name().equals(caseName)) {
                return c;
            }
        }
        throw bad(fixture.document(), "/cases", "no case named \"" + caseName + "\"; cases: " + names(fixture));
    }

    private static String names(Fixture.File fixture) {
        return String.join(", ", fixture.cases().stream().map(c -> "\"" + c.name() + "\"").toList());
    }

    private static InvalidInputException bad(Document doc, String pointer, String message) {
        int[] at = doc.lines().locate(pointer);
        return new InvalidInputException(List.of(new Problem(doc.source(), pointer, at[0], at[1], message)));
    }
}
