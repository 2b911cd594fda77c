package org.alliancerules.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.OptBoolean;

/**
 * One policy profile: every number the rules compare against. The engine hands the sections to the
 * rules as globals ({@code admission}, {@code check}, {@code strikes}, {@code grading}) and inserts
 * the per-level limits as facts; (P1) {@code contactQuota} and {@code showcase} are globals too, the
 * quota tiers and creator levels facts.
 *
 * <p>A profile may have several versions, one file each: a version is in force from its
 * {@code effectiveFrom} to its {@code effectiveTo} (optional: when absent, until the day before the next
 * version's {@code effectiveFrom}, or for good when it is the last). See {@link PolicySet#inEffect}.
 *
 * <p>Optional (a profile may leave them out): {@code ruleSet}, the rule set
 * the profile runs (default: the top-level DRL), and {@code v3}, the seed-003 profile's numbers (P2).
 */
public record Policy(String id, String version, LocalDate effectiveFrom,
                     @JacksonInject(value = "effectiveTo", useInput = OptBoolean.TRUE)
                     @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate effectiveTo,
                     String source,
                     AdmissionPolicy admission, CheckPolicy check, StrikePolicy strikes,
                     GradingPolicy grading, List<LevelLimits> levels, ContactQuotaPolicy contactQuota,
                     ShowcasePolicy showcase,
                     @JacksonInject(value = "optional:ruleSet", useInput = OptBoolean.TRUE)
                     @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = DefaultRuleSet.class) String ruleSet,
                     @JacksonInject(value = "optional:v3", useInput = OptBoolean.TRUE)
                     @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = NoV3.class) V3Policy v3) {

    /**
     * Leaves {@code ruleSet} out of a profile's JSON when it is the default: a profile without the optional
     * sections writes (and so checksums, e.g. in the sweep's runs) exactly as before issue 14.
     */
    public static final class DefaultRuleSet {
        @Override
        public boolean equals(Object value) {
            return value == null || DEFAULT_RULE_SET.equals(value);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** Leaves {@code v3} out of a profile's JSON when the profile has no such section. */
    public static final class NoV3 {
        @Override
        public boolean equals(Object value) {
            return value == null || value == V3Policy.NONE;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    /** The rule set of a profile that names none: the DRL at the top of the rules directory. */
    public static final String DEFAULT_RULE_SET = "default";

    /**
     * The rule set this profile runs: {@link #DEFAULT_RULE_SET}, or the name of a sub-folder of the rules
     * directory with its own DRL (its own KieBase), e.g. "v3" for rules/v3/.
     */
    public String ruleSetOrDefault() {
        return ruleSet == null || ruleSet.isBlank() ? DEFAULT_RULE_SET : ruleSet;
    }

    /** What the policy reader passes for an absent effectiveTo (it refuses null values); stored as null. */
    static final LocalDate OPEN_ENDED = LocalDate.MAX;

    public Policy {
        if (OPEN_ENDED.equals(effectiveTo)) {
            effectiveTo = null;
        }
    }

    /** "default@2022-12-30": the label results carry so a decision can be traced to its policy. */
    public String label() {
        return id + "@" + version;
    }

    /** Whether this version is in force on {@code day} by its own dates (the next version's start aside). */
    public boolean covers(LocalDate day) {
        return !day.isBefore(effectiveFrom) && (effectiveTo == null || !day.isAfter(effectiveTo));
    }

    /** The facts the rules join on. */
    public List<Object> facts() {
        List<Object> facts = new ArrayList<>();
        facts.add(admission);
        facts.add(check);
        facts.add(strikes);
        facts.add(grading);
        facts.addAll(levels);
        return facts;
    }
}
