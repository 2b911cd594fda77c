package org.alliancerules.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;

/**
 * Turns the compiler's errors into one located error per mistake: a fact type that does not exist is
 * reported at the pattern that names it (the compiler reports it on the rule's line, after unlocated
 * errors about the bindings of that pattern, which are dropped), and a syntax error inside a rule is
 * reported once (the parser's follow-on errors of the same rule are dropped).
 */
final class CompileDiagnostics {

    private static final Pattern UNRESOLVED_TYPE = Pattern.compile("Unable to resolve ObjectType '([^']+)'.*");
    private static final Pattern PARSER = Pattern.compile(
            "^(mismatched input|missing|extraneous input|no viable alternative|unexpected|the file ends inside).*");
    private static final Pattern IN_RULE = Pattern.compile("\\(rule \"([^\"]*)\"\\)");

    private CompileDiagnostics() {
    }

    /** A fact type named by a pattern that resolves to no class: where, and the bindings it would make. */
    record UnknownType(RuleSource source, String rule, int ruleLine, int ruleEndLine, String type, int line, int column,
                       String binding) {
    }

    static List<RuleError> clean(List<RuleError> raw, List<RuleSource> sources) {
        List<UnknownType> unknown = unknownTypes(sources);
        List<RuleError> out = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (UnknownType u : unknown) {
            if (reported.add(u.source().name() + ":" + u.line() + ":" + u.type())) {
                out.add(new RuleError(u.source().name(), u.line(), u.column(), "rule \"" + u.rule() + "\": unknown fact type '"
                        + u.type() + "'" + suggestion(u.type()) + " (a pattern's type must be a fact class the DRL imports "
                        + "or declares)"));
            }
        }
        Map<String, RuleError> firstSyntaxErrorOfRule = new LinkedHashMap<>();
        for (RuleError e : raw) {
            if (followsUnknownType(e, unknown)) {
                continue;
            }
            if (PARSER.matcher(e.message()).matches()) {
                Matcher rule = IN_RULE.matcher(e.message());
                String key = e.file() + "\u0000" + (rule.find() ? rule.group(1) : "");
                RuleError first = firstSyntaxErrorOfRule.get(key);
                if (first != null && !key.endsWith("\u0000")) {
                    continue; // a follow-on of the rule's first syntax error
                }
                firstSyntaxErrorOfRule.putIfAbsent(key, e);
            }
            out.add(atTheName(e, sources));
        }
        return out;
    }

    private static final Pattern NOT_A_FIELD = Pattern.compile("^'(\\w+)' is not a field of .*");

    /** An unknown name is pointed at where it is written, not at the start of its expression. */
    private static RuleError atTheName(RuleError e, List<RuleSource> sources) {
        Matcher m = NOT_A_FIELD.matcher(e.message());
        if (!m.matches() || e.line() < 1) {
            return e;
        }
        for (RuleSource s : sources) {
            if (s.name().equals(e.file())) {
                String[] lines = s.text().split("\\R", -1);
                if (e.line() <= lines.length) {
                    Matcher word = Pattern.compile("(?<![\\w.$])" + Pattern.quote(m.group(1)) + "(?!\\w)").matcher(lines[e.line() - 1]);
                    if (word.find(Math.max(0, e.column() - 1))) {
                        return new RuleError(e.file(), e.line(), word.start() + 1, e.message());
                    }
                }
            }
        }
        return e;
    }

    /** Whether an error only repeats a missing fact type: its "cannot resolve" or a use of its bindings. */
    private static boolean followsUnknownType(RuleError e, List<UnknownType> unknown) {
        Matcher type = UNRESOLVED_TYPE.matcher(e.message());
        for (UnknownType u : unknown) {
            if (!u.source().name().equals(e.file())) {
                continue;
            }
            if (type.matches() && type.group(1).equals(u.type())) {
                return true;
            }
            boolean inRule = e.line() >= u.ruleLine() && e.line() <= Math.max(u.ruleLine(), u.ruleEndLine());
            boolean usesBinding = u.binding() != null
                    && Pattern.compile(Pattern.quote(u.binding()) + "(?![\\w$])").matcher(e.message()).find();
            if (usesBinding && (inRule || e.line() == 0)) {
                return true;
            }
        }
        return false;
    }

    static List<UnknownType> unknownTypes(List<RuleSource> sources) {
        Map<RuleSource, PackageDescr> parsed = new LinkedHashMap<>();
        Set<String> declared = new HashSet<>();
        for (RuleSource s : sources) {
            try {
                DrlParser parser = new DrlParser();
                PackageDescr pkg = parser.parse(false, s.text());
                if (pkg != null) {
                    parsed.put(s, pkg);
                    pkg.getTypeDeclarations().forEach(t -> declared.add(t.getTypeName()));
                    pkg.getEnumDeclarations().forEach(t -> declared.add(t.getTypeName()));
                }
            } catch (Exception | LinkageError e) {
                // the compiler reports a file that does not parse
            }
        }
        List<UnknownType> out = new ArrayList<>();
        parsed.forEach((source, pkg) -> {
            for (RuleDescr rule : pkg.getRules()) {
                patterns(rule.getLhs(), p -> {
                    String type = p.getObjectType();
                    if (type == null || declared.contains(type) || declared.contains(simple(type))
                            || RuleLint.resolve(pkg, type) != null) {
                        return;
                    }
                    int[] at = find(source.text(), type, Math.max(p.getLine(), rule.getLine()));
                    out.add(new UnknownType(source, rule.getName(), rule.getLine(), rule.getEndLine(), type, at[0], at[1],
                            p.getIdentifier()));
                });
            }
        });
        return out;
    }

    private static void patterns(BaseDescr descr, java.util.function.Consumer<PatternDescr> each) {
        if (descr instanceof PatternDescr pattern) {
            each.accept(pattern);
            if (pattern.getSource() != null) {
                patterns(pattern.getSource(), each);
            }
        }
        if (descr instanceof ConditionalElementDescr ce) {
            for (BaseDescr child : ce.getDescrs()) {
                patterns(child, each);
            }
        }
        if (descr instanceof AccumulateDescr acc && acc.getInput() != null) {
            patterns(acc.getInput(), each);
        }
        if (descr instanceof CollectDescr collect && collect.getInputPattern() != null) {
            patterns(collect.getInputPattern(), each);
        }
    }

    private static String simple(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** 1-based {line, column} of the type name as a word at or after fromLine; {fromLine, 0} if not found. */
    private static int[] find(String text, String word, int fromLine) {
        String[] lines = text.split("\\R", -1);
        Pattern p = Pattern.compile("(?<![\\w.$])" + Pattern.quote(word) + "\\s*\\(");
        for (int i = Math.max(0, fromLine - 1); i < lines.length; i++) {
            Matcher m = p.matcher(lines[i]);
            if (m.find()) {
                return new int[] {i + 1, m.start() + 1};
            }
        }
        return new int[] {Math.max(fromLine, 0), 0};
    }

    /** The fact classes rules may match, by simple name. */
    static Set<String> factTypes() {
        Set<String> names = new TreeSet<>();
        for (String resource : ClasspathFiles.list("org/alliancerules/facts", ".class")) {
            String name = resource.substring(resource.lastIndexOf('/') + 1, resource.length() - ".class".length());
            if (!name.contains("$")) {
                names.add(name);
            }
        }
        return names;
    }

    /** " (did you mean Merchant?)" for the nearest fact type within two edits; "" when none is that near. */
    static String suggestion(String type) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : factTypes()) {
            int d = distance(simple(type), candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
