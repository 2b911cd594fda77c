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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packaged rules, compiled at build time: the DRL's knowledge packages (with their compiled
 * consequences) serialised into the jar, so the engine starts without parsing and compiling DRL.
 * They are used only when their fingerprint matches the packaged DRL text and this Drools build;
 * otherwise, or when anything goes wrong reading them, the engine compiles the DRL as usual.
 * An analyst's rules directory (--rules) is always compiled from its DRL.
 */
public final class PrecompiledRules {

    /** Classpath location of the precompiled packages. */
    public static final String RESOURCE = RuleSet.CLASSPATH_ROOT + "/compiled/packages.bin";

    private static final Logger LOG = LoggerFactory.getLogger(PrecompiledRules.class);

    private PrecompiledRules() {
    }

    /**
     * Build step (Maven process-classes): compiles {@code CLASSES/rules/*.drl} and writes the packages
     * to {@code CLASSES/rules/compiled/packages.bin}. A DRL that does not compile is not precompiled:
     * the build goes on (the tests then fail), and the tool reports the located errors when it starts
     * (exit 3), as it does for a rules directory.
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
        Path out = classes.resolve(RESOURCE);
        Files.deleteIfExists(out);
        RuleSet rules;
        try {
            rules = RuleSet.compile(sources, "classpath:" + RuleSet.CLASSPATH_ROOT);
        } catch (RuleCompilationException e) {
            System.err.println("alliance-rules: the packaged rules do not compile (" + e.errors().size()
                    + " error(s), reported when the tool starts); they are not precompiled");
            return;
        }
        Files.createDirectories(out.getParent());
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out));
             ObjectOutputStream o = new DroolsObjectOutputStream(file)) {
            o.writeUTF(fingerprint(sources));
            o.writeObject(new ArrayList<>(rules.rules()));
            o.writeObject(new ArrayList<>(rules.kieBase().getKiePackages()));
        }
        System.err.println("precompiled " + rules.rules().size() + " rules into " + out);
    }

    /** The packaged rules from the precompiled packages, when they match {@code sources}. */
    static Optional<RuleSet> load(List<RuleSource> sources, String origin) {
        ClassLoader loader = PrecompiledRules.class.getClassLoader();
        try (InputStream raw = loader.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                return Optional.empty();
            }
            try (ObjectInputStream in = new DroolsObjectInputStream(new BufferedInputStream(raw), loader)) {
                if (!in.readUTF().equals(fingerprint(sources))) {
                    LOG.warn("{} does not match the packaged DRL; compiling the DRL instead", RESOURCE);
                    return Optional.empty();
                }
                @SuppressWarnings("unchecked")
                List<RuleInfo> rules = (List<RuleInfo>) in.readObject();
                @SuppressWarnings("unchecked")
                Collection<KiePackage> packages = (Collection<KiePackage>) in.readObject();
                InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase();
                kieBase.addPackages(packages);
                return Optional.of(RuleSet.of((KieBase) kieBase, rules, origin, sources));
            }
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            LOG.warn("cannot use {} ({}); compiling the DRL instead", RESOURCE, e.toString());
            return Optional.empty();
        }
    }

    /** SHA-256 over every DRL file's name and text and the Drools build that compiled them. */
    static String fingerprint(List<RuleSource> sources) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            var drools = KieBase.class.getProtectionDomain().getCodeSource();
            sha.update(String.valueOf(drools == null ? "" : Path.of(drools.getLocation().getPath()).getFileName())
                    .getBytes(StandardCharsets.UTF_8));
            for (RuleSource s : sources) {
                sha.update((s.name() + "\u0000" + s.text() + "\u0000").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
