package org.alliancerules.bench;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DailyFigures;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.GradeState;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;
import org.alliancerules.model.Metrics30d;
import org.alliancerules.model.NextState;
import org.alliancerules.model.PenaltyInput;
import org.alliancerules.policy.GradingPolicy;
import org.alliancerules.policy.LevelLimits;
import org.alliancerules.policy.Policy;

/**
 * A plain-Java reference implementation of the P0 decisions (ADM, CHK, STR, GRD) of the default
 * policy, written from {@code platform-rules.md} and the project's readings PR-1..PR-12
 * ({@code rules/INTERPRETATIONS.md}), independently of the DRL. It takes its numbers from a
 * {@link Policy}. It is a test and benchmark instrument only: the product never calls it.
 *
 * <p>Results have the engine's shape (decision type and clause per merchant, next state); the rule
 * name is "oracle" and reasons are short.
 */
public final class Oracle {

    private static final String RULE = "oracle";

    private final Policy policy;
    private final LevelLimits[] levels;

    public Oracle(Policy policy) {
        this.policy = policy;
        GradingPolicy g = policy.grading();
        this.levels = new LevelLimits[g.maxLevel() + 1];
        for (LevelLimits l : policy.levels()) {
            if (l.level() >= 0 && l.level() < levels.length) {
                levels[l.level()] = l;
            }
        }
    }

    public EvaluationResult evaluate(EvaluationRequest request) {
        LocalDate asOf = request.asOf();
        List<MerchantInput> ms = request.merchants();
        // ADM-5 (PR-2): per controller, how many of its shops carry a severe penalty (any date).
        Map<String, Integer> severeShops = new HashMap<>();
        for (MerchantInput m : ms) {
            if (m.controllerId() != null && hasSevere(m)) {
                severeShops.merge(m.controllerId(), 1, Integer::sum);
            }
        }
        List<MerchantResult> out = new ArrayList<>(ms.size());
        for (MerchantInput m : ms) {
            boolean siblingSevere = false;
            if (m.controllerId() != null) {
                int n = severeShops.getOrDefault(m.controllerId(), 0);
                siblingSevere = n - (hasSevere(m) ? 1 : 0) > 0;
            }
            out.add(evaluate(asOf, m, siblingSevere));
        }
        return new EvaluationResult(asOf, policy.label(), out);
    }

    private static boolean hasSevere(MerchantInput m) {
        for (PenaltyInput p : m.penalties()) {
            if (p.severe()) {
                return true;
            }
        }
        return false;
    }

    /** One merchant; {@code siblingSevere}: another shop of its controller in the evaluation has a severe penalty. */
    public MerchantResult evaluate(LocalDate asOf, MerchantInput m, boolean siblingSevere) {
        List<DecisionView> ds = new ArrayList<>(4);
        AllianceState a = m.alliance() == null ? AllianceState.NONE : m.alliance();
        AllianceState nextAlliance = a.member() ? check(asOf, m, a, ds) : admit(asOf, m, a, siblingSevere, ds);
        GradeState nextGrade = grade(asOf, m, ds);
        ds.sort(java.util.Comparator.comparing(DecisionView::type).thenComparing(DecisionView::clause));
        return new MerchantResult(m.id(), List.copyOf(ds), new NextState(nextAlliance, nextGrade));
    }

    // ------------------------------------------------------------------ ADM (non-members)

    private AllianceState admit(LocalDate asOf, MerchantInput m, AllianceState a, boolean siblingSevere,
                                List<DecisionView> ds) {
        int before = ds.size();
        // ADM-1, PR-3: onboarded and shop open, both stated
        if (m.onboardedOn() == null || !Boolean.TRUE.equals(m.shopOpen())) {
            deny(ds, "ADM-1");
        }
        // ADM-2: account and business normal (one clause, one decision)
        if (!Boolean.TRUE.equals(m.accountNormal()) || !Boolean.TRUE.equals(m.businessNormal())) {
            deny(ds, "ADM-2");
        }
        // ADM-3, I-6, PR-3
        Double score = m.experienceScore();
        if (score != null) {
            if (score < policy.admission().minScore()) {
                deny(ds, "ADM-3");
            }
        } else if (m.onboardedOn() == null
                || days(m.onboardedOn(), asOf) >= policy.admission().newMerchantGraceDays()) {
            deny(ds, "ADM-3");
        }
        // ADM-4, PR-1: own penalty of a listed kind within the look-back
        for (PenaltyInput p : m.penalties()) {
            if (policy.admission().penaltyRules().contains(p.rule())
                    && days(p.on(), asOf) < policy.admission().penaltyLookbackDays()) {
                deny(ds, "ADM-4");
                break;
            }
        }
        // ADM-5, PR-2
        if (siblingSevere) {
            deny(ds, "ADM-5");
        }
        // ADM-6
        if (!Boolean.TRUE.equals(m.brandQualified())) {
            deny(ds, "ADM-6");
        }
        // ADM-7
        if (a.closures() >= policy.strikes().banAtClosures()) {
            deny(ds, "ADM-7");
        }
        if (ds.size() > before) {
            return a;
        }
        ds.add(new DecisionView("ADMITTED", "ADM-8", RULE, "meets ADM-1..7", null));
        return new AllianceState(true, asOf, a.closures(), a.closedOn());
    }

    private static void deny(List<DecisionView> ds, String clause) {
        ds.add(new DecisionView("ADMISSION_DENIED", clause, RULE, "fails " + clause, null));
    }

    // ------------------------------------------------------------------ CHK / STR (members)

    private AllianceState check(LocalDate asOf, MerchantInput m, AllianceState a, List<DecisionView> ds) {
        // CHK-2, PR-4: two grounds (the score, clearance violations since the current admission, I-5),
        // however many apply: one closure, one ALLIANCE_CLOSED naming each ground.
        List<String> grounds = new ArrayList<>(2);
        Double score = m.experienceScore();
        if (score != null && score < policy.check().closureBelow()) { // PR-5: no score, no score ground
            grounds.add("score " + score);
        }
        for (PenaltyInput p : m.penalties()) {
            if (p.clearance() && (a.admittedOn() == null || !p.on().isBefore(a.admittedOn()))) {
                grounds.add("clearance " + p.rule() + " " + p.on());
                break; // several clearance violations are one ground
            }
        }
        if (!grounds.isEmpty()) {
            ds.add(new DecisionView("ALLIANCE_CLOSED", "CHK-2", RULE, String.join("; ", grounds), null));
        }
        if (grounds.isEmpty()) {
            // CHK-1, I-1, I-2
            if (score != null && score < policy.check().warningBelow()) {
                ds.add(new DecisionView("ALLIANCE_WARNING", "CHK-1", RULE, "score " + score, null));
            }
            return a;
        }
        ds.add(new DecisionView("PROMOTIONS_UNBOUND", "CHK-3", RULE, "closed", null));
        int closures = a.closures() + 1; // STR-1: one closure a day whatever the grounds (PR-4)
        if (closures == policy.strikes().banAtClosures()) {
            ds.add(new DecisionView("PERMANENTLY_BANNED", "STR-2", RULE, "closure " + closures, null)); // PR-6
        }
        return new AllianceState(false, null, closures, asOf);
    }

    // ------------------------------------------------------------------ GRD

    private GradeState grade(LocalDate asOf, MerchantInput m, List<DecisionView> ds) {
        GradingPolicy g = policy.grading();
        // GRD-1 scope
        if (m.category() == null || !g.categories().contains(m.category())
                || m.onboardedOn() == null || !m.onboardedOn().isBefore(g.onboardedBefore())) {
            return m.grade();
        }
        GradeState in = m.grade();
        int level;
        LocalDate changed;
        LocalDate lv0Since;
        if (in == null || in.level() == null) {
            level = g.initialLevel(); // GRD-2: not a level change (PR-9)
            changed = in == null ? null : in.lastChangedOn();
            lv0Since = null;
        } else {
            level = in.level();
            changed = in.lastChangedOn();
            lv0Since = in.lv0Since();
        }
        Metrics30d x = m.metrics30d();
        LevelLimits lim = levels[level];
        // GRD-3/4/5, PR-7, PR-9, I-4
        if (x != null && (changed == null || !asOf.isBefore(changed.plusDays(g.cadenceDays())))) {
            boolean up = level < g.maxLevel()
                    && x.complaintRate() < g.upgrade().complaintRate()
                    && x.productGoodRate() > g.upgrade().productGoodRate()
                    && x.serviceGoodRate() > g.upgrade().serviceGoodRate()
                    && x.avgDailyOrders() > lim.upgradeOrders()
                    && x.avgDailyGmv() > lim.upgradeGmv();
            boolean down = level > g.minLevel()
                    && (x.complaintRate() > g.downgrade().complaintRate()
                    || x.productGoodRate() < g.downgrade().productGoodRate()
                    || x.serviceGoodRate() < g.downgrade().serviceGoodRate()
                    || x.avgDailyOrders() < lim.downgradeOrders()
                    || x.avgDailyGmv() < lim.downgradeGmv());
            if (up) {
                ds.add(new DecisionView("GRADE_UP", "GRD-3", RULE, "LV" + level + "->LV" + (level + 1), null));
                return new GradeState(level + 1, asOf, null);
            }
            if (down) {
                ds.add(new DecisionView("GRADE_DOWN", "GRD-4", RULE, "LV" + level + "->LV" + (level - 1), null));
                return new GradeState(level - 1, asOf, level - 1 == g.minLevel() ? asOf : null);
            }
        }
        // GRD-6, PR-8, PR-10
        if (x != null && level < g.maxLevel()
                && x.complaintRate() < g.upgrade().complaintRate()
                && x.productGoodRate() > g.upgrade().productGoodRate()
                && x.serviceGoodRate() > g.upgrade().serviceGoodRate()) {
            for (DailyFigures d : m.daily()) {
                if ((changed == null || d.day().isAfter(changed))
                        && d.orders() >= g.fastUpgradeVolumeShare() * lim.dailyOrderLimit()
                        && d.gmv() >= g.fastUpgradeVolumeShare() * lim.dailyGmvLimit()
                        && d.reviewRate() >= g.fastUpgradeMinReviewRate()
                        && d.productGoodRate() > g.upgrade().productGoodRate()
                        && d.serviceGoodRate() > g.upgrade().serviceGoodRate()) {
                    ds.add(new DecisionView("GRADE_FAST_UP", "GRD-6", RULE, "day " + d.day(), null));
                    return new GradeState(level + 1, asOf, null);
                }
            }
        }
        // GRD-7, PR-11: judged after the day's grading; the state is unchanged
        if (level == g.minLevel() && lv0Since != null && days(lv0Since, asOf) >= g.clearanceDays()) {
            ds.add(new DecisionView("CLEARED_OUT", "GRD-7", RULE, "LV0 since " + lv0Since, null));
        }
        return new GradeState(level, changed, lv0Since);
    }

    /** days(a, b): whole calendar days from a to b. */
    static long days(LocalDate a, LocalDate b) {
        return ChronoUnit.DAYS.between(a, b);
    }
}
