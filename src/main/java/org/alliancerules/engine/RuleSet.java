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

    private static final Pattern LINE_COL = Pattern.compile("\\[ERR \\d+\\] Line (\\d+):(\\d+) ");
    private static final Pattern NOISE = Pattern.compile("Parser returned a null Package|Unable to build KieBaseModel.*");

    private final KieBase kieBase;
    private final List<RuleInfo> rules;
    private final String origin;
    private final String checksum;
    private final java.util.Set<String> globals;

    private RuleSet(KieBase kieBase, List<RuleInfo> rules, String origin, String checksum) {
        this.kieBase = kieBase;
        this.rules = rules;
        this.origin = origin;
        this.checksum = checksum;
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
     * The rules of every *.drl file directly in {@code dir} (sorted by name). Compiled rules are cached
     * by a checksum of the DRL (see {@link PrecompiledRules#cacheFolder()}).
     */
    public static RuleSet fromDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RuleCompilationException(List.of(new RuleError(dir.toString(), 0, 0, "no such rules directory")));
        }
        List<RuleSource> sources = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".drl")).sorted().toList()) {
                sources.add(new RuleSource(p.toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new RuleCompilationException(List.of(new RuleError(dir.toString(), 0, 0, "cannot read: " + e.getMessage())));
        }
        // an unchanged DRL runs from the cached executable model; a new one is checked by the classic
        // compiler (exact errors), then precompiled into the cache for the next start
        String origin = dir.toString();
        return PrecompiledRules.fromCache(sources, origin)
                .orElseGet(() -> PrecompiledRules.cache(sources, compile(sources, origin)));
    }

    /** Compiles the rules packaged in the jar (or on the test classpath). */
    public static RuleSet fromClasspath() {
        List<RuleSource> sources = classpathSources();
        String origin = "classpath:" + CLASSPATH_ROOT;
        return PrecompiledRules.load(sources, origin).orElseGet(() -> compile(sources, origin));
    }

    /** A rule set from an already built KieBase (the precompiled packages). */
    static RuleSet of(KieBase kieBase, List<RuleInfo> rules, String origin, List<RuleSource> sources) {
        return new RuleSet(kieBase, List.copyOf(rules), origin, RuleSource.checksum(sources));
    }

    /** The packaged DRL files, listed from the jar or the classes directory, sorted by name. */
    static List<RuleSource> classpathSources() {
        List<RuleSource> sources = new ArrayList<>();
        for (String n : ClasspathFiles.list(CLASSPATH_ROOT, ".drl")) {
            sources.add(new RuleSource(n, ClasspathFiles.read(n)));
        }
        return sources;
    }

    /** Compiles DRL sources; every error is reported as file:line:col, without engine noise. */
    public static RuleSet compile(List<RuleSource> sources, String origin) {
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
        return new RuleSet(kieBase, List.copyOf(rules), origin, RuleSource.checksum(sources));
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
        if (text != null && snippet != null && line > 0) {
            int[] at = find(text, snippet, line);
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

    /** 1-based {line, column} of the first occurrence of snippet at or after fromLine. */
    private static int[] find(String text, String snippet, int fromLine) {
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
        m = m.replaceAll(" in rule \"([^\"]*)\"", " (rule \"$1\")");
        Matcher field = Pattern.compile("Unable to Analyse Expression (.+?):\\s*\\[Error: unable to resolve method using strict-mode: "
                + "[\\w.]*?(\\w+)\\.(\\w+)\\(\\)\\].*").matcher(m);
        if (field.matches()) {
            return "unknown field '" + field.group(3) + "' of " + field.group(2) + " in: " + field.group(1);
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
}
