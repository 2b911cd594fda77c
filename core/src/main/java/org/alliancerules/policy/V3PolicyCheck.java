package org.alliancerules.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Consistency checks of a profile's rule set name and its {@code v3} section (issue 14), in the style of
 * {@link PolicyLoader#check}: every problem starts with the dotted path of the value it is about.
 */
final class V3PolicyCheck {

    private static final Pattern RULE_SET = Pattern.compile("^[a-z0-9][a-z0-9-]*$");
    private static final Pattern CATEGORY = Pattern.compile("^[A-Z][A-Z_]*$");

    private V3PolicyCheck() {
    }

    static void check(Policy p, List<String> problems) {
        if (p.ruleSet() != null && !RULE_SET.matcher(p.ruleSet()).matches()) {
            problems.add("ruleSet must name a rules sub-folder in lower-case letters, digits and '-' (e.g. v3), got \""
                    + p.ruleSet() + "\"");
        }
        V3Policy v = p.v3();
        if (v == null || !v.present()) {
            if ("v3".equals(p.ruleSet())) {
                problems.add("ruleSet: the v3 rule set needs the profile's v3 section");
            }
            return;
        }
        if (v.admission() == null || v.ladder() == null || v.operating() == null || v.products() == null
                || v.settlement() == null || v.disputes() == null || v.calendar() == null) {
            problems.add("v3 must have every section: admission, ladder, operating, products, settlement, disputes, calendar");
            return;
        }
        V3Policy.Admission a = v.admission();
        PolicyLoader.score(problems, "v3.admission.enterpriseMinScore", a.enterpriseMinScore());
        PolicyLoader.score(problems, "v3.admission.individualMinScore", a.individualMinScore());
        PolicyLoader.count(problems, "v3.admission.seriousViolationLookbackDays", a.seriousViolationLookbackDays());
        PolicyLoader.count(problems, "v3.admission.minGenuineOrders", a.minGenuineOrders());
        PolicyLoader.count(problems, "v3.admission.minOperatingDays", a.minOperatingDays());
        PolicyLoader.count(problems, "v3.admission.closureWaitDays", a.closureWaitDays());
        for (int i = 0; i < a.licensedCategories().size(); i++) {
            String c = a.licensedCategories().get(i);
            if (c == null || !CATEGORY.matcher(c).matches()) {
                problems.add("v3.admission.licensedCategories[" + i + "] must be an upper-case category code such as BEAUTY, got "
                        + (c == null ? "null" : "\"" + c + "\""));
            }
        }
        V3Policy.Ladder l = v.ladder();
        boolean steps = positive(problems, "v3.ladder.warnAt", l.warnAt()) & positive(problems, "v3.ladder.closeAt", l.closeAt())
                & positive(problems, "v3.ladder.removeAt", l.removeAt());
        if (steps && !(l.warnAt() < l.closeAt() && l.closeAt() < l.removeAt())) {
            problems.add("v3.ladder.warnAt: the steps must rise: warnAt " + l.warnAt() + " < closeAt " + l.closeAt()
                    + " < removeAt " + l.removeAt());
        }
        PolicyLoader.count(problems, "v3.ladder.trafficLimitDays", l.trafficLimitDays());
        PolicyLoader.count(problems, "v3.ladder.closureDays", l.closureDays());
        V3Policy.Operating o = v.operating();
        PolicyLoader.rate(problems, "v3.operating.minFulfilmentRate", o.minFulfilmentRate());
        PolicyLoader.rate(problems, "v3.operating.maxReturnRate", o.maxReturnRate());
        PolicyLoader.amount(problems, "v3.operating.maxComplaintHours", o.maxComplaintHours());
        PolicyLoader.score(problems, "v3.operating.minExperienceScore", o.minExperienceScore());
        boolean weights = PolicyLoader.rate(problems, "v3.operating.fulfilmentWeight", o.fulfilmentWeight())
                & PolicyLoader.rate(problems, "v3.operating.returnWeight", o.returnWeight())
                & PolicyLoader.rate(problems, "v3.operating.complaintWeight", o.complaintWeight())
                & PolicyLoader.rate(problems, "v3.operating.experienceWeight", o.experienceWeight());
        double sum = o.fulfilmentWeight() + o.returnWeight() + o.complaintWeight() + o.experienceWeight();
        if (weights && Math.abs(sum - 1.0) > 1e-9) {
            problems.add("v3.operating.fulfilmentWeight: the four weights must add up to 1 (100%), got " + sum);
        }
        V3Policy.Products pr = v.products();
        boolean commission = PolicyLoader.rate(problems, "v3.products.minCommissionRate", pr.minCommissionRate())
                & PolicyLoader.rate(problems, "v3.products.maxCommissionRate", pr.maxCommissionRate());
        if (commission && pr.minCommissionRate() > pr.maxCommissionRate()) {
            problems.add("v3.products.minCommissionRate: " + pr.minCommissionRate() + " must not exceed maxCommissionRate "
                    + pr.maxCommissionRate());
        }
        boolean bpi = PolicyLoader.amount(problems, "v3.products.promoteAboveBpi", pr.promoteAboveBpi())
                & PolicyLoader.amount(problems, "v3.products.retireBelowBpi", pr.retireBelowBpi());
        if (bpi && pr.retireBelowBpi() > pr.promoteAboveBpi()) {
            problems.add("v3.products.retireBelowBpi: " + pr.retireBelowBpi() + " must not exceed promoteAboveBpi "
                    + pr.promoteAboveBpi() + " (a product cannot be promoted and retired at once)");
        }
        PolicyLoader.amount(problems, "v3.products.stockWarningMultiple", pr.stockWarningMultiple());
        PolicyLoader.count(problems, "v3.products.minImageWidth", pr.minImageWidth());
        PolicyLoader.count(problems, "v3.products.minImageHeight", pr.minImageHeight());
        PolicyLoader.count(problems, "v3.products.minSceneImages", pr.minSceneImages());
        PolicyLoader.count(problems, "v3.products.minNewProductsPerWeek", pr.minNewProductsPerWeek());
        if (pr.newProductsReviewDay() != DayOfWeek.MONDAY) {
            problems.add("v3.products.newProductsReviewDay must be MONDAY (the day after a natural week ends), got "
                    + pr.newProductsReviewDay());
        }
        V3Policy.Settlement s = v.settlement();
        PolicyLoader.rate(problems, "v3.settlement.serviceFeeRate", s.serviceFeeRate());
        try {
            java.time.ZoneId.of(s.timeZone());
        } catch (java.time.DateTimeException | NullPointerException e) {
            problems.add("v3.settlement.timeZone: unknown time zone " + (s.timeZone() == null ? "null" : "\"" + s.timeZone() + "\"")
                    + " (a region such as Asia/Shanghai)");
        }
        positive(problems, "v3.disputes.decisionWorkingDays", v.disputes().decisionWorkingDays());
        V3Policy.WorkingCalendar cal = v.calendar();
        if (cal.years().isEmpty()) {
            problems.add("v3.calendar.years must list the years the calendar covers");
        }
        Set<LocalDate> holidays = new HashSet<>();
        for (int i = 0; i < cal.holidays().size(); i++) {
            LocalDate d = cal.holidays().get(i);
            if (d == null || !cal.years().contains(d.getYear())) {
                problems.add("v3.calendar.holidays[" + i + "]: " + d + " is not in a year the calendar lists " + cal.years());
            } else if (!holidays.add(d)) {
                problems.add("v3.calendar.holidays[" + i + "]: " + d + " is listed twice");
            }
        }
        for (int i = 0; i < cal.workingWeekendDays().size(); i++) {
            LocalDate d = cal.workingWeekendDays().get(i);
            if (d == null || !cal.years().contains(d.getYear())) {
                problems.add("v3.calendar.workingWeekendDays[" + i + "]: " + d + " is not in a year the calendar lists " + cal.years());
            } else if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                problems.add("v3.calendar.workingWeekendDays[" + i + "]: " + d + " is a " + d.getDayOfWeek()
                        + ", not a Saturday or Sunday");
            } else if (holidays.contains(d)) {
                problems.add("v3.calendar.workingWeekendDays[" + i + "]: " + d + " is also listed as a holiday");
            }
        }
    }

    private static boolean positive(List<String> problems, String path, long value) {
        if (value < 1) {
            problems.add(path + " must be at least 1, got " + value);
            return false;
        }
        return true;
    }
}
