package org.alliancerules.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.fixtures.Catalogue;
import org.alliancerules.io.Document;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.io.TreeParser;
import org.alliancerules.policy.PolicyException;
import org.alliancerules.policy.PolicySet;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * {@code validate}: every problem of a rules directory at once, as located findings. Errors are what the
 * engine refuses to run (the lint, the compiler, the allow-list on the compiled rules, the policy files and
 * their versions, the catalogue); warnings are what it runs but an analyst should look at: a catalogue clause
 * no rule implements, a threshold written as a literal in DRL, a policy key no rule reads, and a constraint
 * that can never hold because the request schema forbids the value it compares with.
 */
public final class RuleValidation {

    /** Numbers a rule may write: counting from zero or one is not a threshold. */
    private static final Set<String> PLAIN_NUMBERS = Set.of("0", "1", "-1", "0L", "1L");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.$])-?\\d+(?:\\.\\d+)?[lLdDfF]?(?![\\w.])");
    private static final Pattern COMPARISON = Pattern.compile(
            "(?<![\\w.$#])([a-zA-Z_]\\w*)\\s*(==|!=|<=|>=|<|>)\\s*(-?\\d+(?:\\.\\d+)?|\"[^\"]*\")");
    /** Policy keys that describe the file rather than hold a number for the rules. */
    private static final Set<String> METADATA = Set.of("id", "version", "effectiveFrom", "effectiveTo", "source", "ruleSet");
    /**
     * Policy keys the engine itself reads to set up a session (not a rule): the week's time zone of the
     * messaging quotas, and the flag that marks their tables as placeholders in explanations.
     */
    private static final Set<String> READ_BY_THE_ENGINE = Set.of("timeZone", "placeholder");
    private static final Pattern LOCATED = Pattern.compile("^(.*?):(\\d+)(?::(\\d+))?: (.*)$");

    private RuleValidation() {
    }

    /** The findings for a rules directory (its DRL, policy/ and catalogue.yaml), sorted by file and place. */
    public static List<Finding> validate(Path dir) {
        List<Finding> findings = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            findings.add(new Finding(dir.toString(), 0, 0, Finding.ERROR, "no-rules", "no such rules directory"));
            return findings;
        }
        List<RuleSource> sources = sources(dir, findings);
        Catalogue catalogue = catalogue(dir, findings);
        Set<String> clauses = new TreeSet<>();
        if (catalogue != null) {
            catalogue.clauses().forEach(c -> clauses.add(c.id()));
        }
        DrlIndex drl = sources.isEmpty() ? null : DrlIndex.parse(sources);
        if (!sources.isEmpty()) {
            drlErrors(dir, sources, drl, catalogue == null ? null : clauses, findings);
        }
        policyErrors(dir, findings);
        if (drl != null) {
            if (catalogue != null) {
                uncoveredClauses(dir, drl, catalogue, findings);
            }
            literalThresholds(drl, findings);
            neverHolds(drl, findings);
            unreadPolicyKeys(dir, sources, findings);
        }
        findings.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line).thenComparingInt(Finding::column)
                .thenComparing(Finding::message));
        return List.copyOf(new java.util.LinkedHashSet<>(findings));
    }

    private static List<RuleSource> sources(Path dir, List<Finding> findings) {
        List<RuleSource> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".drl") && Files.isRegularFile(f))
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                sources.add(new RuleSource(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            findings.add(new Finding(dir.toString(), 0, 0, Finding.ERROR, "unreadable", "cannot read: " + e.getMessage()));
        }
        if (sources.isEmpty()) {
            findings.add(new Finding(dir.toString(), 0, 0, Finding.ERROR, "no-rules",
                    "no rules: no .drl file in the rules directory or its sub-folders"));
        }
        return sources;
    }

    private static Catalogue catalogue(Path dir, List<Finding> findings) {
        try {
            return Files.isRegularFile(dir.resolve(Catalogue.FILE_NAME)) ? Catalogue.load(dir) : Catalogue.load(null);
        } catch (InvalidInputException e) {
            for (Problem p : e.problems()) {
                findings.add(new Finding(p.source(), p.line(), p.column(), Finding.ERROR, "catalogue", p.message()));
            }
            return null;
        }
    }

    /** Lint and compiler errors together; when there are none, the allow-list on the compiled rules (cached). */
    private static void drlErrors(Path dir, List<RuleSource> sources, DrlIndex drl, Set<String> clauses, List<Finding> findings) {
        if (clauses != null && PrecompiledRules.fromCache(sources, dir.toString(), clauses).isPresent()) {
            return; // these exact rules passed every check before they were cached
        }
        List<RuleError> errors = new ArrayList<>();
        if (drl != null) {
            errors.addAll(RuleLint.check(drl, clauses));
        }
        errors.addAll(RuleSet.compileErrors(sources, dir.toString()));
        errors.forEach(e -> findings.add(finding(e)));
        if (errors.isEmpty() && clauses != null) {
            try {
                RuleSet.fromDirectory(dir); // the allow-list on the executable model; caches what passes
            } catch (RuleCompilationException e) {
                e.errors().forEach(err -> findings.add(finding(err)));
            }
        }
    }

    static Finding finding(RuleError e) {
        return new Finding(e.file(), e.line(), e.column(), Finding.ERROR, code(e.message()), e.message());
    }

    private static String code(String message) {
        if (message.contains("unknown fact type")) {
            return "unknown-type";
        }
        if (message.contains("is not a field of")) {
            return "unknown-name";
        }
        if (message.contains("has no @clause")) {
            return "missing-clause";
        }
        if (message.contains("not in the clause catalogue")) {
            return "unknown-clause";
        }
        if (message.contains("compares text with text")) {
            return "type-mismatch";
        }
        if (message.contains("may not use") || message.contains("not allowed in rules")) {
            return "refused-use";
        }
        if (message.matches("^(mismatched input|missing|extraneous input|no viable alternative|unexpected|the file ends).*")) {
            return "syntax";
        }
        return "compile";
    }

    private static void policyErrors(Path dir, List<Finding> findings) {
        Path folder = dir.resolve("policy");
        if (!Files.isDirectory(folder)) {
            findings.add(new Finding(folder.toString(), 0, 0, Finding.ERROR, "no-policy",
                    "no policy folder (a rules directory needs policy/*.yaml)"));
            return;
        }
        try {
            PolicySet set = PolicySet.fromDirectory(folder);
            if (set.all().isEmpty()) {
                findings.add(new Finding(folder.toString(), 0, 0, Finding.ERROR, "no-policy", "no policy file (*.yaml) in the policy folder"));
            }
        } catch (PolicyException e) {
            for (String p : e.problems()) {
                Matcher m = LOCATED.matcher(p);
                String code = p.contains("effectiveTo:") || p.contains("both take effect") || p.contains("two files with version")
                        ? "policy-versions" : "policy";
                findings.add(m.matches()
                        ? new Finding(m.group(1), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
                        Finding.ERROR, code, m.group(4))
                        : new Finding(folder.toString(), 0, 0, Finding.ERROR, code, p.replaceFirst("^[^:]*: ", "")));
            }
        }
    }

    /** A clause of the catalogue that no rule names in its @clause. */
    private static void uncoveredClauses(Path dir, DrlIndex drl, Catalogue catalogue, List<Finding> findings) {
        Set<String> named = new HashSet<>();
        for (DrlIndex.File f : drl.files()) {
            for (RuleDescr rule : f.descr().getRules()) {
                AnnotationDescr clause = rule.getAnnotation("clause");
                if (clause != null && clause.getSingleValue() != null) {
                    for (String id : clause.getSingleValueAsString().replace("\"", "").split(",")) {
                        named.add(id.trim());
                    }
                }
            }
        }
        Path file = dir.resolve(Catalogue.FILE_NAME);
        Document doc = Files.isRegularFile(file) ? parseQuietly(file) : null;
        List<Catalogue.Clause> list = catalogue.clauses();
        for (int i = 0; i < list.size(); i++) {
            Catalogue.Clause c = list.get(i);
            if (!named.contains(c.id())) {
                int[] at = doc == null ? new int[] {0, 0} : doc.lines().locate("/clauses/" + i + "/id");
                findings.add(new Finding(doc == null ? catalogue.source() : file.toString(), at[0], at[1], Finding.WARNING,
                        "uncovered-clause", "clause " + c.id() + " (" + c.title() + ") has no rule: no @clause(\"" + c.id()
                        + "\") in the DRL"));
            }
        }
    }

    /** A number other than 0 and 1 in a rule's conditions: thresholds belong in the policy. */
    private static void literalThresholds(DrlIndex drl, List<Finding> findings) {
        for (DrlIndex.File f : drl.files()) {
            for (RuleDescr rule : f.descr().getRules()) {
                constraints(rule.getLhs(), (pattern, expr) -> {
                    Matcher m = NUMBER.matcher(stripStrings(expr.getExpression()));
                    while (m.find()) {
                        if (!PLAIN_NUMBERS.contains(m.group())) {
                            int[] at = find(f.source().text(), m.group(), Math.max(pattern.getLine(), rule.getLine()));
                            findings.add(new Finding(f.source().name(), at[0], at[1], Finding.WARNING, "literal-threshold",
                                    "rule \"" + rule.getName() + "\" compares with the literal " + m.group() + " in: "
                                            + expr.getExpression().trim() + "; thresholds belong in the policy file"));
                        }
                    }
                });
            }
        }
    }

    /** A constraint comparing a field with a value the request schema never allows: the rule can never fire. */
    private static void neverHolds(DrlIndex drl, List<Finding> findings) {
        Map<String, JsonNode> domains = SchemaDomains.get();
        for (DrlIndex.File f : drl.files()) {
            for (RuleDescr rule : f.descr().getRules()) {
                constraints(rule.getLhs(), (pattern, expr) -> {
                    Matcher m = COMPARISON.matcher(expr.getExpression());
                    while (m.find()) {
                        JsonNode domain = domains.get(m.group(1));
                        String why = domain == null ? null : SchemaDomains.never(domain, m.group(2), m.group(3));
                        if (why != null) {
                            int[] at = find(f.source().text(), m.group(), Math.max(pattern.getLine(), rule.getLine()));
                            findings.add(new Finding(f.source().name(), at[0], at[1], Finding.WARNING, "never-fires",
                                    "rule \"" + rule.getName() + "\" can never fire: " + m.group().trim() + " never holds ("
                                            + m.group(1) + " " + why + " in the request schema)"));
                        }
                    }
                });
            }
        }
    }

    /** A key of a policy file that no DRL names (as a method, field or identifier). */
    private static void unreadPolicyKeys(Path dir, List<RuleSource> sources, List<Finding> findings) {
        Set<String> words = new HashSet<>();
        Set<String> wholes = new HashSet<>(); // sections handed whole to a function (e.g. calendar()): all their keys are read
        Pattern word = Pattern.compile("[A-Za-z_]\\w*");
        Pattern whole = Pattern.compile("([A-Za-z_]\\w*)\\(\\)(?!\\s*\\.)");
        for (RuleSource s : sources) {
            String code = stripStrings(stripComments(s.text()));
            Matcher m = word.matcher(code);
            while (m.find()) {
                words.add(m.group());
            }
            Matcher w = whole.matcher(code);
            while (w.find()) {
                wholes.add(w.group(1));
            }
        }
        words.addAll(READ_BY_THE_ENGINE);
        Path folder = dir.resolve("policy");
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path p : files.filter(x -> x.toString().endsWith(".yaml") || x.toString().endsWith(".yml")).sorted().toList()) {
                Document doc = parseQuietly(p);
                if (doc != null) {
                    keys(doc.root(), "", (pointer, key) -> {
                        JsonNode value = doc.root().at(pointer);
                        boolean tableOfFacts = value.isArray() && !value.isEmpty() && value.get(0).isObject();
                        // a list of tables is inserted row by row as facts: its rows' keys are what rules read
                        boolean inWholeSection = java.util.Arrays.stream(pointer.split("/")).limit(Math.max(0, pointer.split("/").length - 1))
                                .anyMatch(wholes::contains);
                        if (!tableOfFacts && !inWholeSection && !METADATA.contains(key) && !words.contains(key) && !key.matches("\\d+")) {
                            int[] at = doc.lines().locateKey(pointer);
                            findings.add(new Finding(p.toString(), at[0], at[1], Finding.WARNING, "unread-policy-key",
                                    "policy key " + pointer.substring(1).replace('/', '.') + " is read by no rule (no DRL names '"
                                            + key + "')"));
                        }
                    });
                }
            }
        } catch (IOException e) {
            // the policy errors above name an unreadable folder
        }
    }

    private static void keys(JsonNode node, String pointer, java.util.function.BiConsumer<String, String> each) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String child = pointer + "/" + e.getKey();
                each.accept(child, e.getKey());
                keys(e.getValue(), child, each);
            }
        } else if (node.isArray()) {
            Map<String, Boolean> seen = new HashMap<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item.isObject()) {
                    // the keys of a list of tables once, at their first row
                    int index = i;
                    keys(item, pointer + "/" + i, (p, k) -> {
                        if (seen.putIfAbsent(p.replaceFirst("^" + Pattern.quote(pointer + "/" + index), ""), true) == null) {
                            each.accept(p, k);
                        }
                    });
                }
            }
        }
    }

    private static Document parseQuietly(Path file) {
        try {
            return TreeParser.parse(file.toString(), Files.readAllBytes(file), true);
        } catch (IOException | InvalidInputException e) {
            return null;
        }
    }

    private static void constraints(BaseDescr descr, java.util.function.BiConsumer<PatternDescr, ExprConstraintDescr> each) {
        if (descr instanceof PatternDescr pattern) {
            for (BaseDescr c : pattern.getDescrs()) {
                if (c instanceof ExprConstraintDescr expr) {
                    each.accept(pattern, expr);
                }
            }
            if (pattern.getSource() != null) {
                constraints(pattern.getSource(), each);
            }
        }
        if (descr instanceof ConditionalElementDescr ce) {
            for (BaseDescr child : ce.getDescrs()) {
                constraints(child, each);
            }
        }
        if (descr instanceof org.drools.drl.ast.descr.AccumulateDescr acc && acc.getInput() != null) {
            constraints(acc.getInput(), each);
        }
        if (descr instanceof org.drools.drl.ast.descr.CollectDescr collect && collect.getInputPattern() != null) {
            constraints(collect.getInputPattern(), each);
        }
    }

    private static String stripStrings(String text) {
        return text.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    }

    private static String stripComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)(//|#).*$", "");
    }

    /** 1-based {line, column} of snippet at or after fromLine; the line alone when it is not there. */
    private static int[] find(String text, String snippet, int fromLine) {
        int[] at = RuleSet.find(text, snippet, fromLine);
        return at != null ? at : new int[] {Math.max(fromLine, 0), 0};
    }

    /** Whether any finding is an error. */
    public static boolean hasErrors(List<Finding> findings) {
        return findings.stream().anyMatch(Finding::isError);
    }
}
