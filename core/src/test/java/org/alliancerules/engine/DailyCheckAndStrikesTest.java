package org.alliancerules.engine;

import static org.alliancerules.engine.EngineHarness.decisions;
import static org.alliancerules.engine.EngineHarness.decisionsOf;
import static org.alliancerules.engine.EngineHarness.evaluate;
import static org.alliancerules.engine.EngineHarness.one;
import static org.alliancerules.engine.MerchantBuilder.AS_OF;
import static org.alliancerules.engine.MerchantBuilder.daysAgo;
import static org.alliancerules.engine.MerchantBuilder.merchant;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.alliancerules.model.AllianceState;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;
import org.junit.jupiter.api.Test;

/** CHK-1..3, I-1, I-2, STR-1, STR-2 and the day-to-day chaining of next state. */
class DailyCheckAndStrikesTest {

    private static MerchantBuilder member(double score) {
        return merchant("m").member(daysAgo(200), 0).score(score);
    }

    @Test
    void chk1_aScoreOf38GetsNoWarningAnd379Does() {
        assertThat(decisionsOf(member(3.8).build())).isEmpty();
        MerchantResult warned = one(member(3.79).build());
        assertThat(decisions(warned)).containsExactly("ALLIANCE_WARNING CHK-1");
        assertThat(warned.decisions().get(0).reason()).isEqualTo("experience score 3.79 < 3.80");
        assertThat(warned.next().alliance().member()).isTrue();
    }

    @Test
    void chk2_aScoreOf35IsOnlyWarnedAnd349IsClosedUnboundAndNotWarned() {
        assertThat(decisionsOf(member(3.5).build())).containsExactly("ALLIANCE_WARNING CHK-1");
        MerchantResult closed = one(member(3.49).build());
        assertThat(decisions(closed)).containsExactly("ALLIANCE_CLOSED CHK-2", "PROMOTIONS_UNBOUND CHK-3");
        assertThat(closed.decisions().get(0).reason()).isEqualTo("experience score 3.49 < 3.50");
        AllianceState next = closed.next().alliance();
        assertThat(next).isEqualTo(new AllianceState(false, null, 1, AS_OF));
    }

    @Test
    void chk2_aClearanceViolationSinceTheCurrentAdmissionCloses() {
        LocalDate admitted = daysAgo(100);
        assertThat(decisionsOf(member(4.6).member(admitted, 0)
                .penalty("ALLIANCE_MANAGEMENT", admitted, false, true).build()))
                .containsExactly("ALLIANCE_CLOSED CHK-2", "PROMOTIONS_UNBOUND CHK-3");
        assertThat(decisionsOf(member(4.6).member(admitted, 0)
                .penalty("ALLIANCE_MANAGEMENT", admitted.minusDays(1), false, true).build())).isEmpty();
        assertThat(decisionsOf(member(4.6).member(admitted, 0)
                .penalty("ALLIANCE_MANAGEMENT", daysAgo(3), false, false).build())).isEmpty();
    }

    @Test
    void chk2_twoGroundsOnOneDayCloseOnceNamingBothAndCountOneStrike() {
        MerchantResult r = one(member(3.1).member(daysAgo(50), 1)
                .penalty("ALLIANCE_MANAGEMENT", daysAgo(2), false, true).build());
        assertThat(r.decisions()).filteredOn(d -> d.type().equals("ALLIANCE_CLOSED")).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo("experience score 3.10 < 3.50; "
                        + "violation reaching the clearance standard since admission on " + daysAgo(50) + ": "
                        + "ALLIANCE_MANAGEMENT on " + daysAgo(2)));
        assertThat(r.decisions()).filteredOn(d -> d.type().equals("PROMOTIONS_UNBOUND")).hasSize(1);
        assertThat(r.next().alliance().closures()).isEqualTo(2);
    }

    @Test
    void i2_aNonMemberBetween35And40IsNotWarnedOnlyNotAdmitted() {
        assertThat(decisionsOf(merchant("m").score(3.7).build())).containsExactly("ADMISSION_DENIED ADM-3");
    }

    @Test
    void aMemberWithoutAScoreIsNeitherWarnedNorClosed() {
        assertThat(decisionsOf(merchant("m").member(daysAgo(10), 0).score(null).build())).isEmpty();
    }

    @Test
    void str_theSecondClosureDoesNotBanAndTheThirdDoes() {
        MerchantResult second = one(member(3.0).member(daysAgo(20), 1).build());
        assertThat(decisions(second)).containsExactly("ALLIANCE_CLOSED CHK-2", "PROMOTIONS_UNBOUND CHK-3");
        assertThat(second.next().alliance().closures()).isEqualTo(2);

        MerchantResult third = one(member(3.0).member(daysAgo(20), 2).build());
        assertThat(decisions(third)).containsExactlyInAnyOrder("ALLIANCE_CLOSED CHK-2", "PROMOTIONS_UNBOUND CHK-3",
                "PERMANENTLY_BANNED STR-2");
        assertThat(third.next().alliance()).isEqualTo(new AllianceState(false, null, 3, AS_OF));
    }

    @Test
    void chainingNextStateThroughThreeClosuresEndsInAPermanentBan() {
        MerchantBuilder base = merchant("m").member(LocalDate.of(2026, 1, 1), 0);
        AllianceState state = new AllianceState(true, LocalDate.of(2026, 1, 1), 0, null);
        LocalDate day = LocalDate.of(2026, 3, 1);
        double[] scores = {3.4, 4.2, 3.3, 4.5, 3.2, 4.9};
        String[][] expected = {
                {"ALLIANCE_CLOSED CHK-2", "PROMOTIONS_UNBOUND CHK-3"},
                {"ADMITTED ADM-8"},
                {"ALLIANCE_CLOSED CHK-2", "PROMOTIONS_UNBOUND CHK-3"},
                {"ADMITTED ADM-8"},
                {"ALLIANCE_CLOSED CHK-2", "PERMANENTLY_BANNED STR-2", "PROMOTIONS_UNBOUND CHK-3"},
                {"ADMISSION_DENIED ADM-7"},
        };
        int[] closuresAfter = {1, 1, 2, 2, 3, 3};
        for (int i = 0; i < scores.length; i++) {
            MerchantInput today = base.score(scores[i]).alliance(state).build();
            MerchantResult r = evaluate(day, today).results().get(0);
            assertThat(decisions(r)).as("day %d (%s)", i + 1, day).containsExactlyInAnyOrder(expected[i]);
            assertThat(r.next().alliance().closures()).as("closures after day %d", i + 1).isEqualTo(closuresAfter[i]);
            state = r.next().alliance();
            day = day.plusDays(1);
        }
        assertThat(state.member()).isFalse();
    }
}
