package org.alliancerules.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.alliancerules.support.RulesCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check}: validate, the fixtures, then a diff, stopping at the first step that fails (issue 12). */
class CheckCommandTest {

    @TempDir
    Path dir;

    private Path rules() throws IOException {
        return RulesCopy.into(dir);
    }

    @Test
    void theBundledRulesPassEveryStepAndTheDiffIsPrinted() {
        CommandRun run = CommandRun.of("check", "--rules", "rules", "--fixtures", "fixtures/admission.yaml",
                "--against", "examples/sample-request.json", "--base", "examples/diff/warning-below-4.3.yaml");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("== validate: ", "== test: ", "== diff: ")
                .contains("ALLIANCE_WARNING") // the proposal warns below 4.3, the rules in force below 3.8
                .containsPattern("check: passed \\(validate [\\d.]+ s, test [\\d.]+ s, diff [\\d.]+ s; [\\d.]+ s in all\\)");
    }

    @Test
    void aBrokenRuleStopsTheLoopAtValidate() throws IOException {
        Path rules = rules();
        Path strikes = rules.resolve("strikes.drl");
        Files.writeString(strikes, Files.readString(strikes).replaceFirst("Merchant\\(", "Merchantt("));
        CommandRun run = CommandRun.of("check", "--rules", rules.toString(), "--against", "examples/sample-request.json");
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains("unknown fact type 'Merchantt'").contains("check: stopped at validate (exit 3")
                .doesNotContain("== test: ", "== diff: ");
    }

    @Test
    void aThresholdThatBreaksAFixtureStopsTheLoopAtTest() throws IOException {
        Path rules = rules();
        Path policy = rules.resolve("policy/default.yaml");
        // ADM-3's fixtures say 4.00 is admitted and 3.99 is not: at 4.2 the 4.00 case fails
        Files.writeString(policy, Files.readString(policy).replace("minScore: 4.0 ", "minScore: 4.2 "));
        CommandRun run = CommandRun.of("check", "--rules", rules.toString(), "--fixtures", "fixtures/admission.yaml",
                "--against", "examples/sample-request.json");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).containsPattern("FAIL  fixtures/admission.yaml:\\d+  ADM-3 score 4.00 is admitted")
                .contains("check: stopped at test (exit 1").doesNotContain("== diff: ");
    }
}
