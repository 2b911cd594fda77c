package org.alliancerules.engine;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;

/**
 * Checks on the DRL text that refuse rules before they are compiled: imports and globals of classes rules
 * may not use, a rule without {@code @clause}, a {@code @clause} naming a clause the catalogue does not
 * have, and a relational comparison between a text field and a number (or a number field and text).
 */
final class RuleLint {

    private static final String NUMBER = "-?\\d+(?:\\.\\d+)?[lLdDfFbB]?";
    private static final String TEXT = "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'";
    private static final Pattern FIELD_FIRST = Pattern.compile(
            "(?<![\\w.$#])([a-zA-Z_]\\w*)\\s*(<=|>=|<|>)\\s*(" + NUMBER + "|" + TEXT + ")");
    private static final Pattern LITERAL_FIRST = Pattern.compile(
            "(" + NUMBER + "|" + TEXT + ")\\s*(<=|>=|<|>)\\s*([a-zA-Z_]\\w*)(?![\\w.(])");

    /** Packages a rule may import with a wildcard (every class it then uses is still checked). */
    private static final Set<String> WILDCARDS = Set.of("org.alliancerules.facts", "org.alliancerules.policy",
            "org.alliancerules.model", "java.lang", "java.util", "java.time", "java.time.format",
            "java.time.temporal", "java.math", "java.util.function", "java.util.stream");

    private RuleLint() {
    }

    static List<RuleError> check(DrlIndex drl, Set<String> clauses) {
        List<RuleError> errors = new ArrayList<>();
        for (DrlIndex.File file : drl.files()) {
            PackageDescr pkg = file.descr();
            RuleSource src = file.source();
            for (ImportDescr imp : pkg.getImports()) {
                String target = imp.getTarget();
                boolean allowed = target.endsWith(".*")
                        ? WILDCARDS.contains(target.substring(0, target.length() - 2))
                        : RuleGuard.allowedType(target.replace('.', '/'), Set.of());
                if (!allowed) {
                    errors.add(at(src, imp, target, "import " + target + ": rules may not use it (allowed: "
                            + RuleGuard.ALLOWED + ")"));
                }
            }
            for (var fimp : pkg.getFunctionImports()) {
                String target = fimp.getTarget();
                String owner = target.substring(0, Math.max(0, target.lastIndexOf('.')));
                if (!RuleGuard.allowedType(owner.replace('.', '/'), Set.of())) {
                    errors.add(at(src, fimp, target, "import function " + target + ": rules may not use it (allowed: "
                            + RuleGuard.ALLOWED + ")"));
                }
            }
            for (GlobalDescr g : pkg.getGlobals()) {
                Class<?> type = resolve(pkg, g.getType());
                if (type != null && !type.isPrimitive()
                        && !RuleGuard.allowedType(type.getName().replace('.', '/'), Set.of())) {
                    errors.add(at(src, g, g.getType(), "global " + g.getIdentifier() + " of type " + type.getName()
                            + ": rules may not use it (allowed: " + RuleGuard.ALLOWED + ")"));
                }
            }
            for (RuleDescr rule : pkg.getRules()) {
                DrlIndex.Unit unit = drl.rule(rule.getName());
                AnnotationDescr clause = rule.getAnnotation("clause");
                String value = clause == null || clause.getSingleValue() == null ? "" : clause.getSingleValueAsString();
                List<String> ids = Arrays.stream(value.replace("\"", "").split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList();
                if (ids.isEmpty()) {
                    errors.add(unit.at("rule \"" + rule.getName() + "\" has no @clause: every rule names the clause it "
                            + "implements (e.g. @clause(\"CHK-1\"))", List.of()));
                } else if (clauses != null) {
                    for (String id : ids) {
                        if (!clauses.contains(id)) {
                            errors.add(unit.at("rule \"" + rule.getName() + "\": @clause names " + id
                                    + ", which is not in the clause catalogue (catalogue.yaml)", List.of(id, "@clause")));
                        }
                    }
                }
                comparisons(pkg, src, rule, rule.getLhs(), errors);
            }
        }
        return errors;
    }

    private static void comparisons(PackageDescr pkg, RuleSource src, RuleDescr rule, BaseDescr descr,
                                    List<RuleError> errors) {
        if (descr instanceof PatternDescr pattern) {
            Class<?> type = resolve(pkg, pattern.getObjectType());
            if (type != null) {
                for (BaseDescr c : pattern.getDescrs()) {
                    if (c instanceof ExprConstraintDescr expr) {
                        check(src, rule, pattern, type, expr, errors);
                    }
                }
            }
            if (pattern.getSource() != null) {
                comparisons(pkg, src, rule, pattern.getSource(), errors);
            }
        }
        if (descr instanceof ConditionalElementDescr ce) {
            for (BaseDescr child : ce.getDescrs()) {
                comparisons(pkg, src, rule, child, errors);
            }
        }
        if (descr instanceof org.drools.drl.ast.descr.AccumulateDescr acc) {
            if (acc.getInitCode() != null || acc.getActionCode() != null || acc.getResultCode() != null) {
                // inline accumulate code is compiled by Drools' own generator outside the rules' classes,
                // so the allow-list could not read it: accumulate functions do the same work
                errors.add(at(src, acc, "init", "rule \"" + rule.getName() + "\": accumulate with init/action/result code "
                        + "is not allowed in rules; use an accumulate function (count, sum, min, max, average, "
                        + "collectList, collectSet)"));
            }
            if (acc.getInput() != null) {
                comparisons(pkg, src, rule, acc.getInput(), errors);
            }
        }
        if (descr instanceof org.drools.drl.ast.descr.CollectDescr collect && collect.getInputPattern() != null) {
            comparisons(pkg, src, rule, collect.getInputPattern(), errors);
        }
    }

    private static void check(RuleSource src, RuleDescr rule, PatternDescr pattern, Class<?> type,
                              ExprConstraintDescr expr, List<RuleError> errors) {
        String text = expr.getExpression();
        for (Pattern p : List.of(FIELD_FIRST, LITERAL_FIRST)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                boolean fieldFirst = p == FIELD_FIRST;
                String field = fieldFirst ? m.group(1) : m.group(3);
                String literal = fieldFirst ? m.group(3) : m.group(1);
                Class<?> fieldType = fieldType(type, field);
                if (fieldType == null) {
                    continue;
                }
                boolean textLiteral = literal.startsWith("\"") || literal.startsWith("'");
                boolean textField = CharSequence.class.isAssignableFrom(fieldType) || fieldType == char.class
                        || fieldType == Character.class;
                boolean numberField = Number.class.isAssignableFrom(fieldType) || (fieldType.isPrimitive()
                        && fieldType != boolean.class && fieldType != char.class);
                String message = null;
                if (textField && !textLiteral) {
                    message = type.getSimpleName() + "." + field + " is text and " + literal + " is a number";
                } else if (numberField && textLiteral) {
                    message = type.getSimpleName() + "." + field + " is a number and " + literal + " is text";
                }
                if (message != null) {
                    String snippet = text.substring(m.start(), m.end());
                    errors.add(find(src, pattern.getLine(), snippet, field, "rule \"" + rule.getName() + "\": " + message
                            + "; '" + m.group(2) + "' compares text with text and numbers with numbers only"));
                }
            }
        }
    }

    private static RuleError find(RuleSource src, int fromLine, String snippet, String field, String message) {
        String[] lines = src.text().split("\\R", -1);
        for (String needle : List.of(snippet, field)) {
            for (int i = Math.max(0, fromLine - 1); i < lines.length; i++) {
                int col = lines[i].indexOf(needle);
                if (col >= 0) {
                    return new RuleError(src.name(), i + 1, col + 1, message);
                }
            }
        }
        return new RuleError(src.name(), Math.max(fromLine, 0), 0, message);
    }

    private static RuleError at(RuleSource src, BaseDescr descr, String needle, String message) {
        return find(src, Math.max(descr.getLine(), 1), needle, needle, message);
    }

    /** The type of a field as a constraint reads it: a record component, a getter or an is-getter. */
    static Class<?> fieldType(Class<?> type, String field) {
        String cap = Character.toUpperCase(field.charAt(0)) + field.substring(1);
        for (String name : List.of(field, "get" + cap, "is" + cap)) {
            try {
                Method m = type.getMethod(name);
                if (m.getParameterCount() == 0 && m.getReturnType() != void.class) {
                    return m.getReturnType();
                }
            } catch (NoSuchMethodException e) {
                // try the next form
            }
        }
        return null;
    }

    /** A type named in the DRL, resolved as Drools does: fully qualified, imported, or in the DRL's package. */
    static Class<?> resolve(PackageDescr pkg, String name) {
        if (name == null) {
            return null;
        }
        List<String> candidates = new ArrayList<>();
        candidates.add(name);
        for (ImportDescr imp : pkg.getImports()) {
            String t = imp.getTarget();
            if (t.endsWith(".*")) {
                candidates.add(t.substring(0, t.length() - 1) + name);
            } else if (t.endsWith("." + name)) {
                candidates.add(t);
            }
        }
        candidates.add(pkg.getName() + "." + name);
        candidates.add("java.lang." + name);
        for (String c : candidates) {
            try {
                return Class.forName(c, false, RuleLint.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                // not this one
            }
        }
        return null;
    }
}
