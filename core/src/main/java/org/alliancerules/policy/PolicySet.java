package org.alliancerules.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.alliancerules.engine.ClasspathFiles;

/**
 * The policy profiles a request may name, by id, each with its versions. A profile may have several
 * files (for example {@code default.yaml} and {@code default-2026-12-01.yaml}), all with the same
 * {@code id}; each is one version, in force from its {@code effectiveFrom} to its {@code effectiveTo}, or,
 * without one, until the day before the next version's {@code effectiveFrom}. The versions of a profile
 * may neither overlap nor leave a gap: that is refused when the set is read, every problem located.
 */
public final class PolicySet {

    /** Profile id → its versions, by effectiveFrom. */
    private final Map<String, List<Policy>> versions;
    private final Policy override;
    /** The profile used whatever a request names (--policy-profile); null: the request's own. */
    private final String profile;
    /** The override is used on any day, in force or not (diff: what would this version have done?). */
    private final boolean overrideAnyDay;

    private PolicySet(Map<String, List<Policy>> versions, Policy override) {
        this(versions, override, null, false);
    }

    private PolicySet(Map<String, List<Policy>> versions, Policy override, String profile, boolean overrideAnyDay) {
        Map<String, List<Policy>> copy = new TreeMap<>();
        versions.forEach((id, list) -> copy.put(id, List.copyOf(list)));
        this.versions = Collections.unmodifiableMap(copy);
        this.override = override;
        this.profile = profile;
        this.overrideAnyDay = overrideAnyDay;
    }

    /**
     * Every *.yaml in {@code dir}.
     *
     * @throws PolicyException with every problem of every file, and of the versions taken together
     */
    public static PolicySet fromDirectory(Path dir) {
        List<Policy> loaded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList()) {
                    try {
                        loaded.add(PolicyLoader.load(p));
                    } catch (PolicyException e) {
                        problems.addAll(e.problems());
                    }
                }
            } catch (IOException e) {
                throw new PolicyException(List.of(dir + ": cannot list policies: " + e.getMessage()));
            }
        }
        return of(loaded, problems);
    }

    /** The packaged profiles: every rules/policy/*.yaml on the classpath. */
    public static PolicySet fromClasspath() {
        List<Policy> loaded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String resource : ClasspathFiles.list("rules/policy", ".yaml")) {
            byte[] bytes = ClasspathFiles.read(resource).getBytes(StandardCharsets.UTF_8);
            try {
                loaded.add(PolicyLoader.load(resource, new ByteArrayInputStream(bytes)));
            } catch (PolicyException e) {
                problems.addAll(e.problems());
            }
        }
        return of(loaded, problems);
    }

    /**
     * A set of loaded policies, grouped into profiles by id.
     *
     * @throws PolicyException with {@code problems} and those of the versions taken together
     */
    static PolicySet of(List<Policy> policies, List<String> problems) {
        Map<String, List<Policy>> byId = new TreeMap<>();
        for (Policy p : policies) {
            byId.computeIfAbsent(p.id(), k -> new ArrayList<>()).add(p);
        }
        List<String> all = new ArrayList<>(problems);
        byId.values().forEach(list -> {
            list.sort(Comparator.comparing(Policy::effectiveFrom));
            all.addAll(checkVersions(list));
        });
        if (!all.isEmpty()) {
            throw new PolicyException(all);
        }
        return new PolicySet(byId, null);
    }

    /**
     * The problems of one profile's versions (sorted by effectiveFrom): two with one version name or one
     * effectiveFrom, and one in force until after the next takes effect (overlap) or ending more than a day
     * before it (gap). Each is located at the effectiveFrom or effectiveTo it is about.
     */
    static List<String> checkVersions(List<Policy> sorted) {
        List<String> problems = new ArrayList<>();
        Map<String, Policy> byVersion = new LinkedHashMap<>();
        for (Policy p : sorted) {
            Policy before = byVersion.putIfAbsent(p.version(), p);
            if (before != null) {
                problems.add(PolicyLoader.effectiveFromAt(p) + ": version: policy " + p.id() + " has two files with version "
                        + p.version() + " (the other: " + PolicyLoader.effectiveFromAt(before)
                        + "); give each version its own name");
            }
        }
        for (int i = 1; i < sorted.size(); i++) {
            Policy a = sorted.get(i - 1);
            Policy b = sorted.get(i);
            if (a.effectiveFrom().equals(b.effectiveFrom())) {
                problems.add(PolicyLoader.effectiveFromAt(b) + ": effectiveFrom: versions " + a.label() + " and "
                        + b.label() + " both take effect on " + b.effectiveFrom() + " (" + PolicyLoader.effectiveFromAt(a)
                        + "); only one version of a profile is in force on a day");
            } else if (a.effectiveTo() != null && !a.effectiveTo().isBefore(b.effectiveFrom())) {
                problems.add(PolicyLoader.effectiveToAt(a) + ": effectiveTo: version " + a.label() + " is in force until "
                        + a.effectiveTo() + ", but version " + b.label() + " takes effect on " + b.effectiveFrom() + " ("
                        + PolicyLoader.effectiveFromAt(b) + "): the versions overlap from " + b.effectiveFrom()
                        + "; end " + a.label() + " on " + b.effectiveFrom().minusDays(1) + " or leave its effectiveTo out");
            } else if (a.effectiveTo() != null && a.effectiveTo().plusDays(1).isBefore(b.effectiveFrom())) {
                problems.add(PolicyLoader.effectiveToAt(a) + ": effectiveTo: version " + a.label() + " ends on "
                        + a.effectiveTo() + " and the next, " + b.label() + ", takes effect on " + b.effectiveFrom() + " ("
                        + PolicyLoader.effectiveFromAt(b) + "): no version of " + a.id() + " is in force from "
                        + a.effectiveTo().plusDays(1) + " to " + b.effectiveFrom().minusDays(1)
                        + "; end " + a.label() + " on " + b.effectiveFrom().minusDays(1) + " or leave its effectiveTo out");
            }
        }
        return problems;
    }

    /** This set, with one file used for every request whatever profile it names (--policy FILE). */
    public PolicySet withOverride(Policy policy) {
        return new PolicySet(versions, policy, profile, false);
    }

    /**
     * This set, with one policy used for every request on any day, whether or not its dates put it in force
     * then: what a version would have done on a day it was not (or not yet) in force ({@code diff}).
     */
    public PolicySet withOverrideOnAnyDay(Policy policy) {
        return new PolicySet(versions, policy, profile, true);
    }

    /**
     * This set, with one profile used for every request whatever profile it names (--policy-profile):
     * the version of that profile in force on the request's day.
     *
     * @throws IllegalArgumentException when there is no such profile; the message lists the profiles
     */
    public PolicySet withProfile(String id) {
        if (find(id) == null && override == null) {
            throw new IllegalArgumentException("no policy profile '" + id + "' (profiles: " + String.join(", ", labels()) + ")");
        }
        return new PolicySet(versions, override, id, overrideAnyDay);
    }

    /** The file given with --policy, used whatever profile a request names; null when there is none. */
    public Policy override() {
        return override;
    }

    /**
     * A profile by name: {@code "default"} is its latest version, {@code "default@2022-12-30"} that version;
     * null when there is none by that name (with --policy FILE: that file, whatever the name).
     */
    public Policy find(String spec) {
        if (override != null) {
            return override;
        }
        if (profile != null && spec != null && !spec.equals(profile)) {
            return find(profile);
        }
        if (spec == null) {
            return null;
        }
        int at = spec.indexOf('@');
        List<Policy> list = versions.get(at < 0 ? spec : spec.substring(0, at));
        if (list == null) {
            return null;
        }
        if (at < 0) {
            return list.get(list.size() - 1);
        }
        String version = spec.substring(at + 1);
        return list.stream().filter(p -> p.version().equals(version)).findFirst().orElse(null);
    }

    /**
     * The version of a profile in force on the day evaluated; null when there is no profile by that id.
     *
     * @throws PolicyException when no version of the profile is in force on {@code asOf} (before the first
     *                         version takes effect, or after the last one's effectiveTo); the message names
     *                         the version, where its date is written, and both dates
     */
    public Policy inEffect(String id, LocalDate asOf) {
        if (override != null) {
            if (!overrideAnyDay) {
                PolicyLoader.checkInEffect(override, asOf);
            }
            return override;
        }
        if (profile != null && !profile.equals(id)) {
            return inEffect(profile, asOf);
        }
        List<Policy> list = id == null ? null : versions.get(id);
        if (list == null) {
            return id != null && id.contains("@") ? pinned(id, asOf) : null;
        }
        if (asOf == null) {
            return list.get(list.size() - 1);
        }
        Policy chosen = list.get(0);
        for (Policy p : list) {
            if (!asOf.isBefore(p.effectiveFrom())) {
                chosen = p;
            }
        }
        PolicyLoader.checkInEffect(chosen, asOf);
        return chosen;
    }

    /** "id@version" named outright: that version, which must be in force on the day evaluated. */
    private Policy pinned(String spec, LocalDate asOf) {
        Policy p = find(spec);
        if (p != null) {
            PolicyLoader.checkInEffect(p, asOf);
        }
        return p;
    }

    /** Each profile's latest version, by id. */
    public Map<String, Policy> all() {
        Map<String, Policy> latest = new TreeMap<>();
        versions.forEach((id, list) -> latest.put(id, list.get(list.size() - 1)));
        return Collections.unmodifiableMap(latest);
    }

    /** The versions of a profile, by effectiveFrom; empty when there is no such profile. */
    public List<Policy> versions(String id) {
        return versions.getOrDefault(id, List.of());
    }

    /** Every profile's versions ("default@2022-12-30, default@2026-12-01"), for messages that list them. */
    public List<String> labels() {
        List<String> labels = new ArrayList<>();
        versions.values().forEach(list -> list.forEach(p -> labels.add(p.label())));
        return labels;
    }
}
