package org.alliancerules.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One policy profile: every number the rules compare against. The engine hands the sections to the
 * rules as globals ({@code admission}, {@code check}, {@code strikes}, {@code grading}) and inserts
 * the per-level limits as facts; (P1) {@code contactQuota} and {@code showcase} are globals too, the
 * quota tiers and creator levels facts.
 */
public record Policy(String id, String version, LocalDate effectiveFrom, String source,
                     AdmissionPolicy admission, CheckPolicy check, StrikePolicy strikes,
                     GradingPolicy grading, List<LevelLimits> levels, ContactQuotaPolicy contactQuota,
                     ShowcasePolicy showcase) {

    /** "default@2022-12-30": the label results carry so a decision can be traced to its policy. */
    public String label() {
        return id + "@" + version;
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
