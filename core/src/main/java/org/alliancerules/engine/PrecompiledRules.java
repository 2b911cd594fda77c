package org.alliancerules.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.kie.api.KieBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rules compiled ahead of time into Drools' executable model ({@link ExecutableModel}): the packaged
 * rules at build time (into the jar), and an analyst's rules directory on its first use (into a cache
 * folder, keyed by a checksum of the DRL). Each is used only when its fingerprint matches the DRL text
 * and this Drools build; otherwise, or when anything goes wrong reading it, the engine compiles the DRL.
 * The DRL is always checked by the classic compiler before it is precompiled, so errors keep their
 * exact file:line:col.
 */
public final class PrecompiledRules {

    /**
     * Classpath location of the packaged rules' index: fingerprint, rules and the names of the
     * executable model's classes (which the build puts into the jar next to the engine's own).
     */
    public static final String RESOURCE = RuleSet.CLASSPATH_ROOT + "/compiled/rules.bin";

    /** System property naming the cache folder of precompiled rules directories ("off": no cache). */
    public static final String CACHE_PROPERTY = "alliance.rules.cache";
    /** Environment variable naming the cache folder, when the system property is not set. */
    public static final String CACHE_ENV = "ALLIANCE_RULES_CACHE";

    private static final Logger LOG = LoggerFactory.getLogger(PrecompiledRules.class);

    /** The clause IDs in the packaged rules' fingerprint: none (the build checks them against the jar's catalogue). */
    static final Set<String> PACKAGED = Set.of();

    private PrecompiledRules() {
    }

    /**
     * Build step (Maven process-classes): compiles {@code CLASSES/rules/*.drl} to the executable model,
     * puts its classes into {@code CLASSES} (so they are packaged in the jar like the engine's own and
     * class-data sharing can archive them) and writes the index {@code CLASSES/rules/compiled/rules.bin}.
     * The DRL is checked first exactly as a rules directory is (lint, compiler, the allow-list on the
     * compiled classes): packaged rules that do not compile or are refused fail the build (exit 3), with
     * every problem located.
     */
    public static void main(String[] args) throws IOException {
        int code = precompile(Path.of(args.length > 0 ? args[0] : "target/classes"));
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * The build step on a classes directory: 0 when the rules are checked and precompiled, 3 when refused. The
     * default rule set is rules/*.drl; each sub-folder with DRL (rules/v3/, a profile's own rule set) is checked
     * and precompiled on its own into rules/NAME/compiled/rules.bin (its DRL declares its own package, so its
     * executable model's classes do not meet the default one's).
     */
    static int precompile(Path classes) throws IOException {
        Path rulesDir = classes.resolve(RuleSet.CLASSPATH_ROOT);
        deleteTree(classes.resolve("org/alliancerules/rules"));
        deleteTree(classes.resolve("org/drools/project"));
        deleteTree(classes.resolve("META-INF/kie"));
        List<String> modelFile = new ArrayList<>();
        int code = precompile(classes, rulesDir, RuleSet.CLASSPATH_ROOT, RESOURCE, modelFile);
        if (code != 0) {
            return code;
        }
        try (var folders = Files.list(rulesDir)) {
            for (Path sub : folders.filter(Files::isDirectory).sorted().toList()) {
                String name = sub.getFileName().toString();
                boolean hasDrl;
                try (var files = Files.list(sub)) {
                    hasDrl = files.anyMatch(f -> f.getFileName().toString().endsWith(".drl"));
                }
                if (hasDrl) {
                    code = precompile(classes, sub, RuleSet.CLASSPATH_ROOT + "/" + name, resourceOf(name), modelFile);
                    if (code != 0) {
                        return code;
                    }
                }
            }
        }
        writeKjarModelFile(classes, modelFile);
        return 0;
    }

    /** The kjar's group and artifact: where Drools looks for the executable model of a classpath KIE module. */
    static final String KJAR_GROUP = "org.alliancerules";
    static final String KJAR_ARTIFACT = "alliance-rules-core";

    /**
     * Makes the jar a kjar whose KieBases are these precompiled rule sets (issue 20): next to
     * {@code META-INF/kmodule.xml} (KieBases {@code alliance-default} and {@code alliance-v3}, by package),
     * {@code META-INF/kie/GROUP/ARTIFACT/drools-model} lists the executable model's classes of every packaged rule
     * set, so {@code KieServices.get().getKieClasspathContainer()} builds them from the same classes
     * {@link RulesEngine} uses, without compiling DRL.
     */
    private static void writeKjarModelFile(Path classes, List<String> modelFile) throws IOException {
        Path file = classes.resolve("META-INF/kie/" + KJAR_GROUP + "/" + KJAR_ARTIFACT + "/drools-model");
        Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        modelFile.stream().filter(l -> l.contains(":")).findFirst().ifPresent(lines::add); // the model's version
        modelFile.stream().filter(l -> !l.contains(":")).distinct().forEach(lines::add);
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Classpath location of the index of a profile's own packaged rule set (rules/NAME/compiled/rules.bin). */
    static String resourceOf(String ruleSet) {
        return RuleSet.CLASSPATH_ROOT + "/" + ruleSet + "/compiled/rules.bin";
    }

    private static int precompile(Path classes, Path rulesDir, String root, String resource, List<String> modelFile)
            throws IOException {
        List<RuleSource> sources = new ArrayList<>();
        try (var files = Files.list(rulesDir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".drl")).sorted().toList()) {
                sources.add(new RuleSource(root + "/" + p.getFileName(), Files.readString(p)));
            }
        }
        Path index = classes.resolve(resource);
        Files.deleteIfExists(index);
        Files.deleteIfExists(classes.resolve(root + "/compiled/packages.bin"));
        Files.deleteIfExists(classes.resolve(root + "/compiled/rules.kjar"));
        Set<String> clauses = RuleSet.catalogue(null);
        RuleSet.Checked checked;
        try {
            checked = RuleSet.check(sources, "classpath:" + root, clauses);
        } catch (RuleCompilationException e) {
            // the build fails: packaged rules that do not compile or are refused never reach the jar
            System.err.println("alliance-rules: the packaged rules are refused (" + e.errors().size() + " problem(s)):");
            e.errors().forEach(err -> System.err.println(err.format()));
            return 3;
        }
        // the jar's catalogue is the one checked here: the packaged fingerprint does not need to name it
        modelFile.addAll(precompile(sources, checked, PACKAGED, classes, index));
        System.err.println("checked and precompiled " + checked.rules().size() + " rules (executable model) of " + root
                + " into " + classes);
        return 0;
    }

    /**
     * Writes checked rules' executable model: its classes into {@code classesDir}, and an index
     * (fingerprint, rules, their locations, model class names) into {@code index}.
     */
    static List<String> precompile(List<RuleSource> sources, RuleSet.Checked checked, Set<String> clauses,
                                   Path classesDir, Path index) throws IOException {
        String fingerprint = fingerprint(sources, clauses);
        List<String> models = new ArrayList<>();
        List<String> modelFile = new ArrayList<>();
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(checked.module()))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.endsWith(".class")) {
                    Path target = classesDir.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.write(target, zip.readAllBytes());
                } else if (name.endsWith("/drools-model")) {
                    for (String line : new String(zip.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                        if (!line.isBlank()) {
                            modelFile.add(line.trim());
                        }
                        if (!line.isBlank() && !line.contains(":")) {
                            models.add(line.trim());
                        }
                    }
                }
            }
        }
        if (models.isEmpty()) {
            throw new IllegalStateException("the executable model names no model class");
        }
        Files.createDirectories(index.getParent());
        try (ObjectOutputStream o = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(index)))) {
            o.writeUTF(fingerprint);
            o.writeObject(new ArrayList<>(checked.rules()));
            o.writeObject(new ArrayList<>(models));
            o.writeObject(new java.util.LinkedHashMap<>(checked.locations()));
        }
        return modelFile;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The packaged rules from the precompiled executable model, when it matches {@code sources}. */
    static Optional<RuleSet> load(List<RuleSource> sources, String origin) {
        return load(sources, origin, PACKAGED);
    }

    static Optional<RuleSet> load(List<RuleSource> sources, String origin, Set<String> clauses) {
        return load(sources, origin, clauses, RESOURCE);
    }

    /** A packaged rule set (its index at {@code resource}) from its precompiled executable model, when it matches. */
    static Optional<RuleSet> load(List<RuleSource> sources, String origin, Set<String> clauses, String resource) {
        ClassLoader loader = PrecompiledRules.class.getClassLoader();
        try (InputStream raw = loader.getResourceAsStream(resource)) {
            if (raw == null) {
                return Optional.empty();
            }
            return read(raw, loader, sources, clauses, origin, resource);
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("cannot use {} ({}); compiling the DRL instead", resource, e.toString());
            return Optional.empty();
        }
    }

    private static Optional<RuleSet> read(InputStream raw, ClassLoader loader, List<RuleSource> sources,
                                          Set<String> clauses, String origin, String what)
            throws IOException, ReflectiveOperationException {
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(raw))) {
            if (!in.readUTF().equals(fingerprint(sources, clauses))) {
                LOG.warn("{} does not match the DRL; compiling the DRL instead", what);
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            List<RuleInfo> rules = (List<RuleInfo>) in.readObject();
            @SuppressWarnings("unchecked")
            List<String> modelClasses = (List<String>) in.readObject();
            @SuppressWarnings("unchecked")
            java.util.Map<String, String> locations = (java.util.Map<String, String>) in.readObject();
            List<org.drools.model.Model> models = new ArrayList<>();
            for (String name : modelClasses) {
                models.add((org.drools.model.Model) Class.forName(name, true, loader).getDeclaredConstructor().newInstance());
            }
            KieBase kieBase = org.drools.modelcompiler.KieBaseBuilder.createKieBaseFromModel(models);
            return Optional.of(RuleSet.of(kieBase, rules, origin, sources, locations));
        }
    }

    /**
     * The tool's cache folder ({@code -Dalliance.rules.cache}, {@code $ALLIANCE_RULES_CACHE},
     * {@code $XDG_CACHE_HOME/alliance-rules} or {@code ~/.cache/alliance-rules}): precompiled rules directories, and
     * the store's native SQLite library; null when caching is off.
     */
    public static Path cacheFolder() {
        String configured = System.getProperty(CACHE_PROPERTY, System.getenv(CACHE_ENV));
        if (configured != null) {
            return configured.isBlank() || configured.equals("off") ? null : Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("alliance-rules");
    }

    /** The cached executable model of a rules directory's DRL, when there is one that matches. */
    static Optional<RuleSet> fromCache(List<RuleSource> sources, String origin) {
        return fromCache(sources, origin, RuleSet.catalogue(null));
    }

    static Optional<RuleSet> fromCache(List<RuleSource> sources, String origin, Set<String> clauses) {
        Path folder = cacheFolder();
        if (folder == null) {
            return Optional.empty();
        }
        Path entry = folder.resolve(fingerprint(sources, clauses));
        Path index = entry.resolve("rules.bin");
        if (!Files.isRegularFile(index)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(index)) {
            ClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {entry.toUri().toURL()},
                    PrecompiledRules.class.getClassLoader());
            return read(in, loader, sources, clauses, origin, index.toString());
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("cannot use the cached rules {} ({}); compiling the DRL instead", entry, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Caches checked rules' executable model (a folder per fingerprint, written aside and renamed into
     * place), and returns the rule set running on it; with caching off or on any failure, the rule set
     * running on the checked module in memory.
     */
    static RuleSet cache(List<RuleSource> sources, String origin, RuleSet.Checked checked, Set<String> clauses) {
        Path folder = cacheFolder();
        if (folder == null) {
            return checked.running(origin, sources);
        }
        Path entry = folder.resolve(fingerprint(sources, clauses));
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempDirectory(folder, entry.getFileName() + ".tmp");
            precompile(sources, checked, clauses, tmp, tmp.resolve("rules.bin"));
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                deleteTree(tmp); // another run cached the same DRL meanwhile
            }
            return fromCache(sources, origin, clauses).orElseGet(() -> checked.running(origin, sources));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot cache the compiled rules in {} ({})", folder, e.toString());
            return checked.running(origin, sources);
        }
    }

    /**
     * SHA-256 over the rule guard's version, the catalogue's clause IDs, every DRL file's name and text and
     * the Drools build that compiles them.
     */
    static String fingerprint(List<RuleSource> sources, Set<String> clauses) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // rules checked by another allow-list, or against another catalogue, are not trusted
            sha.update((RuleGuard.VERSION + "\u0000" + new java.util.TreeSet<>(clauses) + "\u0000")
                    .getBytes(StandardCharsets.UTF_8));
            var drools = KieBase.class.getProtectionDomain().getCodeSource();
            sha.update(String.valueOf(drools == null ? "" : Path.of(drools.getLocation().getPath()).getFileName())
                    .getBytes(StandardCharsets.UTF_8));
            for (RuleSource s : sources) {
                String file = s.name().substring(s.name().replace('\\', '/').lastIndexOf('/') + 1);
                sha.update((file + "\u0000" + s.text() + "\u0000").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
