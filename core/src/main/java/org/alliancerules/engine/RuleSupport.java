package org.alliancerules.engine;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.alliancerules.facts.ClosureGround;
import org.alliancerules.facts.ContactOutcome;
import org.alliancerules.facts.ContactRequest;
import org.alliancerules.facts.CreatorDecision;
import org.alliancerules.facts.PartyType;
import org.alliancerules.facts.Quota;
import org.alliancerules.facts.QuotaKind;
import org.alliancerules.facts.Decision;
import org.alliancerules.facts.DecisionType;
import org.alliancerules.facts.Penalty;
import org.alliancerules.facts.MerchantTier;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.RuleContext;

/**
 * Functions the DRL imports: the spec's day arithmetic, building a decision from the firing rule's
 * metadata, and number formatting for reasons. No business condition lives here.
 */
public final class RuleSupport {

    private RuleSupport() {
    }

    /** days(a, b): whole calendar days from a to b; days(d, d) = 0. */
    public static long days(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to);
    }

    /** date >= since; with no since (null) every date qualifies. */
    public static boolean onOrAfter(LocalDate date, LocalDate since) {
        return since == null || !date.isBefore(since);
    }

    /**
     * date > since; with no since (null) every date qualifies. (Not named {@code after}: that is a
     * temporal operator of the DRL, and the executable model cannot compile a function of that name.)
     */
    public static boolean strictlyAfter(LocalDate date, LocalDate since) {
        return since == null || date.isAfter(since);
    }

    /** A decision of the firing rule: its name and its first {@code @clause} ID are recorded. */
    public static Decision decide(RuleContext kcontext, String merchantId, DecisionType type, String reason) {
        Rule rule = kcontext.getRule();
        Object interpretation = rule.getMetaData().get("interpretation");
        return new Decision(merchantId, type, primaryClause(rule), rule.getName(), reason,
                interpretation == null ? null : interpretation.toString());
    }

    /** A closure ground found by the firing rule (its {@code @interpretation}, if any, goes with it). */
    public static ClosureGround ground(RuleContext kcontext, String merchantId, String reason) {
        Object interpretation = kcontext.getRule().getMetaData().get("interpretation");
        return new ClosureGround(merchantId, reason, interpretation == null ? null : interpretation.toString());
    }

    /**
     * The one closure decision of the firing rule for all of a member's grounds: the reasons joined
     * with "; " in a fixed order (alphabetical, so "experience score ..." comes before "violation ..."),
     * the interpretations of the grounds (and of the rule) together.
     */
    public static Decision close(RuleContext kcontext, String merchantId, DecisionType type, Collection<?> grounds) {
        List<ClosureGround> sorted = new ArrayList<>(grounds.size());
        for (Object o : grounds) {
            sorted.add((ClosureGround) o);
        }
        sorted.sort(Comparator.comparing(ClosureGround::reason));
        java.util.Set<String> interpretations = new java.util.TreeSet<>();
        Object own = kcontext.getRule().getMetaData().get("interpretation");
        if (own != null) {
            interpretations.add(own.toString());
        }
        StringBuilder reason = new StringBuilder();
        for (ClosureGround g : sorted) {
            if (reason.length() > 0) {
                reason.append("; ");
            }
            reason.append(g.reason());
            if (g.interpretation() != null) {
                interpretations.add(g.interpretation());
            }
        }
        Rule rule = kcontext.getRule();
        return new Decision(merchantId, type, primaryClause(rule), rule.getName(), reason.toString(),
                interpretations.isEmpty() ? null : String.join(", ", interpretations));
    }

    /** The first clause ID of a rule's {@code @clause("A-1, A-2")} metadata. */
    public static String primaryClause(Rule rule) {
        Object clause = rule.getMetaData().get("clause");
        if (clause == null) {
            return "";
        }
        String text = clause.toString();
        int comma = text.indexOf(',');
        return (comma < 0 ? text : text.substring(0, comma)).trim();
    }

    /**
     * Penalties for a reason, oldest first (then by shop and rule, so the text never depends on the
     * order facts were inserted): "EVASION_INFO on 2026-03-01 (266 days ago)", or with the shop first
     * "m-2004 (MERCHANT_VIOLATION on 2023-02-14)". {@code asOf} null leaves out the age.
     */
    public static String penalties(Collection<?> penalties, LocalDate asOf, boolean withShop) {
        List<Penalty> sorted = new ArrayList<>(penalties.size());
        for (Object o : penalties) {
            sorted.add((Penalty) o);
        }
        sorted.sort(Comparator.comparing(Penalty::on).thenComparing(Penalty::merchantId).thenComparing(Penalty::rule));
        StringBuilder text = new StringBuilder();
        for (Penalty p : sorted) {
            if (text.length() > 0) {
                text.append(", ");
            }
            String what = p.rule() + " on " + p.on() + (asOf == null ? "" : " (" + days(p.on(), asOf) + " days ago)");
            text.append(withShop ? p.merchantId() + " (" + what + ")" : what);
        }
        return text.toString();
    }

    /** A score with two decimals: 3.41. */
    public static String score(double value) {
        return twoDecimals(value);
    }

    /** A rate as a percentage with two decimals: 0.004 becomes 0.40%. */
    public static String pct(double rate) {
        return twoDecimals(rate * 100.0) + "%";
    }

    /** A money amount in yuan with two decimals. */
    public static String yuan(double amount) {
        return twoDecimals(amount);
    }

    /**
     * {@code String.format(Locale.ROOT, "%.2f", value)}, without the formatter's cost (it looks up the
     * locale's symbols on every call): the shortest decimal form of the double rounded half-up, as the
     * formatter does. Negative numbers and the negative zero keep the formatter.
     */
    static String twoDecimals(double value) {
        if (value >= 0 && Double.doubleToRawLongBits(value) != Long.MIN_VALUE && value < 1e15) {
            return new java.math.BigDecimal(Double.toString(value)).setScale(2, java.math.RoundingMode.HALF_UP)
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** A count or volume without a needless fraction: 150, 120.5. */
    public static String num(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return twoDecimals(value);
    }

    // ---------------------------------------------------------------- P1: messaging quotas and showcase

    /** The Monday of the natural week (Monday 00:00 to the next Monday 00:00 in {@code zone}) containing {@code at}. */
    public static LocalDate mondayOf(java.time.OffsetDateTime at, String zone) {
        LocalDate day = at.atZoneSameInstant(java.time.ZoneId.of(zone)).toLocalDate();
        return day.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
    }

    /** A number the request may leave out, as 0 when it does (the rule's reason says it was not given). */
    public static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    /** A level the request may leave out, as 0 when it does (the rule's reason says it was not given). */
    public static int levelOrZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** "merchant m-1", "team leader tl-1"; with no id, the kind alone ("team leader"). */
    public static String party(PartyType type, String id) {
        String kind = type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return id == null ? kind : kind + " " + id;
    }

    /** A merchant tier's GMV range: "GMV 10000.00 to under 100000.00 yuan", "GMV 500000.00 yuan or more". */
    public static String gmvTier(MerchantTier tier) {
        return "GMV " + yuan(tier.fromGmv()) + (tier.belowGmv() == null ? " yuan or more" : " to under " + yuan(tier.belowGmv()) + " yuan");
    }

    /** The quota that governs a request, found by the firing rule: its clause is the rule's first {@code @clause}. */
    public static Quota quota(RuleContext kcontext, ContactRequest request, LocalDate weekStart, QuotaKind kind, int limit,
                              String basis) {
        return new Quota(request.id(), request.fromType(), request.fromId(), weekStart, kind,
                primaryClause(kcontext.getRule()), limit, basis);
    }

    /**
     * The outcome of a request a quota governs: the quota's clause, what is used after it, what is left (never
     * below 0) and the week, with the reason "basis, N used, M left in the week of ...: what happened".
     */
    public static ContactOutcome contactOutcome(RuleContext kcontext, Quota quota, DecisionType type, boolean counted,
                                                int used, String what) {
        Rule rule = kcontext.getRule();
        int remaining = Math.max(0, quota.limit() - used);
        String reason = quota.basis() + ", " + used + " used, " + remaining + " left in the week of " + quota.weekStart()
                + ": " + what;
        return new ContactOutcome(quota.requestId(), type, quota.clause(), rule.getName(), reason,
                interpretation(rule), counted, quota.limit(), used, remaining, quota.weekStart());
    }

    /** A refusal that needs no quota (IMQ-1, IMQ-6): the rule's clause, not counted, nothing about a quota. */
    public static ContactOutcome contactRefusal(RuleContext kcontext, String requestId, String reason) {
        Rule rule = kcontext.getRule();
        return new ContactOutcome(requestId, DecisionType.CONTACT_REFUSED, primaryClause(rule), rule.getName(), reason,
                interpretation(rule), false, null, null, null, null);
    }

    /** A decision of the firing rule for a creator (SHW): its name and its first {@code @clause} ID are recorded. */
    public static CreatorDecision creatorDecision(RuleContext kcontext, String creatorId, DecisionType type, String reason) {
        Rule rule = kcontext.getRule();
        return new CreatorDecision(creatorId, type, primaryClause(rule), rule.getName(), reason, interpretation(rule));
    }

    private static String interpretation(Rule rule) {
        Object interpretation = rule.getMetaData().get("interpretation");
        return interpretation == null ? null : interpretation.toString();
    }

    // ---------------------------------------------------------------- P2: the seed-003 profile (issue 14)

    /**
     * Whether {@code day} is a working day of the calendar: an adjusted working weekend day (调休上班) is one, a
     * public holiday is not, otherwise Monday to Friday are.
     */
    public static boolean workingDay(LocalDate day, org.alliancerules.policy.V3Policy.WorkingCalendar calendar) {
        if (calendar.workingWeekendDays().contains(day)) {
            return true;
        }
        if (calendar.holidays().contains(day)) {
            return false;
        }
        java.time.DayOfWeek dow = day.getDayOfWeek();
        return dow != java.time.DayOfWeek.SATURDAY && dow != java.time.DayOfWeek.SUNDAY;
    }

    /**
     * The {@code n}th working day after {@code from} (the day itself not counted) on the calendar; null when
     * the count reaches a year the calendar does not list (its holidays are not known).
     */
    public static LocalDate workingDaysAfter(LocalDate from, int n,
                                             org.alliancerules.policy.V3Policy.WorkingCalendar calendar) {
        LocalDate day = from;
        int counted = 0;
        while (counted < n) {
            day = day.plusDays(1);
            if (!calendar.years().contains(day.getYear())) {
                return null;
            }
            if (workingDay(day, calendar)) {
                counted++;
            }
        }
        return day;
    }

    /** The calendar day of an instant in the time zone (a receipt confirmed at 23:30 UTC is the next day in Shanghai). */
    public static LocalDate localDay(java.time.OffsetDateTime at, String zone) {
        return at.atZoneSameInstant(java.time.ZoneId.of(zone)).toLocalDate();
    }

    /**
     * The operating indicators' verdicts in their order, "; "-joined: "fulfilment 92.00% >= 90.00% met (weight
     * 30.00%); ...".
     */
    public static String verdicts(Collection<?> verdicts) {
        List<org.alliancerules.facts.IndicatorVerdict> sorted = new ArrayList<>(verdicts.size());
        for (Object o : verdicts) {
            sorted.add((org.alliancerules.facts.IndicatorVerdict) o);
        }
        sorted.sort(Comparator.comparingInt(org.alliancerules.facts.IndicatorVerdict::order));
        StringBuilder text = new StringBuilder();
        for (org.alliancerules.facts.IndicatorVerdict v : sorted) {
            if (text.length() > 0) {
                text.append("; ");
            }
            text.append(v.text()).append(v.met() ? " met" : " not met").append(" (weight ").append(pct(v.weight())).append(')');
        }
        return text.toString();
    }

    /** A verdict of the firing rule's indicator for a shop. */
    public static org.alliancerules.facts.IndicatorVerdict verdict(String merchantId, int order, boolean met, double weight,
                                                                   String text) {
        return new org.alliancerules.facts.IndicatorVerdict(merchantId, order, met, weight, text);
    }

    /** A rate the request may leave out: "92.00%", or "not given". */
    public static String pctOrMissing(Double rate) {
        return rate == null ? "not given" : pct(rate);
    }

    /** A number the request may leave out: "4.50", or "not given". */
    public static String scoreOrMissing(Double value) {
        return value == null ? "not given" : score(value);
    }

    /** A count or volume the request may leave out: "30", or "not given". */
    public static String numOrMissing(Number value) {
        return value == null ? "not given" : num(value.doubleValue());
    }

    /**
     * A computed value rounded to 12 significant digits, so that a product of decimal inputs compares as the
     * decimal it stands for: 0.1 x 0.2 x 600 / 10 is 1.2, not 1.2000000000000002 (PRD-3, PRD-4). Only the
     * binary noise of the arithmetic goes: inputs carry far fewer digits.
     */
    public static double decimal(double value) {
        if (!Double.isFinite(value) || value == 0) {
            return value;
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(12, java.math.RoundingMode.HALF_EVEN)).doubleValue();
    }
}
