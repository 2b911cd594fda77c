package org.alliancerules.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.alliancerules.cli.CommandRun;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.support.RulesCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Effective-dated versions of a profile (issue 12): several files with one id; the version in force on a
 * request's asOf decides and is named in the result; overlapping or gapped versions are refused, located.
 * The second version used here is test-only (src/test/resources/policy-versions): the seeds justify no second
 * version of the default profile, so none ships.
 */
class PolicyVersionsTest {

    static final Path DEFAULT = Path.of("rules/policy/default.yaml");
    static final Path SECOND = Path.of("cli/src/test/resources/policy-versions/default-2026-12-01.yaml");

    /** rules/ copied, with the test-only version beside default.yaml. */
    static Path rulesWithSecondVersion(Path dir) throws IOException {
        Path rules = RulesCopy.into(dir);
        Files.copy(SECOND, rules.resolve("policy/default-2026-12-01.yaml"));
        return rules;
    }

    @Test
    void theFixturesSeeTheSwitchOnItsEffectiveDate(@TempDir Path dir) throws IOException {
        Path rules = rulesWithSecondVersion(dir);
        CommandRun run = CommandRun.of("test", "cli/src/test/resources/policy-versions/switch.yaml", "--rules", rules.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("6 passed");
    }

    @Test
    void theVersionInForceOnTheDayDecidesAndIsNamedInTheResult(@TempDir Path dir) throws IOException {
        RulesEngine engine = RulesEngine.builder().rulesDirectory(rulesWithSecondVersion(dir)).build();
        MerchantInput m = new RequestReader().read("r.json", """
                {"asOf": "2026-11-30", "merchants": [ {"id": "m-410", "shopType": "ENTERPRISE", "category": "APPAREL",
                  "onboardedOn": "2024-01-10", "shopOpen": true, "accountNormal": true, "businessNormal": true,
                  "brandQualified": true, "experienceScore": 4.1, "alliance": {"member": false, "closures": 0}} ]}"""
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).merchants().get(0);
        EvaluationResult before = engine.evaluate(new EvaluationRequest(LocalDate.of(2026, 11, 30), "default", List.of(m)));
        EvaluationResult on = engine.evaluate(new EvaluationRequest(LocalDate.of(2026, 12, 1), "default", List.of(m)));
        assertThat(before.policy()).isEqualTo("default@2022-12-30");
        assertThat(before.results().get(0).decisions()).extracting(d -> d.type()).containsExactly("ADMITTED");
        assertThat(on.policy()).isEqualTo("default@2026-12-01-test");
        assertThat(on.results().get(0).decisions()).extracting(d -> d.reason()).containsExactly("experience score 4.10 < 4.20");
        // pinned by name, the old version still decides after the switch (a diff's base, say)
        EvaluationResult pinned = engine.evaluate(new EvaluationRequest(LocalDate.of(2026, 12, 1), "default@2022-12-30", List.of(m)));
        assertThat(pinned.policy()).isEqualTo("default@2022-12-30");
        assertThat(engine.policies().find("default").label()).as("the latest version").isEqualTo("default@2026-12-01-test");
    }

    @Test
    void aVersionWithoutEffectiveToEndsTheDayBeforeTheNext(@TempDir Path dir) throws IOException {
        Files.copy(DEFAULT, dir.resolve("default.yaml"));
        Files.copy(SECOND, dir.resolve("default-2026-12-01.yaml"));
        PolicySet set = PolicySet.fromDirectory(dir);
        assertThat(set.inEffect("default", LocalDate.of(2026, 11, 30)).version()).isEqualTo("2022-12-30");
        assertThat(set.inEffect("default", LocalDate.of(2026, 12, 1)).version()).isEqualTo("2026-12-01-test");
        assertThat(set.inEffect("default", LocalDate.of(2030, 1, 1)).version()).isEqualTo("2026-12-01-test");
        assertThat(set.versions("default")).extracting(Policy::label)
                .containsExactly("default@2022-12-30", "default@2026-12-01-test");
    }

    @Test
    void anEffectiveToTheDayBeforeTheNextIsAccepted(@TempDir Path dir) throws IOException {
        write(dir, "default.yaml", effectiveTo(Files.readString(DEFAULT), "2026-11-30"));
        Files.copy(SECOND, dir.resolve("default-2026-12-01.yaml"));
        assertThat(PolicySet.fromDirectory(dir).inEffect("default", LocalDate.of(2026, 11, 30)).version()).isEqualTo("2022-12-30");
    }

    @Test
    void overlappingVersionsAreRefusedAtTheEarliersEffectiveTo(@TempDir Path dir) throws IOException {
        Path first = write(dir, "default.yaml", effectiveTo(Files.readString(DEFAULT), "2026-12-01"));
        Files.copy(SECOND, dir.resolve("default-2026-12-01.yaml"));
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicySet.fromDirectory(dir));
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0)).startsWith(first + ":" + lineOf(first, "effectiveTo:") + ":14: effectiveTo: version "
                        + "default@2022-12-30 is in force until 2026-12-01, but version default@2026-12-01-test takes effect on 2026-12-01")
                .contains("the versions overlap from 2026-12-01; end default@2022-12-30 on 2026-11-30");
    }

    @Test
    void aGapBetweenVersionsIsRefused(@TempDir Path dir) throws IOException {
        Path first = write(dir, "default.yaml", effectiveTo(Files.readString(DEFAULT), "2026-11-28"));
        Files.copy(SECOND, dir.resolve("default-2026-12-01.yaml"));
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicySet.fromDirectory(dir));
        assertThat(e.problems()).singleElement().asString().startsWith(first + ":" + lineOf(first, "effectiveTo:") + ":14: ")
                .contains("no version of default is in force from 2026-11-29 to 2026-11-30");
    }

    @Test
    void twoVersionsOnOneDayOrWithOneNameAreRefused(@TempDir Path dir) throws IOException {
        Files.copy(DEFAULT, dir.resolve("default.yaml"));
        write(dir, "default-copy.yaml", Files.readString(DEFAULT));
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicySet.fromDirectory(dir));
        assertThat(e.problems()).hasSize(2);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("has two files with version 2022-12-30"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("both take effect on 2022-12-30"));
    }

    @Test
    void aDayAfterTheLastVersionsEffectiveToIsBadInput(@TempDir Path dir) throws IOException {
        Path file = write(dir, "default.yaml", effectiveTo(Files.readString(DEFAULT), "2026-11-30"));
        PolicySet set = PolicySet.fromDirectory(dir);
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> set.inEffect("default", LocalDate.of(2026, 12, 1)));
        assertThat(e.problems()).singleElement().asString().startsWith(file + ":" + lineOf(file, "effectiveTo:") + ":14: "
                + "effectiveTo: policy default@2022-12-30 was in force until 2026-11-30, before the day evaluated (asOf 2026-12-01)");
    }

    @Test
    void anEffectiveToBeforeEffectiveFromIsRefused(@TempDir Path dir) throws IOException {
        Path file = write(dir, "default.yaml", effectiveTo(Files.readString(DEFAULT), "2022-12-29"));
        PolicyException e = catchThrowableOfType(PolicyException.class, () -> PolicyLoader.load(file));
        assertThat(e.problems()).singleElement().asString()
                .isEqualTo(file + ":" + lineOf(file, "effectiveTo:") + ":14: effectiveTo: 2022-12-29 is before effectiveFrom 2022-12-30"
                        + " (a version is in force from effectiveFrom to effectiveTo, both included)");
    }

    @Test
    void aRequestBeforeTheFirstVersionIsBadInputAndTheProfileOptionOverridesTheRequest(@TempDir Path dir) throws IOException {
        Path rules = rulesWithSecondVersion(dir);
        Path request = write(dir, "r.json", """
                {"asOf": "2022-12-29", "merchants": [ {"id": "m-1"} ]}""");
        CommandRun early = CommandRun.of("evaluate", request.toString(), "--rules", rules.toString());
        assertThat(early.code()).isEqualTo(2);
        assertThat(early.err()).contains("takes effect on 2022-12-30, after the day evaluated (asOf 2022-12-29)");
        CommandRun unknown = CommandRun.of("evaluate", request.toString(), "--rules", rules.toString(), "--policy-profile", "v9");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--policy-profile: unknown policy profile 'v9', known: default");
    }

    static String effectiveTo(String yaml, String day) {
        return yaml.replace("effectiveFrom: 2022-12-30\n", "effectiveFrom: 2022-12-30\neffectiveTo: " + day + "\n");
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
