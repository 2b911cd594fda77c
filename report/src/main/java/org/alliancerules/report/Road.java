package org.alliancerules.report;

import java.util.List;

/**
 * One merchant's road as the report draws it: per day (the swept days of the period, oldest first) the
 * experience score and the grade after the day, the policy lines in force, the markers of its warnings,
 * closures, ban, admissions and clearance, and every decision for the table.
 *
 * @param why    why the merchant is in the report ("asked for", "2 closures in the period")
 * @param scores the experience score of each day, null where it is not known (see {@code scoreSource})
 * @param grades the grade level after each day, null while ungraded
 * @param notes  what a reader should know about the data (days without a score, a policy not packaged)
 */
public record Road(String merchantId, String why, List<String> days, List<Double> scores, List<Integer> grades,
                   List<PolicyLines.Segment> lines, List<Marker> markers, List<Row> decisions, String scoreSource,
                   List<String> notes, String stateAtEnd) {

    /** A decision drawn as a marker on the score chart. */
    public record Marker(String kind, String day, String type, String clause, String reason) {
    }

    /** A row of the decision table. */
    public record Row(String day, String type, String clause, String rule, String reason, String policy) {
    }
}
