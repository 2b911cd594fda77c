package org.alliancerules.report;

import java.util.List;
import java.util.Map;

/**
 * What the population charts show, already aggregated: per day the decisions by type and the merchants by
 * grade, the merchants one closure away from the ban, and the admission denials by clause.
 *
 * @param decisionsByType decision type to its count on each of {@code days}
 * @param gradesByLevel   "LV0".."LV7" to the merchants at that level after each of {@code days}
 * @param banAt           the closures that ban (the policy's {@code strikes.banAtClosures}); 0 when unknown
 * @param oneAwayTotal    merchants with {@code banAt - 1} closures after the last day
 * @param oneAway         the first of them (at most {@link #LIST_LIMIT}), latest closure first
 */
public record Population(List<String> days, Map<String, List<Long>> decisionsByType,
                         Map<String, List<Long>> gradesByLevel, int banAt, long oneAwayTotal, List<Away> oneAway,
                         List<Denials> denials, List<String> notes) {

    /** The merchants one closure from the ban listed at most (the total is always given). */
    public static final int LIST_LIMIT = 200;

    /** A merchant one closure away from the ban. */
    public record Away(String merchantId, int closures, String lastClosedOn, boolean member) {
    }

    /** Admission denials of one clause in the period: decisions (merchant-days) and distinct merchants. */
    public record Denials(String clause, long decisions, long merchants) {
    }
}
