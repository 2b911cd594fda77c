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

    private PrecompiledRules() {
    }

    /**
     * Build step (Maven process-classes): compiles {@code CLASSES/rules/*.drl} to the executable model,
     * puts its classes into {@code CLASSES} (so they are packaged in the jar like the engine's own and
     * class-data sharing can archive them) and writes the index {@code CLASSES/rules/compiled/rules.bin}.
     * A DRL that does not compile is not precompiled: the build goes on (the tests then fail), and the
     * tool reports the located errors when it starts (exit 3), as it does for a rules directory.
     */
    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args.length > 0 ? args[0] : "target/classes");
        Path rulesDir = classes.resolve(RuleSet.CLASSPATH_ROOT);
        List<RuleSource> sources = new ArrayList<>();
        try (var files = Files.list(rulesDir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".drl")).sorted().toList()) {
                sources.add(new RuleSource(RuleSet.CLASSPATH_ROOT + "/" + p.getFileName(), Files.readString(p)));
            }
        }
        Path index = classes.resolve(RESOURCE);
        Files.deleteIfExists(index);
        Files.deleteIfExists(classes.resolve(RuleSet.CLASSPATH_ROOT + "/compiled/packages.bin"));
        Files.deleteIfExists(classes.resolve(RuleSet.CLASSPATH_ROOT + "/compiled/rules.kjar"));
        deleteTree(classes.resolve("org/alliancerules/rules"));
        deleteTree(classes.resolve("org/drools/project"));
        RuleSet rules;
        try {
            rules = RuleSet.compile(sources, "classpath:" + RuleSet.CLASSPATH_ROOT);
        } catch (RuleCompilationException e) {
            System.err.println("alliance-rules: the packaged rules do not compile (" + e.errors().size()
                    + " error(s), reported when the tool starts); they are not precompiled");
            return;
        }
        try {
            precompile(sources, rules.rules(), classes, index);
        } catch (RuntimeException e) {
            System.err.println("alliance-rules: the packaged rules compile, but not to the executable model ("
                    + e.getMessage() + "); they are not precompiled");
            return;
        }
        System.err.println("precompiled " + rules.rules().size() + " rules (executable model) into " + classes);
    }

    /**
     * Compiles {@code sources} (already checked by the classic compiler) to the executable model: its
     * classes into {@code classesDir}, and an index (fingerprint, rules, model class names) into {@code index}.
     */
    static void precompile(List<RuleSource> sources, List<RuleInfo> rules, Path classesDir, Path index)
            throws IOException {
        String fingerprint = fingerprint(sources);
        byte[] module = ExecutableModel.build(sources, fingerprint);
        List<String> models = new ArrayList<>();
        try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(module))) {
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
            o.writeObject(new ArrayList<>(rules));
            o.writeObject(new ArrayList<>(models));
        }
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
        ClassLoader loader = PrecompiledRules.class.getClassLoader();
        try (InputStream raw = loader.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                return Optional.empty();
            }
            return read(raw, loader, sources, origin, RESOURCE);
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("cannot use {} ({}); compiling the DRL instead", RESOURCE, e.toString());
            return Optional.empty();
        }
    }

    private static Optional<RuleSet> read(InputStream raw, ClassLoader loader, List<RuleSource> sources,
                                          String origin, String what) throws IOException, ReflectiveOperationException {
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(raw))) {
            if (!in.readUTF().equals(fingerprint(sources))) {
                LOG.warn("{} does not match the DRL; compiling the DRL instead", what);
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            List<RuleInfo> rules = (List<RuleInfo>) in.readObject();
            @SuppressWarnings("unchecked")
            List<String> modelClasses = (List<String>) in.readObject();
            List<org.drools.model.Model> models = new ArrayList<>();
            for (String name : modelClasses) {
                models.add((org.drools.model.Model) Class.forName(name, true, loader).getDeclaredConstructor().newInstance());
            }
            KieBase kieBase = org.drools.modelcompiler.KieBaseBuilder.createKieBaseFromModel(models);
            return Optional.of(RuleSet.of(kieBase, rules, origin, sources));
        }
    }

    /** The cache folder of precompiled rules directories, or null when caching is off. */
    static Path cacheFolder() {
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
        Path folder = cacheFolder();
        if (folder == null) {
            return Optional.empty();
        }
        Path entry = folder.resolve(fingerprint(sources));
        Path index = entry.resolve("rules.bin");
        if (!Files.isRegularFile(index)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(index)) {
            ClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {entry.toUri().toURL()},
                    PrecompiledRules.class.getClassLoader());
            return read(in, loader, sources, origin, index.toString());
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("cannot use the cached rules {} ({}); compiling the DRL instead", entry, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Precompiles a rules directory's DRL (already compiled by the classic compiler, without errors) into
     * the cache (a folder per DRL checksum, written aside and renamed into place), and returns the rule
     * set running on it; on any failure, the classic rule set.
     */
    static RuleSet cache(List<RuleSource> sources, RuleSet classic) {
        Path folder = cacheFolder();
        if (folder == null) {
            return classic;
        }
        Path entry = folder.resolve(fingerprint(sources));
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempDirectory(folder, entry.getFileName() + ".tmp");
            precompile(sources, classic.rules(), tmp, tmp.resolve("rules.bin"));
            try {
                Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                deleteTree(tmp); // another run cached the same DRL meanwhile
            }
            return fromCache(sources, classic.origin()).orElse(classic);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot cache the compiled rules in {} ({})", folder, e.toString());
            return classic;
        }
    }

    /** SHA-256 over every DRL file's name and text and the Drools build that compiles them. */
    static String fingerprint(List<RuleSource> sources) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
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
