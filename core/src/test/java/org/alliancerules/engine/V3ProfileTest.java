package org.alliancerules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import org.alliancerules.io.Json;
import org.alliancerules.model.AllianceState;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.policy.Policy;
import org.alliancerules.policy.PolicyException;
import org.alliancerules.policy.PolicyLoader;
import org.alliancerules.policy.V3Policy;
import org.alliancerules.support.RulesCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the seed-003 profile runs its own rule set (rules/v3/, a KieBase of its own) while the default
 * profile keeps exactly its rules; the rule guard and lint check the v3 rules as they check the default ones;
 * the working days come from the policy's calendar.
 */
class V3ProfileTest {

    @TempDir
    Path tmp;

    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 25);

    /** An individual shop at 4.1 with 300 genuine orders: enough for seed 000 (4.0), not for seed 003 (4.2). */
    private static MerchantInput individualAt41() {
        return new MerchantInput("m-41", null, "INDIVIDUAL", "APPAREL", LocalDate.of(2025, 1, 10), true, true, true, 4.1,
                true, List.of(), AllianceState.NONE, null, null, List.of(), null, null, 300, null, null, null, null, null,
                null, null, null);
    }

    private static List<String> types(EvaluationResult r) {
        return r.results().get(0).decisions().stream().map(d -> d.type() + " " + d.clause()).toList();
    }

    private static void bothProfilesDecideByTheirOwnSeed(RulesEngine engine) {
        EvaluationResult byDefault = engine.evaluate(new EvaluationRequest(AS_OF, "default", List.of(individualAt41())));
        EvaluationResult byV3 = engine.evaluate(new EvaluationRequest(AS_OF, "v3", List.of(individualAt41())));
        assertThat(types(byDefault)).containsExactly("ADMITTED ADM-8");
        assertThat(types(byV3)).containsExactly("ADMISSION_DENIED V3-ADM-1");
        assertThat(byV3.results().get(0).decisions().get(0).reason()).contains("4.10 < 4.20");
        assertThat(byV3.policy()).startsWith("v3@");
    }

    @Test
    void eachProfileRunsItsOwnRuleSetPackagedOrFromARulesDirectory() {
        for (RulesEngine engine : List.of(RulesEngine.builder().build(),
                RulesEngine.builder().rulesDirectory(Path.of("rules")).build())) {
            bothProfilesDecideByTheirOwnSeed(engine);
            Policy v3 = engine.policies().find("v3");
            // the default rule set is the top-level DRL only; v3's is rules/v3/ only
            assertThat(engine.ruleSet().rules()).allSatisfy(r -> assertThat(r.file()).doesNotContain("v3"));
            assertThat(engine.ruleSetFor(v3).rules()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.file()).contains("v3/"))
                    .allSatisfy(r -> assertThat(r.clauses()).allMatch(c -> c.startsWith("V3-") || c.startsWith("PRD-")
                            || c.startsWith("DSP-")));
            assertThat(engine.ruleSetFor(engine.policies().find("default"))).isSameAs(engine.ruleSet());
            assertThat(engine.allRules()).hasSize(engine.ruleSet().rules().size() + engine.ruleSetFor(v3).rules().size());
        }
    }

    @Test
    void aDefaultResultCarriesNoLadderAndItsPolicyNeedsNoV3Section() {
        RulesEngine engine = RulesEngine.builder().build();
        EvaluationResult r = engine.evaluate(new EvaluationRequest(AS_OF, "default", List.of(individualAt41())));
        assertThat(Json.jsonMapper().valueToTree(r.results().get(0).next()).has("ladder")).isFalse();
        Policy byDefault = engine.policies().find("default");
        assertThat(byDefault.v3().present()).isFalse();
        assertThat(byDefault.ruleSetOrDefault()).isEqualTo(Policy.DEFAULT_RULE_SET);
        // written (and checksummed by the sweep) as before the optional sections existed; v3 writes its own
        assertThat(Json.jsonMapper().valueToTree(byDefault).has("ruleSet")).isFalse();
        assertThat(Json.jsonMapper().valueToTree(byDefault).has("v3")).isFalse();
        assertThat(Json.jsonMapper().valueToTree(engine.policies().find("v3")).path("v3").path("ladder").path("removeAt").asInt())
                .isEqualTo(3);
    }

    private Path copyOfRules() throws IOException {
        return RulesCopy.into(tmp);
    }

    @Test
    void theRuleGuardChecksTheV3Rules() throws IOException {
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("v3/exit.drl"), """
                package org.alliancerules.rules.v3;
                import org.alliancerules.facts.*;
                rule "V3 leave"
                    @clause("V3-OPS-1")
                when
                    Shop( )
                then
                    System.exit(1);
                end
                """, StandardCharsets.UTF_8);
        RulesEngine engine = RulesEngine.builder().rulesDirectory(rules).build(); // the default rule set is untouched
        assertThat(engine.evaluate(new EvaluationRequest(AS_OF, "default", List.of(individualAt41())))
                .results()).hasSize(1);
        assertThatThrownBy(() -> engine.evaluate(new EvaluationRequest(AS_OF, "v3", List.of(individualAt41()))))
                .isInstanceOf(RuleRefusedException.class)
                .satisfies(e -> assertThat(((RuleRefusedException) e).errors()).anySatisfy(err -> {
                    assertThat(err.file()).endsWith("exit.drl");
                    assertThat(err.message()).contains("java.lang.System.exit");
                }));
    }

    @Test
    void theLintChecksTheV3RulesAgainstTheCatalogue() throws IOException {
        Path rules = copyOfRules();
        Files.writeString(rules.resolve("v3/unknown.drl"), """
                package org.alliancerules.rules.v3;
                import org.alliancerules.facts.*;
                rule "V3 a clause the catalogue does not have"
                    @clause("V3-XYZ-9")
                when
                    Shop( )
                then
                end
                """, StandardCharsets.UTF_8);
        RulesEngine engine = RulesEngine.builder().rulesDirectory(rules).build();
        assertThatThrownBy(engine::allRules).isInstanceOf(RuleRefusedException.class)
                .hasMessageContaining("V3-XYZ-9");
    }

    @Test
    void workingDaysComeFromThePolicysCalendar() {
        V3Policy.WorkingCalendar cal = RulesEngine.builder().build().policies().find("v3").v3().calendar();
        // National Day 2026: 10-01..10-07 off, Saturday 10-10 worked
        assertThat(RuleSupport.workingDaysAfter(LocalDate.of(2026, 9, 30), 7, cal)).isEqualTo(LocalDate.of(2026, 10, 15));
        assertThat(RuleSupport.workingDay(LocalDate.of(2026, 10, 10), cal)).isTrue();
        assertThat(RuleSupport.workingDay(LocalDate.of(2026, 10, 5), cal)).isFalse();
        assertThat(RuleSupport.workingDay(LocalDate.of(2026, 11, 28), cal)).isFalse(); // a plain Saturday
        // Spring Festival 2026: Saturdays 02-14 and 02-28 worked, 02-15..02-23 off
        assertThat(RuleSupport.workingDaysAfter(LocalDate.of(2026, 2, 13), 7, cal)).isEqualTo(LocalDate.of(2026, 3, 2));
        // 2025 National Day and Mid-Autumn: 10-01..10-08 off, then Thursday 10-09, Friday 10-10, Saturday 10-11 worked
        assertThat(RuleSupport.workingDaysAfter(LocalDate.of(2025, 9, 30), 3, cal)).isEqualTo(LocalDate.of(2025, 10, 11));
        // beyond the calendar's years: not dated
        assertThat(RuleSupport.workingDaysAfter(LocalDate.of(2026, 12, 28), 7, cal)).isNull();
    }

    @Test
    void aV3SectionThatDoesNotAddUpIsRefusedWhereItIsWritten() throws IOException {
        String text = Files.readString(Path.of("rules/policy/v3.yaml"))
                .replace("experienceWeight: 0.25", "experienceWeight: 0.35");
        Path file = Files.writeString(tmp.resolve("v3.yaml"), text);
        int line = 1 + (int) text.lines().takeWhile(l -> !l.contains("fulfilmentWeight:")).count();
        assertThatThrownBy(() -> PolicyLoader.load(file)).isInstanceOf(PolicyException.class)
                .satisfies(e -> assertThat(((PolicyException) e).problems()).singleElement().asString()
                        .startsWith(file + ":" + line + ":")
                        .endsWith(": v3.operating.fulfilmentWeight: the four weights must add up to 1 (100%), got 1.1"));
    }
}
