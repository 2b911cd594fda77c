package org.alliancerules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.alliancerules.cli.CommandRun;
import org.alliancerules.support.RulesCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code validate} (issue 12): every mistake of a rules directory at once, each located, compiler style,
 * without engine noise; warnings that do not stop the rules unless --strict.
 */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private Path rules() throws IOException {
        return RulesCopy.into(dir);
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as(file + " has the text to edit").contains(from);
        Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }

    private static int columnOf(Path file, String text) throws IOException {
        return Files.readAllLines(file).get(lineOf(file, text) - 1).indexOf(text) + 1;
    }

    @Test
    void theBundledRulesHaveNoErrorsAndNoWarnings() {
        CommandRun run = CommandRun.of("validate", "--rules", "rules", "--strict");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).isEqualTo("rules: 0 errors, 0 warnings\n");
    }

    @Test
    void everyMistakeInEveryFileIsReportedOnceLocatedAndWithoutEngineNoise() throws IOException {
        Path rules = rules();
        Path admission = rules.resolve("admission.drl");
        Path strikes = rules.resolve("strikes.drl");
        Path check = rules.resolve("daily-check.drl");
        Path grading = rules.resolve("grading.drl");
        Path policy = rules.resolve("policy/default.yaml");
        edit(admission, "$m : Merchant( member == false, onboardedOn == null", "$m : Merchnt( member == false, onboardedOn == null");
        edit(strikes, "Merchant(", "Merchantt(");
        edit(check, "check.closureBelow()", "chek.closureBelow()");
        edit(grading, "@clause(\"GRD-5\")", "");
        edit(policy, "closureBelow: 3.5", "closureBelow: 6.5");

        CommandRun run = CommandRun.of("validate", "--rules", rules.toString());

        assertThat(run.code()).isEqualTo(3);
        List<String> errors = run.out().lines().filter(l -> l.contains(": error: ")).toList();
        assertThat(errors).hasSize(5);
        assertThat(errors).contains(
                admission + ":" + lineOf(admission, "Merchnt(") + ":" + columnOf(admission, "Merchnt(") + ": error: rule \"Deny admission to a "
                        + "merchant that has not onboarded and opened a shop\": unknown fact type 'Merchnt' (did you mean Merchant?) "
                        + "(a pattern's type must be a fact class the DRL imports or declares) [unknown-type]",
                check + ":" + lineOf(check, "chek.closureBelow()") + ":" + columnOf(check, "chek.closureBelow()")
                        + ": error: 'chek' is not a field of Merchant, a binding or a global, in: experienceScore < chek.closureBelow() [unknown-name]");
        assertThat(errors).anySatisfy(l -> assertThat(l).startsWith(strikes + ":" + lineOf(strikes, "Merchantt(") + ":")
                .contains("unknown fact type 'Merchantt'"));
        assertThat(errors).anySatisfy(l -> assertThat(l).startsWith(grading + ":").contains("has no @clause").endsWith("[missing-clause]"));
        assertThat(errors).anySatisfy(l -> assertThat(l).startsWith(policy + ":" + lineOf(policy, "closureBelow: 6.5") + ":")
                .contains("check.closureBelow").endsWith("[policy]"));
        assertThat(run.out()).doesNotContain("cannot be resolved", "Parser returned a null Package", "Unable to resolve ObjectType",
                "Exception", "\tat ");
        assertThat(errors).allSatisfy(l -> assertThat(l).matches("^[^:]+:\\d+:\\d+: error: .*"));
    }

    @Test
    void aSyntaxErrorIsReportedOnceForItsRule() throws IOException {
        Path rules = rules();
        Path strikes = rules.resolve("strikes.drl");
        edit(strikes, "when", "when\n    Merchant( member == true ");
        CommandRun run = CommandRun.of("validate", "--rules", rules.toString());
        assertThat(run.code()).isEqualTo(3);
        List<String> errors = run.out().lines().filter(l -> l.contains(": error: ")).toList();
        assertThat(errors).singleElement().asString().startsWith(strikes + ":").endsWith("[syntax]");
    }

    @Test
    void warningsNameTheUncoveredClauseTheUnreadKeyTheLiteralAndTheImpossibleConstraint() throws IOException {
        Path rules = rules();
        Path admission = rules.resolve("admission.drl");
        String text = Files.readString(admission);
        int start = text.indexOf("rule \"Deny admission after a platform-rule penalty within the look-back period\"");
        int end = text.indexOf("\nend", start) + 4;
        Files.writeString(admission, text.substring(0, start) + text.substring(end)); // ADM-4's only rule is gone
        edit(admission, "$m : Merchant( member == false, brandQualified != true )",
                "$m : Merchant( member == false, brandQualified != true, shopType == \"ENTERPRSE\", closures < 7 )");
        Path policy = rules.resolve("policy/default.yaml");

        CommandRun run = CommandRun.of("validate", "--rules", rules.toString());

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        List<String> warnings = run.out().lines().filter(l -> l.contains(": warning: ")).toList();
        assertThat(warnings).anySatisfy(l -> assertThat(l).startsWith(rules.resolve("catalogue.yaml") + ":")
                .contains("clause ADM-4 ").endsWith("[uncovered-clause]"));
        assertThat(warnings).anySatisfy(l -> assertThat(l).startsWith(policy + ":" + lineOf(policy, "penaltyLookbackDays:") + ":")
                .contains("policy key admission.penaltyLookbackDays is read by no rule").endsWith("[unread-policy-key]"));
        assertThat(warnings).anySatisfy(l -> assertThat(l).startsWith(admission + ":" + lineOf(admission, "closures < 7") + ":"
                + columnOf(admission, "7 )")).contains("literal 7").endsWith("[literal-threshold]"));
        assertThat(warnings).anySatisfy(l -> assertThat(l).startsWith(admission + ":" + lineOf(admission, "ENTERPRSE") + ":"
                + columnOf(admission, "shopType == \"ENTERPRSE\"")).contains("can never fire: shopType == \"ENTERPRSE\" never holds")
                .endsWith("[never-fires]"));
        assertThat(run.out()).doesNotContain(": error: ");

        CommandRun strict = CommandRun.of("validate", "--rules", rules.toString(), "--strict");
        assertThat(strict.code()).isEqualTo(3);
        assertThat(strict.out()).contains("(--strict: warnings count as errors)");
    }

    @Test
    void jsonGivesTheSameFindingsForEditorsAndCi() throws IOException {
        Path rules = rules();
        edit(rules.resolve("strikes.drl"), "Merchant(", "Merchantt(");
        CommandRun text = CommandRun.of("validate", "--rules", rules.toString());
        CommandRun json = CommandRun.of("validate", "--rules", rules.toString(), "--format", "json");
        assertThat(json.code()).isEqualTo(3);
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.get("errors").asInt()).isEqualTo(1);
        JsonNode first = report.get("findings").get(0);
        assertThat(first.fieldNames()).toIterable().containsExactly("file", "line", "column", "severity", "code", "message");
        long lines = text.out().lines().filter(l -> l.contains(": error: ") || l.contains(": warning: ")).count();
        assertThat(report.get("findings").size()).isEqualTo((int) lines);
    }

    @Test
    void overlappingPolicyVersionsAreAnError() throws IOException {
        Path rules = rules();
        Path second = rules.resolve("policy/default-2026-12-01.yaml");
        Files.copy(Path.of("cli/src/test/resources/policy-versions/default-2026-12-01.yaml"), second);
        edit(rules.resolve("policy/default.yaml"), "effectiveFrom: 2022-12-30\n", "effectiveFrom: 2022-12-30\neffectiveTo: 2026-12-05\n");
        CommandRun run = CommandRun.of("validate", "--rules", rules.toString());
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains("the versions overlap from 2026-12-01").contains("[policy-versions]");
    }

    @Test
    void aUseTheAllowListRefusesIsAnError() throws IOException {
        Path rules = rules();
        Path strikes = rules.resolve("strikes.drl");
        edit(strikes, "\nthen\n", "\nthen\n    java.lang.System.exit(7);\n");
        CommandRun run = CommandRun.of("validate", "--rules", rules.toString());
        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains(strikes + ":").contains("java.lang.System.exit").contains("[refused-use]");
    }
}
