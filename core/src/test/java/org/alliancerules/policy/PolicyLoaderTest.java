package org.alliancerules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

/** The default policy carries the catalogue's numbers; a broken policy is refused with its location. */
class PolicyLoaderTest {

    private static final Path DEFAULT = Path.of("rules/policy/default.yaml");

    private static Policy load(String yaml) {
        return PolicyLoader.load("p.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theDefaultPolicyHoldsTheNumbersOfTheCatalogue() {
        Policy p = PolicyLoader.load(DEFAULT);
        assertThat(p.label()).isEqualTo("default@2022-12-30");
        assertThat(p.admission().minScore()).isEqualTo(4.0);
        assertThat(p.admission().newMerchantGraceDays()).isEqualTo(60);
        assertThat(p.admission().penaltyLookbackDays()).isEqualTo(365);
        assertThat(p.check().warningBelow()).isEqualTo(3.8);
        assertThat(p.check().closureBelow()).isEqualTo(3.5);
        assertThat(p.strikes().banAtClosures()).isEqualTo(3);
        assertThat(p.grading().categories()).containsExactly("FRESH");
        assertThat(p.grading().onboardedBefore()).isEqualTo(LocalDate.of(2022, 9, 9));
        assertThat(p.grading().initialLevel()).isEqualTo(1);
        assertThat(p.grading().minLevel()).isZero();
        assertThat(p.grading().maxLevel()).isEqualTo(7);
        assertThat(p.grading().cadenceDays()).isEqualTo(30);
        assertThat(p.grading().clearanceDays()).isEqualTo(60);
        assertThat(p.grading().fastUpgradeVolumeShare()).isEqualTo(0.8);
        assertThat(p.grading().fastUpgradeMinReviewRate()).isEqualTo(0.10);
        assertThat(p.grading().placeholder()).as("the seed's grade table is missing").isTrue();
        assertThat(p.levels()).extracting(LevelLimits::level).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void anInconsistentPolicyNamesTheFieldAndItsLine() throws Exception {
        String yaml = Files.readString(DEFAULT).replace("closureBelow: 3.5", "closureBelow: 3.9");
        int line = lineOf(yaml, "closureBelow: 3.9");
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("p.yaml:" + line + ":")
                .hasMessageContaining("check.closureBelow");
    }

    @Test
    void aMissingLevelAndAnUnknownFieldAreReported() throws Exception {
        String yaml = Files.readString(DEFAULT);
        String withoutLv5 = yaml.lines().filter(l -> !l.contains("{ level: 5,")).reduce("", (a, b) -> a + b + "\n");
        assertThatThrownBy(() -> load(withoutLv5)).hasMessageContaining("level 5 has no limits");
        String typo = yaml.replace("warningBelow: 3.8", "warningBelo: 3.8");
        // the misspelt field leaves warningBelow missing: either problem names it, with a line
        assertThatThrownBy(() -> load(typo)).isInstanceOf(PolicyException.class)
                .hasMessageMatching("p\\.yaml:\\d+:\\d+: check\\.warningBelo.*")
                .hasMessageNotContaining("DeserializationFeature");
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }
}
