package org.alliancerules.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JacksonInject;
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
 */
public record Policy(String id, String version, LocalDate effectiveFrom,
                     @JacksonInject(value = "effectiveTo", useInput = OptBoolean.TRUE) LocalDate effectiveTo,
                     String source,
                     AdmissionPolicy admission, CheckPolicy check, StrikePolicy strikes,
                     GradingPolicy grading, List<LevelLimits> levels, ContactQuotaPolicy contactQuota,
                     ShowcasePolicy showcase) {

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
