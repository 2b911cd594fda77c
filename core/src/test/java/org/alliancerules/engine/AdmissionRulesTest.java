package org.alliancerules.engine;

import static org.alliancerules.engine.EngineHarness.decisionsOf;
import static org.alliancerules.engine.EngineHarness.evaluate;
import static org.alliancerules.engine.EngineHarness.decisions;
import static org.alliancerules.engine.EngineHarness.one;
import static org.alliancerules.engine.MerchantBuilder.AS_OF;
import static org.alliancerules.engine.MerchantBuilder.daysAgo;
import static org.alliancerules.engine.MerchantBuilder.merchant;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.MerchantResult;
import org.junit.jupiter.api.Test;

/** ADM-1..ADM-8 from the platform-rules catalogue, on both sides of every threshold. */
class AdmissionRulesTest {

    @Test
    void aMerchantMeetingEveryClauseIsAdmittedAndBecomesAMember() {
        MerchantResult r = one(merchant("m").nonMember(1, daysAgo(400)).build());
        assertThat(decisions(r)).containsExactly("ADMITTED ADM-8");
        assertThat(r.next().alliance().member()).isTrue();
        assertThat(r.next().alliance().admittedOn()).isEqualTo(AS_OF);
        assertThat(r.next().alliance().closures()).isEqualTo(1);
        assertThat(r.next().alliance().closedOn()).isEqualTo(daysAgo(400));
    }

    @Test
    void adm1_aShopThatIsNotOpenIsDenied() {
        assertThat(decisionsOf(merchant("m").shopOpen(false).build())).containsExactly("ADMISSION_DENIED ADM-1");
        assertThat(decisionsOf(merchant("m").shopOpen(null).build())).containsExactly("ADMISSION_DENIED ADM-1");
    }

    @Test
    void adm2_anAbnormalAccountOrBusinessStatusIsDenied() {
        assertThat(decisionsOf(merchant("m").accountNormal(false).build())).containsExactly("ADMISSION_DENIED ADM-2");
        assertThat(decisionsOf(merchant("m").businessNormal(false).build())).containsExactly("ADMISSION_DENIED ADM-2");
    }

    @Test
    void adm3_scoreOfExactly4IsAdmittedAnd399IsDenied() {
        assertThat(decisionsOf(merchant("m").score(4.0).build())).containsExactly("ADMITTED ADM-8");
        MerchantResult denied = one(merchant("m").score(3.99).build());
        assertThat(decisions(denied)).containsExactly("ADMISSION_DENIED ADM-3");
        assertThat(denied.decisions().get(0).reason()).isEqualTo("experience score 3.99 < 4.00");
        assertThat(denied.next().alliance().member()).isFalse();
    }

    @Test
    void adm3_aNewMerchantWithoutScoreIsExemptOnDay59AndDeniedOnDay60() {
        assertThat(decisionsOf(merchant("m").score(null).onboardedOn(daysAgo(59)).build()))
                .containsExactly("ADMITTED ADM-8");
        MerchantResult day60 = one(merchant("m").score(null).onboardedOn(daysAgo(60)).build());
        assertThat(decisions(day60)).containsExactly("ADMISSION_DENIED ADM-3");
        assertThat(day60.decisions().get(0).interpretation()).isEqualTo("I-6");
    }

    @Test
    void adm3_aNewMerchantWithALowScoreIsJudgedByItsScore() {
        assertThat(decisionsOf(merchant("m").score(3.9).onboardedOn(daysAgo(10)).build()))
                .containsExactly("ADMISSION_DENIED ADM-3");
    }

    @Test
    void adm4_aPenalty364DaysAgoBlocksAnd365DoesNot() {
        assertThat(decisionsOf(merchant("m").penalty("MERCHANT_VIOLATION", daysAgo(364), false, false).build()))
                .containsExactly("ADMISSION_DENIED ADM-4");
        assertThat(decisionsOf(merchant("m").penalty("MERCHANT_VIOLATION", daysAgo(365), false, false).build()))
                .containsExactly("ADMITTED ADM-8");
        assertThat(decisionsOf(merchant("m").penalty("EVASION_INFO", AS_OF, false, false).build()))
                .containsExactly("ADMISSION_DENIED ADM-4");
    }

    @Test
    void adm4_severalRecentPenaltiesGiveOneDenialNamingEach() {
        MerchantResult r = one(merchant("m")
                .penalty("EVASION_INFO", daysAgo(10), false, false)
                .penalty("OTHER", daysAgo(100), false, false).build());
        assertThat(r.decisions()).hasSize(1);
        assertThat(r.decisions().get(0).reason()).contains("EVASION_INFO", "OTHER");
    }

    @Test
    void adm5_aSeverePenaltyOfASiblingShopDeniesEveryOtherShopOfTheController() {
        var sibling = merchant("sibling").controller("c-1").member(daysAgo(900), 0)
                .penalty("MERCHANT_VIOLATION", daysAgo(2000), true, false).build();
        var applicant = merchant("applicant").controller("c-1").build();
        var unrelated = merchant("unrelated").controller("c-2").build();
        var result = evaluate(AS_OF, applicant, sibling, unrelated);
        assertThat(decisions(result.results().get(0))).containsExactly("ADMISSION_DENIED ADM-5");
        assertThat(result.results().get(0).decisions().get(0).reason()).contains("sibling");
        assertThat(decisions(result.results().get(2))).containsExactly("ADMITTED ADM-8");
    }

    @Test
    void adm5_onlyAnotherShopsSeverePenaltyCountsNotTheShopsOwnNorANonSevereOne() {
        var sibling = merchant("sibling").controller("c-1").penalty("OTHER", daysAgo(500), false, false).build();
        var applicant = merchant("applicant").controller("c-1")
                .penalty("MERCHANT_VIOLATION", daysAgo(400), true, false).build();
        var result = evaluate(AS_OF, applicant, sibling);
        // the applicant's own old severe penalty is ADM-4's business (outside 365 days), not ADM-5's
        assertThat(decisions(result.results().get(0))).containsExactly("ADMITTED ADM-8");
        // ... but it does bar its sibling shop
        assertThat(decisions(result.results().get(1))).containsExactly("ADMISSION_DENIED ADM-5");
    }

    @Test
    void adm5_holdsAcrossBatchesBecauseAControllersShopsAreNeverSplit() {
        RulesEngine tiny = RulesEngine.builder().rulesDirectory(Path.of("rules")).batchSize(1).threads(2).build();
        var a = merchant("a").controller("c-9").build();
        var filler = merchant("filler").build();
        var b = merchant("b").controller("c-9").penalty("OTHER", daysAgo(3000), true, false).build();
        var result = tiny.evaluate(new EvaluationRequest(AS_OF, null, List.of(a, filler, b)));
        assertThat(decisions(result.results().get(0))).containsExactly("ADMISSION_DENIED ADM-5");
        assertThat(result.results()).extracting(MerchantResult::merchantId).containsExactly("a", "filler", "b");
    }

    @Test
    void adm6_missingBrandQualificationsAreDenied() {
        assertThat(decisionsOf(merchant("m").brandQualified(false).build())).containsExactly("ADMISSION_DENIED ADM-6");
    }

    @Test
    void adm7_twoClosuresMayBeAdmittedAndThreeMayNot() {
        assertThat(decisionsOf(merchant("m").nonMember(2, daysAgo(30)).build())).containsExactly("ADMITTED ADM-8");
        assertThat(decisionsOf(merchant("m").nonMember(3, daysAgo(30)).build())).containsExactly("ADMISSION_DENIED ADM-7");
    }

    @Test
    void adm8_everyFailingClauseIsReportedNotJustTheFirst() {
        MerchantResult r = one(merchant("m").shopOpen(false).accountNormal(false).score(3.2).brandQualified(false)
                .penalty("MERCHANT_VIOLATION", daysAgo(1), false, false).nonMember(3, daysAgo(5)).build());
        assertThat(decisions(r)).containsExactly("ADMISSION_DENIED ADM-1", "ADMISSION_DENIED ADM-2",
                "ADMISSION_DENIED ADM-3", "ADMISSION_DENIED ADM-4", "ADMISSION_DENIED ADM-6", "ADMISSION_DENIED ADM-7");
        assertThat(r.decisions()).extracting(DecisionView::rule).doesNotHaveDuplicates();
    }

    @Test
    void membersAreNotEvaluatedForAdmission() {
        assertThat(decisionsOf(merchant("m").member(daysAgo(100), 0).score(4.5).build())).isEmpty();
    }
}
