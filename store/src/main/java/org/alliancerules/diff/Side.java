package org.alliancerules.diff;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alliancerules.engine.RulesEngine;
import org.alliancerules.engine.UnknownPolicyException;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.policy.Policy;
import org.alliancerules.policy.PolicyLoader;
import org.alliancerules.policy.PolicySet;

/**
 * One side of a diff: the rules and the policy a population is evaluated under.
 *
 * @param option  the option that named it ({@code --base}, {@code --candidate}), for problems
 * @param spec    what the option said
 * @param kind    {@link #POLICY_FILE}, {@link #RULES_DIRECTORY} or {@link #PROFILE}
 * @param engine  the engine that evaluates this side
 * @param profile the profile to evaluate under; null: the one the population names (a rules directory)
 * @param rules   where the rules come from: a directory, or "packaged"
 * @param named   the policy the side names itself (a policy file, a profile's version), evaluated whatever its
 *                effectiveFrom: a diff asks what a policy would do, typically before it takes effect; null when
 *                the population's day picks it
 */
public record Side(String option, String spec, String kind, RulesEngine engine, String profile, String rules,
                   Policy named) {

    public static final String POLICY_FILE = "policy-file";
    public static final String RULES_DIRECTORY = "rules-directory";
    public static final String PROFILE = "profile";

    /** A profile name, with an optional version: {@code default}, {@code default@2022-12-30}. */
    private static final Pattern PROFILE_SPEC = Pattern.compile("^([a-z0-9][a-z0-9-]*)(?:@(.+))?$");

    /** The three accepted forms, for the refusal of a spec that is none of them. */
    static final String FORMS = "expected a policy file (*.yaml or *.yml), a rules directory (its *.drl and policy/), "
            + "or a packaged policy profile with an optional version (default, default@2022-12-30)";

    /**
     * Resolves a side from what {@code --base} or {@code --candidate} says.
     *
     * @param engines  a builder with the command's engine options (threads, limits, {@code --rules DIR})
     * @param rulesDir the command's {@code --rules DIR}, null for the packaged rules: the rules of a policy-file
     *                 or profile side, and where a profile is looked up
     * @throws InvalidInputException naming the option when the spec is none of the three forms, or names a
     *                               profile or version there is not
     */
    public static Side resolve(String option, String spec, Supplier<RulesEngine.Builder> engines, Path rulesDir) {
        String rules = rulesDir == null ? "packaged" : rulesDir.toString();
        if (spec == null || spec.isBlank()) {
            throw bad(option, spec, "is empty: " + FORMS);
        }
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
            Path file = Path.of(spec);
            if (!Files.isRegularFile(file)) {
                throw bad(option, spec, Files.isDirectory(file) ? "is a directory, not a policy file" : "no such policy file");
            }
            Policy policy = PolicyLoader.load(file);
            return new Side(option, spec, POLICY_FILE, engines.get().policy(asIfInForce(policy)).build(), null, rules, policy);
        }
        Path dir = Path.of(spec);
        if (Files.isDirectory(dir)) {
            return new Side(option, spec, RULES_DIRECTORY, engines.get().rulesDirectory(dir).policyFile(null).build(), null,
                    dir.toString(), null);
        }
        Matcher m = PROFILE_SPEC.matcher(spec);
        if (!m.matches()) {
            throw bad(option, spec, "is not a file, a directory or a profile name: " + FORMS);
        }
        RulesEngine plain = engines.get().build();
        String profile = m.group(1);
        String version = m.group(2);
        Versions found = profileVersion(plain.policies(), profile, version);
        if (found.labels().isEmpty()) {
            throw bad(option, spec, "no such file, directory or policy profile (profiles: "
                    + String.join(", ", plain.policies().all().keySet()) + " in the " + rules + " rules): " + FORMS);
        }
        if (version == null) {
            return new Side(option, spec, PROFILE, plain, profile, rules, null); // the version in force on the population's day
        }
        if (found.pinned() == null) {
            throw bad(option, spec, "the " + rules + " rules have no version " + version + " of the profile " + profile
                    + " (they have " + String.join(", ", found.labels()) + ")");
        }
        return new Side(option, spec, PROFILE, engines.get().policy(asIfInForce(found.pinned())).build(), profile, rules,
                found.pinned());
    }

    /**
     * What a policy set has of a profile: the labels (id@version) of its versions (none: no such profile), and
     * the version asked for (null when none was asked for or there is no such version).
     */
    record Versions(List<String> labels, Policy pinned) {
    }

    /**
     * The versions of {@code profile} and the one called {@code version} (may be null). The one place that
     * knows how a policy set keeps the versions of a profile.
     */
    static Versions profileVersion(PolicySet policies, String profile, String version) {
        List<Policy> versions = policies.versions(profile);
        return new Versions(versions.stream().map(Policy::label).toList(),
                version == null ? null : versions.stream().filter(p -> p.version().equals(version)).findFirst().orElse(null));
    }

    /** The policy as it is: the engine builder's {@code policy(...)} evaluates any day under it, in force or not. */
    private static Policy asIfInForce(Policy p) {
        return p;
    }

    /** The profile this side evaluates a population under, given the one the population names. */
    public String profileFor(String populationProfile) {
        return profile != null ? profile : populationProfile;
    }

    /**
     * The policy this side evaluates the population under on {@code asOf}: an unknown profile (a rules directory
     * without the population's profile) is bad input naming the option; a day before the policy's
     * effectiveFrom is the policy's own located problem.
     */
    public Policy policy(LocalDate asOf, String populationProfile) {
        if (named != null) {
            return named;
        }
        try {
            return engine.policyFor(new EvaluationRequest(asOf, profileFor(populationProfile), List.of()));
        } catch (UnknownPolicyException e) {
            throw bad(option, spec, e.getMessage().replaceFirst("^/policy: ", "") + " (the population's profile)");
        }
    }

    private static InvalidInputException bad(String option, String spec, String message) {
        return new InvalidInputException(List.of(new Problem(option, "", 0, 0, "'" + spec + "' " + message)));
    }
}
