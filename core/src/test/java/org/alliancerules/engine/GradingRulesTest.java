package org.alliancerules.engine;

import static org.alliancerules.engine.EngineHarness.POLICY;
import static org.alliancerules.engine.EngineHarness.decisions;
import static org.alliancerules.engine.EngineHarness.decisionsOf;
import static org.alliancerules.engine.EngineHarness.evaluate;
import static org.alliancerules.engine.EngineHarness.one;
import static org.alliancerules.engine.MerchantBuilder.AS_OF;
import static org.alliancerules.engine.MerchantBuilder.daysAgo;
import static org.alliancerules.engine.MerchantBuilder.merchant;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.alliancerules.model.GradeState;
import org.alliancerules.model.MerchantResult;
import org.alliancerules.policy.LevelLimits;
import org.junit.jupiter.api.Test;

/**
 * GRD-1..GRD-8 and I-4. The seed's indicator table is missing, so volumes are read from the
 * policy's placeholder table; the structure (80%, 10%, 30 and 60 days, LV0..LV7) is the spec's.
 */
class GradingRulesTest {

    private static LevelLimits limits(int level) {
        return POLICY.levels().stream().filter(l -> l.level() == level).findFirst().orElseThrow();
    }

    /** Every indicator better than its upgrade value at this level. */
    private static MerchantBuilder excellent(MerchantBuilder b, int level) {
        LevelLimits l = limits(level);
        return b.metrics(0.001, 0.99, 0.99, l.upgradeOrders() + 1, l.upgradeGmv() + 1);
    }

    /** No indicator better than its upgrade value nor worse than its downgrade value. */
    private static MerchantBuilder ordinary(MerchantBuilder b, int level) {
        LevelLimits l = limits(level);
        return b.metrics(0.01, 0.90, 0.90, l.downgradeOrders(), l.downgradeGmv());
    }

    @Test
    void grd1_onlyFreshProduceOnboardedBefore20220909IsGraded() {
        MerchantBuilder inScope = excellent(merchant("m").gradable().onboardedOn(LocalDate.of(2022, 9, 8))
                .member(daysAgo(100), 0).grade(2, daysAgo(40), null), 2);
        assertThat(decisionsOf(inScope.build())).containsExactly("GRADE_UP GRD-3");

        MerchantResult onCutoff = one(excellent(merchant("m").gradable().onboardedOn(LocalDate.of(2022, 9, 9))
                .member(daysAgo(100), 0).grade(2, daysAgo(40), null), 2).build());
        assertThat(decisions(onCutoff)).isEmpty();
        assertThat(onCutoff.next().grade()).isEqualTo(new GradeState(2, daysAgo(40), null));

        MerchantResult otherCategory = one(excellent(merchant("m").gradable().category("FOOD")
                .member(daysAgo(100), 0).grade(2, daysAgo(40), null), 2).build());
        assertThat(decisions(otherCategory)).isEmpty();
    }

    @Test
    void grd2_anUngradedInScopeMerchantStartsAtLv1() {
        MerchantResult r = one(ordinary(merchant("m").gradable().member(daysAgo(10), 0), 1).build());
        assertThat(decisions(r)).isEmpty();
        assertThat(r.next().grade().level()).isEqualTo(1);
    }

    @Test
    void grd3_upgradeRaisesOneLevelAndRecordsTheChange() {
        MerchantResult r = one(excellent(merchant("m").gradable().member(daysAgo(10), 0).grade(4, daysAgo(30), null), 4).build());
        assertThat(decisions(r)).containsExactly("GRADE_UP GRD-3");
        assertThat(r.next().grade()).isEqualTo(new GradeState(5, AS_OF, null));
    }

    @Test
    void grd3_anIndicatorEqualToItsUpgradeValueIsNotBetter() {
        LevelLimits l = limits(3);
        var upgrade = POLICY.grading().upgrade();
        MerchantBuilder b = merchant("m").gradable().member(daysAgo(10), 0).grade(3, daysAgo(31), null)
                .metrics(upgrade.complaintRate(), 0.99, 0.99, l.upgradeOrders() + 1, l.upgradeGmv() + 1);
        assertThat(decisionsOf(b.build())).isEmpty();
        b.metrics(0.001, 0.99, 0.99, l.upgradeOrders(), l.upgradeGmv() + 1);
        assertThat(decisionsOf(b.build())).isEmpty();
    }

    @Test
    void grd3_lv7IsTheCapAndLv6RisesToIt() {
        assertThat(decisionsOf(excellent(merchant("m").gradable().grade(7, daysAgo(60), null), 7).build())).isEmpty();
        MerchantResult r = one(excellent(merchant("m").gradable().grade(6, daysAgo(60), null), 6).build());
        assertThat(decisions(r)).containsExactly("GRADE_UP GRD-3");
        assertThat(r.next().grade().level()).isEqualTo(7);
    }

    @Test
    void grd4_anyIndicatorWorseThanItsDowngradeValueDropsOneLevel() {
        var down = POLICY.grading().downgrade();
        LevelLimits l = limits(3);
        MerchantResult r = one(merchant("m").gradable().grade(3, daysAgo(45), null)
                .metrics(down.complaintRate() + 0.001, 0.90, 0.90, l.downgradeOrders() + 1, l.downgradeGmv() + 1).build());
        assertThat(decisions(r)).containsExactly("GRADE_DOWN GRD-4");
        assertThat(r.decisions().get(0).reason()).contains("complaint rate");
        assertThat(r.next().grade()).isEqualTo(new GradeState(2, AS_OF, null));

        MerchantResult orders = one(merchant("m").gradable().grade(3, daysAgo(45), null)
                .metrics(0.01, 0.90, 0.90, l.downgradeOrders() - 1, l.downgradeGmv() + 1).build());
        assertThat(decisions(orders)).containsExactly("GRADE_DOWN GRD-4");
        assertThat(orders.decisions().get(0).reason()).contains("avg daily orders");
    }

    @Test
    void grd4_lv0IsTheFloorAndLv1DropsToItStartingTheLv0Clock() {
        assertThat(decisionsOf(merchant("m").gradable().grade(0, daysAgo(40), daysAgo(40))
                .metrics(0.5, 0.1, 0.1, 0, 0).build())).isEmpty();
        MerchantResult r = one(merchant("m").gradable().grade(1, daysAgo(40), null).metrics(0.5, 0.1, 0.1, 0, 0).build());
        assertThat(decisions(r)).containsExactly("GRADE_DOWN GRD-4");
        assertThat(r.next().grade()).isEqualTo(new GradeState(0, AS_OF, AS_OF));
    }

    @Test
    void grd5_noAssessmentOnDay29AfterAChangeAndAssessmentOnDay30() {
        assertThat(decisionsOf(excellent(merchant("m").gradable().grade(2, daysAgo(29), null), 2).build())).isEmpty();
        assertThat(decisionsOf(excellent(merchant("m").gradable().grade(2, daysAgo(30), null), 2).build()))
                .containsExactly("GRADE_UP GRD-3");
    }

    @Test
    void grd5_withoutMetricsThereIsNoAssessment() {
        MerchantResult r = one(merchant("m").gradable().grade(2, daysAgo(90), null).build());
        assertThat(decisions(r)).isEmpty();
        assertThat(r.next().grade()).isEqualTo(new GradeState(2, daysAgo(90), null));
    }

    @Test
    void grd6_fastUpgradeAtExactly80PercentOfTheLimitsAndNotBelow() {
        LevelLimits l = limits(2);
        long orders80 = Math.round(Math.ceil(l.dailyOrderLimit() * 0.8));
        double gmv80 = l.dailyGmvLimit() * 0.8;
        MerchantResult fast = one(fastCandidate(2, daysAgo(10))
                .day(daysAgo(3), orders80, gmv80, 0.10, 0.99, 0.99).build());
        assertThat(decisions(fast)).containsExactly("GRADE_FAST_UP GRD-6");
        assertThat(fast.next().grade()).isEqualTo(new GradeState(3, AS_OF, null));

        assertThat(decisionsOf(fastCandidate(2, daysAgo(10)).day(daysAgo(3), orders80 - 1, gmv80, 0.10, 0.99, 0.99).build())).isEmpty();
        assertThat(decisionsOf(fastCandidate(2, daysAgo(10)).day(daysAgo(3), orders80, gmv80 - 0.01, 0.10, 0.99, 0.99).build())).isEmpty();
        assertThat(decisionsOf(fastCandidate(2, daysAgo(10)).day(daysAgo(3), orders80, gmv80, 0.0999, 0.99, 0.99).build())).isEmpty();
        var up = POLICY.grading().upgrade();
        assertThat(decisionsOf(fastCandidate(2, daysAgo(10)).day(daysAgo(3), orders80, gmv80, 0.10, up.productGoodRate(), 0.99).build())).isEmpty();
    }

    @Test
    void grd6_onlyDaysAfterTheLastLevelChangeCount() {
        LevelLimits l = limits(2);
        assertThat(decisionsOf(fastCandidate(2, daysAgo(10))
                .day(daysAgo(10), l.dailyOrderLimit(), l.dailyGmvLimit(), 0.5, 0.99, 0.99).build())).isEmpty();
        assertThat(decisionsOf(fastCandidate(2, daysAgo(10))
                .day(daysAgo(9), l.dailyOrderLimit(), l.dailyGmvLimit(), 0.5, 0.99, 0.99).build()))
                .containsExactly("GRADE_FAST_UP GRD-6");
    }

    @Test
    void grd6_currentRatesMustBeatTheUpgradeValues() {
        LevelLimits l = limits(2);
        MerchantBuilder b = merchant("m").gradable().grade(2, daysAgo(10), null)
                .metrics(0.01, 0.99, 0.99, 0, 0)
                .day(daysAgo(3), l.dailyOrderLimit(), l.dailyGmvLimit(), 0.5, 0.99, 0.99);
        assertThat(decisionsOf(b.build())).isEmpty();
    }

    @Test
    void grd6_lv7CannotFastUpgrade() {
        LevelLimits l = limits(7);
        assertThat(decisionsOf(fastCandidate(7, daysAgo(10))
                .day(daysAgo(3), l.dailyOrderLimit(), l.dailyGmvLimit(), 0.5, 0.99, 0.99).build())).isEmpty();
    }

    /** Rates better than the upgrade values, volumes neither up nor down, level changed recently. */
    private static MerchantBuilder fastCandidate(int level, LocalDate changed) {
        LevelLimits l = limits(level);
        return merchant("m").gradable().grade(level, changed, null)
                .metrics(0.001, 0.99, 0.99, l.downgradeOrders(), l.downgradeGmv());
    }

    @Test
    void grd7_lv0ForFiftyNineDaysStaysAndSixtyDaysIsClearedOut() {
        assertThat(decisionsOf(ordinary(merchant("m").gradable().grade(0, daysAgo(59), daysAgo(59)), 0).build())).isEmpty();
        MerchantResult r = one(ordinary(merchant("m").gradable().grade(0, daysAgo(60), daysAgo(60)), 0).build());
        assertThat(decisions(r)).containsExactly("CLEARED_OUT GRD-7");
        assertThat(r.decisions().get(0).reason()).contains("60 days");
    }

    @Test
    void grd7_aMerchantThatRisesOnDay60IsNotClearedOut() {
        MerchantResult r = one(excellent(merchant("m").gradable().grade(0, daysAgo(60), daysAgo(60)), 0).build());
        assertThat(decisions(r)).containsExactly("GRADE_UP GRD-3");
        assertThat(r.next().grade()).isEqualTo(new GradeState(1, AS_OF, null));
    }

    @Test
    void cadenceChainsOverDays() {
        MerchantBuilder b = excellent(merchant("m").gradable(), 2);
        GradeState grade = new GradeState(2, LocalDate.of(2026, 1, 1), null);
        LocalDate day = LocalDate.of(2026, 3, 1);
        int ups = 0;
        for (int i = 0; i < 31; i++) {
            MerchantResult r = evaluate(day, b.grade(grade).build()).results().get(0);
            ups += r.decisions().size();
            grade = r.next().grade();
            day = day.plusDays(1);
        }
        // up on day 1 (to LV3); LV3 metrics are checked against LV3 values from day 31 (30 days later)
        assertThat(grade.lastChangedOn()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(ups).isEqualTo(1);
    }
}
