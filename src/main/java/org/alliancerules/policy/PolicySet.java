package org.alliancerules.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.alliancerules.engine.ClasspathFiles;

/** The policy profiles a request may name, by id. */
public final class PolicySet {

    private final Map<String, Policy> byId;
    private final Policy override;

    private PolicySet(Map<String, Policy> byId, Policy override) {
        this.byId = Collections.unmodifiableMap(new TreeMap<>(byId));
        this.override = override;
    }

    /** Every *.yaml in {@code dir}. */
    public static PolicySet fromDirectory(Path dir) {
        Map<String, Policy> map = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                    add(map, PolicyLoader.load(p), p.toString());
                }
            } catch (IOException e) {
                throw new PolicyException(List.of(dir + ": cannot list policies: " + e.getMessage()));
            }
        }
        return new PolicySet(map, null);
    }

    /** The packaged profiles: every rules/policy/*.yaml on the classpath. */
    public static PolicySet fromClasspath() {
        Map<String, Policy> map = new TreeMap<>();
        for (String resource : ClasspathFiles.list("rules/policy", ".yaml")) {
            byte[] bytes = ClasspathFiles.read(resource).getBytes(StandardCharsets.UTF_8);
            add(map, PolicyLoader.load(resource, new ByteArrayInputStream(bytes)), resource);
        }
        return new PolicySet(map, null);
    }

    /** This set, with one file used for every request whatever profile it names (--policy FILE). */
    public PolicySet withOverride(Policy policy) {
        return new PolicySet(byId, policy);
    }

    private static void add(Map<String, Policy> map, Policy p, String where) {
        if (map.putIfAbsent(p.id(), p) != null) {
            throw new PolicyException(List.of(where + ": a second policy with id '" + p.id() + "'"));
        }
    }

    /** The profile a request names, or null when there is none by that id. */
    public Policy find(String id) {
        return override != null ? override : byId.get(id);
    }

    /**
     * The profile a request names, when it is in effect on the day evaluated; null when there is none
     * by that id. A policy applies from its {@code effectiveFrom} on: evaluating an earlier day is
     * refused (there are no effective-dated versions of a profile yet, so no earlier one to pick).
     *
     * @throws PolicyException when {@code asOf} is before the policy's effectiveFrom; the message names
     *                         the policy, where its effectiveFrom is written, and both dates
     */
    public Policy inEffect(String id, LocalDate asOf) {
        Policy policy = find(id);
        if (policy != null) {
            PolicyLoader.checkInEffect(policy, asOf);
        }
        return policy;
    }

    public Map<String, Policy> all() {
        return byId;
    }
}
