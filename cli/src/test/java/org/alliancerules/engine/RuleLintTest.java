package org.alliancerules.engine;

import org.alliancerules.cli.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lint that refuses: each problem is a located error and exit 3, before any merchant is evaluated. */
class RuleLintTest {

    @TempDir
    Path dir;

    private static String rule(String annotations, String when) {
        return String.join("\n",
                "rule \"Linted\"",
                annotations,
                "when",
                "    " + when,
                "then",
                "    insert(decide(kcontext, $m.id(), DecisionType.ALLIANCE_WARNING, \"x\"));",
                "end",
                "");
    }

    private CommandRun refused(Path rules) {
        CommandRun run = HostileRules.evaluate(rules);
        assertThat(run.code()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        return run;
    }

    @Test
    @DisplayName("a rule without @clause is refused at the rule (no decision with clause \"\")")
    void noClause() throws IOException {
        CommandRun run = refused(HostileRules.directory(dir, "lint.drl", rule("    salience 1", "$m : Merchant( member == true )")));
        assertThat(run.err()).contains(dir.resolve("lint.drl") + ":" + (HostileRules.HEADER_LINES + 1) + ":1: rule \"Linted\" has no @clause");
    }

    @Test
    @DisplayName("a @clause naming a clause the catalogue does not have is refused at the ID")
    void unknownClause() throws IOException {
        CommandRun run = refused(HostileRules.directory(dir, "lint.drl", rule("    @clause(\"CHK-9\")", "$m : Merchant( member == true )")));
        assertThat(run.err()).contains(dir.resolve("lint.drl") + ":" + (HostileRules.HEADER_LINES + 2) + ":14: rule \"Linted\": @clause names CHK-9, "
                + "which is not in the clause catalogue");
    }

    @Test
    @DisplayName("Merchant( category > 5 ): a text field compared with a number is refused at the comparison")
    void textAgainstNumber() throws IOException {
        CommandRun run = refused(HostileRules.directory(dir, "lint.drl", rule("    @clause(\"CHK-1\")", "$m : Merchant( category > 5 )")));
        assertThat(run.err()).contains(dir.resolve("lint.drl") + ":" + (HostileRules.HEADER_LINES + 4) + ":20: rule \"Linted\": "
                + "Merchant.category is text and 5 is a number");
    }

    @Test
    @DisplayName("Merchant( experienceScore < \"3\" ): a number field compared with text is refused")
    void numberAgainstText() throws IOException {
        CommandRun run = refused(HostileRules.directory(dir, "lint.drl", rule("    @clause(\"CHK-1\")", "$m : Merchant( experienceScore < \"3\" )")));
        assertThat(run.err()).contains("Merchant.experienceScore is a number and \"3\" is text");
    }

    @Test
    @DisplayName("a rules directory without any .drl is refused")
    void noDrl() throws IOException {
        CommandRun run = refused(HostileRules.directory(dir, null, null));
        assertThat(run.err()).contains(dir + ": no rules: no .drl file in the rules directory or its sub-folders");
    }

    @Test
    @DisplayName("an empty rules directory is refused (no DRL)")
    void emptyDirectory() {
        CommandRun run = refused(dir);
        assertThat(run.err()).contains(dir + ": no rules").doesNotContain("unknown policy profile");
    }

    @Test
    @DisplayName("a rules directory without policy/ is refused, naming the folder")
    void noPolicyFolder() throws IOException {
        HostileRules.directory(dir, "lint.drl", rule("    @clause(\"CHK-1\")", "$m : Merchant( member == true )"));
        Files.delete(dir.resolve("policy/default.yaml"));
        Files.delete(dir.resolve("policy"));
        CommandRun run = refused(dir);
        assertThat(run.err()).contains(dir.resolve("policy") + ": no policy folder (a rules directory needs policy/*.yaml)")
                .doesNotContain("unknown policy profile");
    }

    @Test
    @DisplayName("DRL in a sub-folder is found (recursively, as Drools lays packages out) and named by its path")
    void drlInASubFolder() throws IOException {
        HostileRules.directory(dir, "org/alliancerules/rules/warn.drl",
                rule("    @clause(\"CHK-1\")", "$m : Merchant( id == \"m-1001\" )"));
        CommandRun run = HostileRules.evaluate(dir);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("ALLIANCE_WARNING");

        Files.writeString(dir.resolve("org/alliancerules/rules/broken.drl"), HostileRules.HEADER
                + rule("", "$m : Merchant( member == true )"));
        CommandRun broken = refused(dir);
        assertThat(broken.err()).contains(dir.resolve("org/alliancerules/rules/broken.drl") + ":");
    }
}
