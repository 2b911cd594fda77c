package org.alliancerules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A broken DRL is reported as file:line:col: message, without engine noise. */
class RuleCompilationTest {

    private static final String HEADER = String.join("\n",
            "package org.alliancerules.rules;",
            "import org.alliancerules.facts.*;",
            "import org.alliancerules.policy.*;",
            "");

    private static RuleCompilationException compileError(String drl) {
        try {
            RuleSet.compile(List.of(new RuleSource("rules/broken.drl", HEADER + drl)), "test");
        } catch (RuleCompilationException e) {
            return e;
        }
        throw new AssertionError("expected the DRL not to compile");
    }

    @Test
    void aSyntaxErrorNamesFileLineAndColumn() {
        RuleCompilationException e = compileError(String.join("\n",
                "rule \"Broken\"",
                "    @clause(\"ADM-1\")",
                "when",
                "    $m : Merchant( member == false ",
                "then",
                "end"));
        assertThat(e.errors()).isNotEmpty();
        RuleError first = e.errors().get(0);
        assertThat(first.file()).isEqualTo("rules/broken.drl");
        assertThat(first.line()).isEqualTo(8);
        assertThat(first.column()).isPositive();
        assertThat(first.format()).startsWith("rules/broken.drl:8:");
        assertThat(e.getMessage()).doesNotContain("Parser returned a null Package").doesNotContain("[ERR");
    }

    @Test
    void anUnknownFieldPointsAtTheConstraint() {
        RuleCompilationException e = compileError(String.join("\n",
                "rule \"Typo\"",
                "    @clause(\"CHK-1\")",
                "when",
                "    $m : Merchant( member == true, experienceScor < 3 )",
                "then",
                "end"));
        assertThat(e.errors()).hasSize(1);
        RuleError err = e.errors().get(0);
        assertThat(err.line()).isEqualTo(7);
        assertThat(err.column()).isEqualTo(36);
        assertThat(err.message()).contains("experienceScor").contains("Merchant");
    }

    @Test
    void anUndefinedFunctionInAConsequencePointsAtItsCall() {
        RuleCompilationException e = compileError(String.join("\n",
                "rule \"Bad call\"",
                "    @clause(\"CHK-1\")",
                "when",
                "    $m : Merchant( member == true )",
                "then",
                "    noSuchFunction($m);",
                "end"));
        assertThat(e.errors()).hasSize(1);
        assertThat(e.errors().get(0).format()).startsWith("rules/broken.drl:9:5: ").contains("noSuchFunction")
                .doesNotContain("Rule_Bad");
    }

    @Test
    void thePackagedRulesCompileAndEveryRuleNamesItsClause() {
        RuleSet rules = RuleSet.fromClasspath();
        assertThat(rules.rules()).isNotEmpty();
        assertThat(rules.rules()).allSatisfy(r -> assertThat(r.clauses()).as(r.name()).isNotEmpty());
    }

    @Test
    void aMissingRulesDirectoryIsACompilationProblemNotACrash() {
        assertThatThrownBy(() -> RuleSet.fromDirectory(java.nio.file.Path.of("no/such/dir")))
                .isInstanceOf(RuleCompilationException.class).hasMessageContaining("no/such/dir");
    }
}
