package org.alliancerules.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

/**
 * The seed-003 profile's numbers (platform-rules.md section P2): admission by shop type (V3-ADM-1..4), the
 * violation ladder (V3-VIO-1), the operating indicators and their weights (V3-OPS-1), the product rules
 * (PRD-1..6), settlement (PRD-2), commission disputes (DSP-1) and the working-day calendar DSP-1 counts on.
 * The engine hands it to the v3 rules as the global {@code v3}; a profile without it (default) never sees it.
 */
public record V3Policy(Admission admission, Ladder ladder, Operating operating, Products products,
                       Settlement settlement, Disputes disputes, WorkingCalendar calendar) {

    /** What a profile without a {@code v3} section carries (the policy reader fills it in): no section. */
    public static final V3Policy NONE = new V3Policy(null, null, null, null, null, null, null);

    /** Whether this is a real section (not {@link #NONE}). */
    public boolean present() {
        return this != NONE;
    }

    /** V3-ADM-1..4. Scores 0..5, day counts, categories as upper-case codes. */
    public record Admission(double enterpriseMinScore, double individualMinScore, int seriousViolationLookbackDays,
                            int minGenuineOrders, int minOperatingDays, int closureWaitDays,
                            List<String> licensedCategories) {
    }

    /** V3-VIO-1: the violation count of each step, the traffic limit and the closure, in days. */
    public record Ladder(int warnAt, int trafficLimitDays, int closeAt, int closureDays, int removeAt) {
    }

    /** V3-OPS-1: each indicator's standard and weight (weights are fractions that add up to 1). */
    public record Operating(double minFulfilmentRate, double fulfilmentWeight, double maxReturnRate,
                            double returnWeight, double maxComplaintHours, double complaintWeight,
                            double minExperienceScore, double experienceWeight) {
    }

    /** PRD-1, PRD-3..6. */
    public record Products(double minCommissionRate, double maxCommissionRate, double promoteAboveBpi,
                           double retireBelowBpi, double stockWarningMultiple, int minImageWidth,
                           int minImageHeight, int minSceneImages, int minNewProductsPerWeek,
                           DayOfWeek newProductsReviewDay) {
    }

    /** PRD-2: the service fee on creator-promoted orders, the settlement weekday and its time zone. */
    public record Settlement(double serviceFeeRate, DayOfWeek settlementDay, String timeZone) {
    }

    /** DSP-1: working days the platform has to decide a commission dispute. */
    public record Disputes(int decisionWorkingDays) {
    }

    /**
     * The mainland's working-day calendar: weekends are days off, except the adjusted working days
     * (调休上班); public holidays (and their bridging days) are days off. Only the listed years are known.
     */
    public record WorkingCalendar(List<Integer> years, List<LocalDate> holidays, List<LocalDate> workingWeekendDays) {
    }
}
