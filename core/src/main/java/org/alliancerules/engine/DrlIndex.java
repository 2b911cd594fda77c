package org.alliancerules.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * The DRL as parsed descriptors: each file's package, and where each rule and function is (file, first
 * and last line), so that a problem found in the compiled rules can be pointed at in the text.
 */
final class DrlIndex {

    /** A rule or a function of the DRL: its kind ("rule" or "function"), name and place. */
    record Unit(String kind, String name, RuleSource source, int line, int column, int endLine) {

        /** "rule \"NAME\"" or "function \"NAME\"". */
        String label() {
            return kind + " \"" + name + "\"";
        }

        /** file:line:col of the first occurrence of one of {@code needles} in this unit's text, or of the unit. */
        RuleError at(String message, List<String> needles) {
            String[] lines = source.text().split("\\R", -1);
            for (String needle : needles) {
                if (needle == null || needle.isEmpty()) {
                    continue;
                }
                for (int i = Math.max(0, line - 1); i < Math.min(lines.length, Math.max(endLine, line)); i++) {
                    int col = lines[i].indexOf(needle);
                    if (col >= 0) {
                        return new RuleError(source.name(), i + 1, col + 1, message);
                    }
                }
            }
            return new RuleError(source.name(), line, column, message);
        }
    }

    /** One parsed file. */
    record File(RuleSource source, PackageDescr descr) {
    }

    private final List<File> files;
    private final Map<String, Unit> rules = new LinkedHashMap<>();
    private final Map<String, Unit> functions = new LinkedHashMap<>();

    private DrlIndex(List<File> files) {
        this.files = files;
        for (File f : files) {
            for (RuleDescr r : f.descr().getRules()) {
                rules.putIfAbsent(r.getName(), new Unit("rule", r.getName(), f.source(), r.getLine(),
                        Math.max(1, r.getColumn() + 1), r.getEndLine()));
            }
            for (FunctionDescr fn : f.descr().getFunctions()) {
                functions.putIfAbsent(fn.getName(), new Unit("function", fn.getName(), f.source(), fn.getLine(),
                        Math.max(1, fn.getColumn() + 1), fn.getEndLine()));
            }
        }
    }

    /** The parsed DRL, or null when a file does not parse (the compiler then reports it, located). */
    static DrlIndex parse(List<RuleSource> sources) {
        List<File> files = new ArrayList<>();
        for (RuleSource s : sources) {
            DrlParser parser = new DrlParser();
            PackageDescr descr;
            try {
                descr = parser.parse(false, s.text());
            } catch (DroolsParserException | RuntimeException e) {
                return null;
            }
            if (descr == null || parser.hasErrors()) {
                return null;
            }
            files.add(new File(s, descr));
        }
        return new DrlIndex(files);
    }

    List<File> files() {
        return files;
    }

    Unit rule(String name) {
        return rules.get(name);
    }

    Unit function(String name) {
        return functions.get(name);
    }

    Iterable<Unit> rules() {
        return rules.values();
    }

    /**
     * Rule name → "n:line:col" of its declaration, n the index of its file among the sources (the same DRL
     * may be cached from one directory and loaded from another: the file is named when it is loaded).
     */
    Map<String, String> ruleLocations() {
        Map<String, String> map = new LinkedHashMap<>();
        List<RuleSource> sources = files.stream().map(File::source).toList();
        rules.forEach((name, unit) -> map.put(name, sources.indexOf(unit.source()) + ":" + unit.line() + ":" + unit.column()));
        return map;
    }

    /** "file:line:col" of locations made by {@link #ruleLocations}, for these sources. */
    static Map<String, String> resolve(Map<String, String> locations, List<RuleSource> sources) {
        Map<String, String> map = new LinkedHashMap<>();
        locations.forEach((name, at) -> {
            String[] p = at.split(":");
            int i = Integer.parseInt(p[0]);
            String file = i >= 0 && i < sources.size() ? sources.get(i).name() : "rules";
            map.put(name, file + ":" + p[1] + ":" + p[2]);
        });
        return map;
    }
}
