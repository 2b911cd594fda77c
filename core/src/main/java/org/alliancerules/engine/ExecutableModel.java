package org.alliancerules.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.drools.compiler.kie.builder.impl.InternalKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.KieModule;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * Drools' executable model of the DRL: the rules turned into Java (constraints and consequences as
 * lambdas, no MVEL) and compiled once into a KIE module. {@link #build} makes the module's bytes (at
 * build time for the packaged rules, and for the cache of an analyst's rules directory); {@link #load}
 * turns them into a KieBase without parsing or compiling anything.
 *
 * <p>Errors are not reported from here: the DRL is always compiled by the classic compiler first
 * ({@link RuleSet#compile}), which locates every problem as file:line:col.
 */
final class ExecutableModel {

    private static final String DEFAULT_PACKAGE = "org.alliancerules.rules";
    /** A DRL file's package declaration (Java identifiers only: anything else is the compiler's to report). */
    private static final java.util.regex.Pattern PACKAGE =
            java.util.regex.Pattern.compile("(?m)^\\s*package\\s+([A-Za-z_][\\w]*(?:\\.[A-Za-z_][\\w]*)*)\\s*;?");

    private ExecutableModel() {
    }

    /** The KIE module of these DRL sources, compiled to the executable model, as jar bytes. */
    static byte[] build(List<RuleSource> sources, String fingerprint) {
        KieServices ks = KieServices.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId id = ks.newReleaseId("org.alliancerules", "rules-" + fingerprint.substring(0, 16), "1.0.0");
        kfs.generateAndWritePomXML(id);
        // each file in the folder of the package it declares, the KieBase over those packages: the default rule
        // set's org.alliancerules.rules, a profile's own (issue 14: rules/v3 declares org.alliancerules.rules.v3)
        java.util.Set<String> packages = new java.util.TreeSet<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        for (RuleSource s : sources) {
            java.util.regex.Matcher declared = PACKAGE.matcher(s.text());
            String pkg = declared.find() ? declared.group(1) : DEFAULT_PACKAGE;
            packages.add(pkg);
            String folder = "src/main/resources/" + pkg.replace('.', '/') + "/";
            String name = s.name().replaceAll("[^A-Za-z0-9._/-]", "_");
            name = name.substring(name.lastIndexOf('/') + 1);
            for (int i = 2; !used.add(folder + name); i++) { // the same file name in two sub-folders
                name = i + "_" + name;
            }
            kfs.write(folder + name, s.text().getBytes(StandardCharsets.UTF_8));
        }
        packages.add(DEFAULT_PACKAGE);
        kfs.writeKModuleXML("<kmodule xmlns=\"http://www.drools.org/xsd/kmodule\">"
                + "<kbase name=\"rules\" default=\"true\" packages=\"" + String.join(",", packages) + "\"/></kmodule>");
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the executable model does not compile: " + errors);
        }
        byte[] bytes = ((InternalKieModule) builder.getKieModule()).getBytes();
        ks.getRepository().removeKieModule(id);
        return bytes;
    }

    /** A KieBase from a module made by {@link #build}. */
    static KieBase load(byte[] module) {
        KieServices ks = KieServices.get();
        KieModule km = ks.getRepository().addKieModule(ks.getResources().newByteArrayResource(module));
        return ks.newKieContainer(km.getReleaseId()).getKieBase();
    }
}
