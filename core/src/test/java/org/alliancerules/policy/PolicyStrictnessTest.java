package org.alliancerules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10: a policy file is refused, at the line of the bad value, when a number is not finite, a
 * rate or share is outside 0..1, a count or limit is negative, a level is outside LV0..LV7, it holds a
 * second YAML document or anchors/aliases, or it has an unknown key; a day before its effectiveFrom is
 * not evaluated under it.
 */
class PolicyStrictnessTest {

    private static final Path DEFAULT = Path.of("rules/policy/default.yaml");

    /** default.yaml with {@code from} replaced by {@code to}; the problem is expected on the line of {@code to}. */
    record Edit(String from, String to, String message) {
    }

    private static Arguments edit(String name, String from, String to, String message) {
        return Arguments.of(Named.of(name, new Edit(from, to, message)));
    }

    static Stream<Arguments> badPolicies() {
        return Stream.of(
                edit("fastUpgradeVolumeShare 1.5", "fastUpgradeVolumeShare: 0.8", "fastUpgradeVolumeShare: 1.5",
                        "grading.fastUpgradeVolumeShare must be a fraction within 0..1 (0.8 is 80%), got 1.5"),
                edit("fastUpgradeVolumeShare -0.2", "fastUpgradeVolumeShare: 0.8", "fastUpgradeVolumeShare: -0.2",
                        "grading.fastUpgradeVolumeShare must be a fraction within 0..1"),
                edit("fastUpgradeMinReviewRate 10 (a percentage, not a fraction)", "fastUpgradeMinReviewRate: 0.10",
                        "fastUpgradeMinReviewRate: 10", "grading.fastUpgradeMinReviewRate must be a fraction within 0..1"),
                edit("an upgrade good-review rate 1.5", "productGoodRate: 0.95", "productGoodRate: 1.5",
                        "grading.upgrade.productGoodRate must be a fraction within 0..1"),
                edit("a downgrade good-review rate 1.5", "serviceGoodRate: 0.85", "serviceGoodRate: 1.5",
                        "grading.downgrade.serviceGoodRate must be a fraction within 0..1"),
                edit("a negative complaint rate", "complaintRate: 0.02", "complaintRate: -0.02",
                        "grading.downgrade.complaintRate must be a fraction within 0..1"),
                edit("minScore 1e400", "minScore: 4.0", "minScore: 1e400", "admission.minScore must be a finite number"),
                edit("minScore .inf", "minScore: 4.0", "minScore: .inf", "must be a finite number, got .inf"),
                edit("minScore .nan", "minScore: 4.0", "minScore: .nan", "must be a finite number, got .nan"),
                edit("minScore 6", "minScore: 4.0", "minScore: 6", "admission.minScore must be within 0..5"),
                edit("warningBelow 6", "warningBelow: 3.8", "warningBelow: 6", "check.warningBelow must be within 0..5"),
                edit("closureBelow -1", "closureBelow: 3.5", "closureBelow: -1", "check.closureBelow must be within 0..5"),
                edit("negative grace days", "newMerchantGraceDays: 60", "newMerchantGraceDays: -1",
                        "admission.newMerchantGraceDays must not be negative, got -1"),
                edit("negative look-back", "penaltyLookbackDays: 365", "penaltyLookbackDays: -365",
                        "admission.penaltyLookbackDays must not be negative"),
                edit("negative cadence", "cadenceDays: 30", "cadenceDays: -30", "grading.cadenceDays must not be negative"),
                edit("negative clearance", "clearanceDays: 60", "clearanceDays: -5", "grading.clearanceDays must not be negative"),
                edit("banAtClosures 0", "banAtClosures: 3", "banAtClosures: 0", "strikes.banAtClosures must be at least 1"),
                edit("banAtClosures 2.5", "banAtClosures: 3", "banAtClosures: 2.5", "strikes.banAtClosures: must be a whole number"),
                edit("banAtClosures beyond int", "banAtClosures: 3", "banAtClosures: 99999999999", "strikes.banAtClosures: the number is too large"),
                edit("a negative daily order limit", "dailyOrderLimit: 50,", "dailyOrderLimit: -50,",
                        "levels[0].dailyOrderLimit must not be negative, got -50"),
                edit("a daily GMV limit of 1e400", "dailyGmvLimit: 2500,", "dailyGmvLimit: 1e400,",
                        "levels[0].dailyGmvLimit must be a finite number"),
                edit("a negative upgrade GMV", "upgradeGmv: 250,", "upgradeGmv: -250,", "levels[0].upgradeGmv must not be negative"),
                edit("a negative downgrade orders", "downgradeOrders: 5,", "downgradeOrders: -5,", "levels[1].downgradeOrders must not be negative"),
                edit("maxLevel 9", "maxLevel: 7", "maxLevel: 9", "grading.maxLevel must be a grade level within 0..7"),
                edit("minLevel -1", "minLevel: 0", "minLevel: -1", "grading.minLevel must be a grade level within 0..7"),
                edit("a level 8 listed", "{ level: 7,", "{ level: 8,", "levels[7].level must be a grade level within 0..7"),
                edit("a lower-case category", "categories: [FRESH]", "categories: [fresh]", "grading.categories[0] must be an upper-case category code"),
                edit("an id a request cannot name", "id: default", "id: Default Profile", "id must be lower-case letters"),
                edit("an unknown key in a section", "  closureBelow: 3.5", "  closureBelow: 3.5\n  bogus: 1",
                        "check.bogus: unknown field 'bogus'"),
                edit("an unknown top-level key", "source: \"seeds", "sauce: 1\nsource: \"seeds", "sauce: unknown field 'sauce'"),
                edit("an unknown block section, at its key", "strikes:", "strikez:\n  banAtClosures: 3\nstrikes:", "strikez: unknown field 'strikez'"),
                edit("an effective date that is not a date", "effectiveFrom: 2022-12-30", "effectiveFrom: 2022-12-32",
                        "effectiveFrom: must be a real calendar date YYYY-MM-DD, got \"2022-12-32\""),
                edit("a section that is a number", "strikes:\n  banAtClosures: 3", "strikes: 3", "strikes: must be a section"),
                edit("a number that is text", "cadenceDays: 30", "cadenceDays: thirty", "grading.cadenceDays: must be a whole number"),
                edit("an anchor", "categories: [FRESH]", "categories: &c [FRESH]", "YAML anchors (&c) are not supported"),
                edit("an alias", "  maxLevel: 7", "  maxLevel: *seven", "YAML aliases (*seven) are not supported"),
                edit("a duplicate key", "  maxLevel: 7", "  maxLevel: 7\n  maxLevel: 6", "maxLevel"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPolicies")
    void aBadValueIsRefusedAtItsLine(Edit edit) throws Exception {
        String yaml = Files.readString(DEFAULT);
        assertThat(yaml).contains(edit.from());
        String bad = yaml.replaceFirst(java.util.regex.Pattern.quote(edit.from()), java.util.regex.Matcher.quoteReplacement(edit.to()));
        String newLine = edit.to().lines().filter(l -> !edit.from().contains(l)).findFirst().orElse(edit.to());
        int line = lineOf(bad, newLine, yaml.indexOf(edit.from()));
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> load(bad));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.problems()).as(String.join("\n", e.problems()))
                .anySatisfy(p -> assertThat(p).startsWith("p.yaml:" + line + ":").contains(edit.message()));
        assertThat(e.problems()).allSatisfy(p -> assertThat(p).doesNotContain("[Source", "REDACTED", "DeserializationFeature"));
    }

    @Test
    void aMissingSectionIsReportedAtTheDocumentAndAMissingFieldAtItsSection() throws Exception {
        String yaml = Files.readString(DEFAULT);
        String withoutCheck = yaml.replaceAll("(?s)\ncheck:.*?\nstrikes:", "\nstrikes:");
        assertThatThrownBy(() -> load(withoutCheck)).hasMessage("p.yaml:1:1: missing required field 'check'");
        String withoutShare = yaml.replaceAll("\n  fastUpgradeVolumeShare:[^\n]*", "");
        int grading = lineOf(withoutShare, "grading:", 0);
        assertThatThrownBy(() -> load(withoutShare)).hasMessageStartingWith("p.yaml:" + grading + ":")
                .hasMessageEndingWith("grading: missing required field 'fastUpgradeVolumeShare'");
    }

    @Test
    void aSecondDocumentIsRefusedAtItsMarker() throws Exception {
        String yaml = Files.readString(DEFAULT);
        int line = (int) yaml.lines().count() + 1;
        assertThatThrownBy(() -> load(yaml + "---\nid: other\n")).isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("p.yaml:" + (line + 1) + ":1: a second YAML document (after the \"---\" on line " + line + ")");
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() throws Exception {
        String yaml = Files.readString(DEFAULT).replace("fastUpgradeVolumeShare: 0.8", "fastUpgradeVolumeShare: 1.5")
                .replace("cadenceDays: 30", "cadenceDays: -30").replace("dailyOrderLimit: 50,", "dailyOrderLimit: -50,");
        assertThat(catchThrowableOfType(PolicyException.class, () -> load(yaml)).problems()).hasSize(3);
    }

    @Test
    void aDayBeforeEffectiveFromIsNotEvaluatedUnderThePolicy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("default.yaml");
        Files.copy(DEFAULT, file);
        PolicySet set = PolicySet.fromDirectory(dir);
        int line = lineOf(Files.readString(file), "effectiveFrom: 2022-12-30", 0);
        assertThat(set.inEffect("default", LocalDate.of(2022, 12, 30)).label()).isEqualTo("default@2022-12-30");
        assertThat(set.inEffect("nothing", LocalDate.of(2022, 12, 30))).isNull();
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> set.inEffect("default", LocalDate.of(2022, 12, 29)));
        assertThat(e.problems()).containsExactly(file + ":" + line + ":16: effectiveFrom: policy default@2022-12-30 takes effect"
                + " on 2022-12-30, after the day evaluated (asOf 2022-12-29): evaluate a day on or after 2022-12-30,"
                + " or use a policy in effect on 2022-12-29");
    }

    @Test
    void aPackagedPolicyIsNamedByItsResource() {
        PolicySet set = PolicySet.fromClasspath();
        assertThatThrownBy(() -> set.inEffect("default", LocalDate.of(2020, 1, 1)))
                .hasMessageStartingWith("rules/policy/default.yaml:")
                .hasMessageContaining("policy default@2022-12-30 takes effect on 2022-12-30");
    }

    @Test
    void aDirectoryOrAMissingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> PolicyLoader.load(dir)).hasMessage(dir + ": is a directory, not a file");
        Path missing = dir.resolve("gone.yaml");
        assertThatThrownBy(() -> PolicyLoader.load(missing)).hasMessage(missing + ": no such file");
    }

    @Test
    void anEmptyPolicyFileIsRefused() {
        assertThatThrownBy(() -> load("")).hasMessage("p.yaml:1:1: the document is empty");
        assertThatThrownBy(() -> load("# nothing but a comment\n")).hasMessageStartingWith("p.yaml:");
    }

    private static Policy load(String yaml) {
        return PolicyLoader.load("p.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    /** The 1-based line holding {@code needle}, searching from character {@code from}. */
    private static int lineOf(String text, String needle, int from) {
        int at = text.indexOf(needle, Math.max(0, from - 1));
        if (at < 0) {
            throw new AssertionError(needle);
        }
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @SuppressWarnings("unused")
    private static List<String> lines(String text) {
        return text.lines().toList();
    }
}
