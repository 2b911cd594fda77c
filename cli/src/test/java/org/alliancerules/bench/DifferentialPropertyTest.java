package org.alliancerules.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.alliancerules.engine.RulesEngine;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.policy.Policy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;

/**
 * The DRL engine against the plain-Java oracle on random populations biased toward every boundary of
 * the P0 rules ({@link PopulationGenerator}). Each try is one request of 1..12 merchants, about a
 * third of them sharing controllers (ADM-5). The number of tries is {@code differential.tries}
 * (jqwik.tries.default, set by the pom: 10,000; -Pdifferential-1m: 1,000,000).
 *
 * <p>A failure prints the population as JSON and writes it, with the oracle's expectation, as a
 * fixture case under target/differential-mismatches/ to be adjudicated and moved to fixtures/differential/.
 */
class DifferentialPropertyTest {

    static final RulesEngine ENGINE = RulesEngine.builder().rulesDirectory(Path.of("rules")).threads(1).build();
    static final Policy POLICY = ENGINE.policies().find("default");
    static final Oracle ORACLE = new Oracle(POLICY);
    static final PopulationGenerator GENERATOR = new PopulationGenerator(POLICY, PopulationGenerator.DEFAULT_AS_OF);

    @Property(shrinking = ShrinkingMode.FULL)
    void engineAgreesWithTheOracle(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int size) throws Exception {
        EvaluationRequest request = GENERATOR.request(seed, size);
        EvaluationResult expected = ORACLE.evaluate(request);
        EvaluationResult actual = ENGINE.evaluate(request);
        List<Differences.Mismatch> mismatches = Differences.between(expected, actual);
        if (!mismatches.isEmpty()) {
            MismatchFixtures.write(Path.of("target", "differential-mismatches"), "seed-" + seed + "-n" + size,
                    request, expected, mismatches);
        }
        assertThat(mismatches).as("engine vs oracle, seed %d, %d merchants", seed, size).isEmpty();
    }
}
