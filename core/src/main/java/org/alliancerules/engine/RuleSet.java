package org.alliancerules.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * The compiled rules: a KieBase built once from DRL files, either a directory an analyst edits or
 * the copy packaged in the jar. Immutable and safe to share between threads.
 */
public final class RuleSet {

    /** Where the packaged copy of the rules directory lives on the classpath. */
    public static final String CLASSPATH_ROOT = "rules";

    private static final Pattern LINE_COL = Pattern.compile("(?:\\[ERR \\d+\\] )?Line (\\d+):(\\d+) ");
    private static final Pattern NOISE = Pattern.compile("Parser returned a null Package|Unable to build KieBaseModel.*");

    private final KieBase kieBase;
    private final List<RuleInfo> rules;
    private final String origin;
    private final String checksum;
    private final java.util.Set<String> globals;
    /** Rule name → "file:line:col" of its declaration (for runaway and failure messages). */
    private final Map<String, String> locations;

    private RuleSet(KieBase kieBase, List<RuleInfo> rules, String origin, String checksum, Map<String, String> locations) {
        this.kieBase = kieBase;
        this.rules = rules;
        this.origin = origin;
        this.checksum = checksum;
        this.locations = Map.copyOf(locations);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            pkg.getGlobalVariables().forEach(g -> names.add(g.getName()));
        }
        this.globals = java.util.Set.copyOf(names);
    }

    /** The names of the globals the rules declare (the engine sets only those). */
    public java.util.Set<String> globals() {
        return globals;
    }

    /**
     * The rules of every *.drl file in {@code dir} or its sub-folders (as Drools lays packages out; sorted by
     * path). Before they are used they are checked (lint, compiler, the allow-list on the compiled classes);
     * checked rules are cached by a checksum of the DRL (see {@link PrecompiledRules#cacheFolder()}).
     *
     * @throws RuleCompilationException (or {@link RuleRefusedException}) with every located problem
     */
    public static RuleSet fromDirectory(Path dir) {
        return fromDirectory(dir, Set.of());
    }

    /**
     * The default rule set of a rules directory: every *.drl of {@code dir} and its sub-folders except the
     * sub-folders named in {@code profileFolders} (each a profile's own rule set, see {@link #fromDirectory(Path, Path)}).
     */
    public static RuleSet fromDirectory(Path dir, Set<String> profileFolders) {
        if (!Files.isDirectory(dir)) {
            throw new RuleCompilationException(List.of(new RuleError(dir.toString(), 0, 0, "no such rules directory")));
        }
        Set<Path> skipped = new java.util.HashSet<>();
        for (String name : profileFolders) {
            skipped.add(dir.resolve(name));
        }
        return fromSources(dir, dir, skipped);
    }

    /**
     * A profile's own rule set (issue 14): every *.drl of {@code folder} (a sub-folder of the rules directory
     * {@code rulesDir}, e.g. rules/v3), checked against the catalogue of the rules directory, in a KieBase of its own.
     */
    public static RuleSet fromDirectory(Path folder, Path rulesDir) {
        if (!Files.isDirectory(folder)) {
            throw new RuleCompilationException(List.of(new RuleError(folder.toString(), 0, 0,
                    "no such rules directory (a policy names the rule set '" + folder.getFileName()
                    + "': its DRL goes in this sub-folder of the rules directory)")));
        }
        return fromSources(folder, rulesDir, Set.of());
    }

    private static RuleSet fromSources(Path dir, Path catalogueDir, Set<Path> skipped) {
        List<RuleSource> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".drl") && Files.isRegularFile(f))
                    .filter(f -> skipped.stream().noneMatch(f::startsWith))
                    .sorted(Comparator.comparing(Path::toString)).toList()) {
                sources.add(new RuleSource(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new RuleCompilationException(List.of(new RuleError(dir.toString(), 0, 0, "cannot read: " + e.getMessage())));
        }
        if (sources.isEmpty()) {
            throw new RuleRefusedException(List.of(new RuleError(dir.toString(), 0, 0,
                    "no rules: no .drl file in the rules directory or its sub-folders")));
        }
        Set<String> clauses = catalogue(catalogueDir);
        // unchanged DRL runs from the cached executable model (checked before it was cached); new DRL is
        // checked (the classic compiler locates errors exactly), then its executable model is cached
        String origin = dir.toString();
        return PrecompiledRules.fromCache(sources, origin, clauses)
                .orElseGet(() -> PrecompiledRules.cache(sources, origin, check(sources, origin, clauses), clauses));
    }

    /**
     * A profile's own rule set packaged in the jar: rules/NAME/*.drl, precompiled at build time like the
     * default one (rules/NAME/compiled/rules.bin).
     */
    public static RuleSet fromClasspath(String name) {
        String root = CLASSPATH_ROOT + "/" + name;
        List<RuleSource> sources = new ArrayList<>();
        for (String n : ClasspathFiles.list(root, ".drl")) {
            sources.add(new RuleSource(n, ClasspathFiles.read(n)));
        }
        String origin = "classpath:" + root;
        if (sources.isEmpty()) {
            throw new RuleRefusedException(List.of(new RuleError(origin, 0, 0,
                    "no rules: a policy names the rule set '" + name + "', and the jar has no " + root + "/*.drl")));
        }
        return PrecompiledRules.load(sources, origin, PrecompiledRules.PACKAGED, PrecompiledRules.resourceOf(name))
                .orElseGet(() -> check(sources, origin, catalogue(null)).running(origin, sources));
    }

    /** Compiles the rules packaged in the jar (or on the test classpath). */
    public static RuleSet fromClasspath() {
        List<RuleSource> sources = classpathSources();
        String origin = "classpath:" + CLASSPATH_ROOT;
        return PrecompiledRules.load(sources, origin, PrecompiledRules.PACKAGED)
                .orElseGet(() -> check(sources, origin, catalogue(null)).running(origin, sources));
    }

    /** The clause IDs of the catalogue next to the rules (DIR/catalogue.yaml), or of the packaged one. */
    static Set<String> catalogue(Path dir) {
        Path file = dir == null ? null : dir.resolve(org.alliancerules.fixtures.Catalogue.FILE_NAME);
        org.alliancerules.fixtures.Catalogue c = file != null && Files.isRegularFile(file)
                ? org.alliancerules.fixtures.Catalogue.loadFile(file)
                : org.alliancerules.fixtures.Catalogue.load(null);
        Set<String> ids = new java.util.TreeSet<>();
        c.clauses().forEach(cl -> ids.add(cl.id()));
        return ids;
    }

    /**
     * A rule set from an already built KieBase (the precompiled packages). Rules' files and locations may
     * name a source by its index ("#n", "n:line:col"): they are named after these sources.
     */
    static RuleSet of(KieBase kieBase, List<RuleInfo> rules, String origin, List<RuleSource> sources,
                      Map<String, String> locations) {
        List<RuleInfo> named = new ArrayList<>();
        for (RuleInfo r : rules) {
            String file = r.file();
            if (file.startsWith("#")) {
                int i = Integer.parseInt(file.substring(1));
                file = i < sources.size() ? sources.get(i).name() : "";
            }
            named.add(new RuleInfo(r.name(), r.clauses(), r.interpretations(), file));
        }
        named.sort(Comparator.comparing(RuleInfo::file).thenComparing(RuleInfo::name));
        return new RuleSet(kieBase, List.copyOf(named), origin, RuleSource.checksum(sources),
                DrlIndex.resolve(locations, sources));
    }

    /**
     * DRL that passed every check: its rules, their locations and the executable model's module (jar
     * bytes), the code that was checked and that runs.
     */
    record Checked(List<RuleInfo> rules, Map<String, String> locations, byte[] module) {

        RuleSet running(String origin, List<RuleSource> sources) {
            return of(ExecutableModel.load(module), rules, origin, sources, locations);
        }
    }

    /**
     * Checks DRL before it is used: the lint (imports, @clause and the catalogue, text compared with
     * numbers), the classic compiler (every error located), then the allow-list on the bytecode of the
     * executable model the DRL compiles to.
     */
    static Checked check(List<RuleSource> sources, String origin, Set<String> clauses) {
        DrlIndex drl = DrlIndex.parse(sources);
        if (drl != null) {
            List<RuleError> lint = RuleLint.check(drl, clauses);
            if (!lint.isEmpty()) {
                throw new RuleRefusedException(sorted(lint));
            }
        }
        List<RuleInfo> rules = classic(sources, origin);
        if (drl == null) {
            throw new RuleRefusedException(List.of(new RuleError(origin, 0, 0, "the rules cannot be parsed to be checked")));
        }
        byte[] module;
        try {
            module = ExecutableModel.build(sources, PrecompiledRules.fingerprint(sources, clauses));
        } catch (RuntimeException e) {
            throw new RuleRefusedException(List.of(new RuleError(origin, 0, 0,
                    "the rules compile, but not to Drools' executable model, so they cannot be checked: " + e.getMessage())));
        }
        List<RuleError> refused = RuleGuard.check(module, drl, origin);
        if (!refused.isEmpty()) {
            throw new RuleRefusedException(sorted(refused));
        }
        List<String> names = sources.stream().map(RuleSource::name).toList();
        List<RuleInfo> indexed = rules.stream().map(r -> new RuleInfo(r.name(), r.clauses(), r.interpretations(),
                names.contains(r.file()) ? "#" + names.indexOf(r.file()) : r.file())).toList();
        return new Checked(indexed, drl.ruleLocations(), module);
    }

    private static List<RuleError> sorted(List<RuleError> errors) {
        List<RuleError> list = new ArrayList<>(errors);
        list.sort(Comparator.comparing(RuleError::file).thenComparingInt(RuleError::line)
                .thenComparingInt(RuleError::column));
        return list;
    }

    /** The packaged DRL files, listed from the jar or the classes directory, sorted by name. */
    static List<RuleSource> classpathSources() {
        List<RuleSource> sources = new ArrayList<>();
        for (String n : ClasspathFiles.list(CLASSPATH_ROOT, ".drl")) {
            sources.add(new RuleSource(n, ClasspathFiles.read(n)));
        }
        return sources;
    }

    /**
     * Checks and compiles DRL sources (see {@link #check}); every problem is reported as file:line:col,
     * without engine noise. The rule set runs on the executable model that was checked.
     */
    public static RuleSet compile(List<RuleSource> sources, String origin) {
        return check(sources, origin, catalogue(null)).running(origin, sources);
    }

    /** The classic compiler's errors, located and without engine noise; empty when the DRL compiles. */
    static List<RuleError> compileErrors(List<RuleSource> sources, String origin) {
        try {
            classic(sources, origin);
            return List.of();
        } catch (RuleCompilationException e) {
            return e.errors();
        }
    }

    /** The classic compiler: every error located; the rules' names, clauses and files when it compiles. */
    private static List<RuleInfo> classic(List<RuleSource> sources, String origin) {
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        Map<String, String> byPath = new LinkedHashMap<>();
        for (RuleSource s : sources) {
            String path = "src/main/resources/" + s.name().replaceAll("[^A-Za-z0-9._/-]", "_");
            byPath.put(path, s.name());
            builder.add(ResourceFactory.newByteArrayResource(s.text().getBytes(StandardCharsets.UTF_8))
                    .setSourcePath(path), ResourceType.DRL);
        }
        if (builder.hasErrors()) {
            List<RuleError> errors = new ArrayList<>();
            for (KnowledgeBuilderError e : builder.getErrors()) {
                RuleError located = locate(e, byPath, sources);
                if (located != null && !errors.contains(located)) {
                    errors.add(located);
                }
            }
            errors = new ArrayList<>(CompileDiagnostics.clean(errors, sources));
            if (errors.isEmpty()) {
                errors.add(new RuleError(origin, 0, 0, "the rules do not compile"));
            }
            errors.sort(Comparator.comparing(RuleError::file).thenComparingInt(RuleError::line)
                    .thenComparingInt(RuleError::column));
            throw new RuleCompilationException(errors);
        }
        KieBase kieBase = builder.newKieBase();
        List<RuleInfo> rules = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule r : pkg.getRules()) {
                String resource = r instanceof org.drools.base.definitions.rule.impl.RuleImpl impl && impl.getResource() != null
                        ? byPath.getOrDefault(impl.getResource().getSourcePath(), "") : "";
                rules.add(new RuleInfo(r.getName(), ids(r.getMetaData().get("clause")),
                        ids(r.getMetaData().get("interpretation")), resource));
            }
        }
        rules.sort(Comparator.comparing(RuleInfo::file).thenComparing(RuleInfo::name));
        return List.copyOf(rules);
    }

    private static List<String> ids(Object meta) {
        if (meta == null) {
            return List.of();
        }
        return Arrays.stream(meta.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static RuleError locate(KnowledgeBuilderError e, Map<String, String> byPath, List<RuleSource> sources) {
        String message = e.getMessage() == null ? "" : e.getMessage().trim();
        if (NOISE.matcher(message).matches() || message.isEmpty()) {
            return null;
        }
        String file = e.getResource() != null && e.getResource().getSourcePath() != null
                ? byPath.getOrDefault(e.getResource().getSourcePath(), e.getResource().getSourcePath())
                : (sources.size() == 1 ? sources.get(0).name() : "rules");
        int line = e.getLines() != null && e.getLines().length > 0 ? e.getLines()[0] : 0;
        int column = 0;
        Matcher m = LINE_COL.matcher(message);
        if (m.find()) {
            line = Integer.parseInt(m.group(1));
            column = Integer.parseInt(m.group(2)) + 1; // the parser counts columns from 0
            message = message.substring(0, m.start()) + message.substring(m.end());
        }
        String text = sources.stream().filter(src -> src.name().equals(file)).map(RuleSource::text)
                .findFirst().orElse(null);
        String snippet = offendingSnippet(message);
        if (text != null && snippet != null) {
            int[] at = find(text, snippet, Math.max(line, 1));
            if (at != null) {
                line = at[0];
                column = at[1];
            }
        }
        return new RuleError(file, Math.max(line, 0), column, tidy(message));
    }

    private static final Pattern EXPRESSION = Pattern.compile("Unable to Analyse Expression (.+?):\\s*\\[Error");
    private static final Pattern METHOD = Pattern.compile("The method (\\w+)\\(");
    private static final Pattern UNRESOLVED = Pattern.compile("^(\\S+) cannot be resolved");

    /** The piece of DRL text an error is about, when the message names it. */
    private static String offendingSnippet(String message) {
        for (Pattern p : List.of(EXPRESSION, METHOD, UNRESOLVED)) {
            Matcher m = p.matcher(message);
            if (m.find()) {
                return p == METHOD ? m.group(1) + "(" : m.group(1).trim();
            }
        }
        return null;
    }

    /** 1-based {line, column} of the first occurrence of snippet at or after fromLine; null when it is not there. */
    static int[] find(String text, String snippet, int fromLine) {
        String[] lines = text.split("\\R", -1);
        for (int i = Math.max(0, fromLine - 1); i < lines.length; i++) {
            int col = lines[i].indexOf(snippet);
            if (col >= 0) {
                return new int[] {i + 1, col + 1};
            }
        }
        return null;
    }

    /** Strips the engine's framing from a message, keeping what an analyst can act on. */
    static String tidy(String message) {
        String m = message.replaceAll("\\s+", " ").trim();
        m = m.replaceAll("^\\[ERR \\d+\\] ", "");
        m = m.replaceAll("^Rule Compilation error ", "");
        // the parser's own failure behind a syntax error ("... Exception: java.lang.NullPointerException: ..."):
        // what an analyst can act on is the place and the input it stopped at
        m = m.replaceAll("^unexpected exception at input '<eof>'.*", "the file ends inside a rule (a missing 'end' or bracket?)");
        m = m.replaceAll("\\. Exception: [\\w.$]+(Exception|Error)\\b.*$", "");
        m = m.replaceAll(" in rule \"([^\"]*)\"", " (rule \"$1\")");
        Matcher field = Pattern.compile("Unable to Analyse Expression (.+?):\\s*\\[Error: unable to resolve method using strict-mode: "
                + "[\\w.]*?(\\w+)\\.(\\w+)\\(\\)\\].*").matcher(m);
        if (field.matches()) {
            return "'" + field.group(3) + "' is not a field of " + field.group(2) + ", a binding or a global, in: " + field.group(1);
        }
        Matcher analyse = Pattern.compile("Unable to Analyse Expression (.+?):\\s*\\[Error: (.+?)\\].*").matcher(m);
        if (analyse.matches()) {
            return analyse.group(2) + " in: " + analyse.group(1);
        }
        m = m.replaceAll(" is undefined for the type Rule_\\S+", " is not defined (check the name and the DRL's imports)");
        return m;
    }

    public KieBase kieBase() {
        return kieBase;
    }

    /** Every rule, sorted by file then name. */
    public List<RuleInfo> rules() {
        return rules;
    }

    /** Where the rules came from: a directory or the packaged copy. */
    public String origin() {
        return origin;
    }

    /**
     * SHA-256 over the DRL files' names and texts: the same rules give the same checksum wherever they
     * are loaded from (the packaged copy or a directory). The sweep records it with every run.
     */
    public String checksum() {
        return checksum;
    }

    /** Where a rule is declared: "file:line:col", or the rule set's origin when unknown. */
    public String locationOf(String rule) {
        return locations.getOrDefault(rule, origin);
    }

    Map<String, String> locations() {
        return locations;
    }
}
