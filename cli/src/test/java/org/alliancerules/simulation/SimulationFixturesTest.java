package org.alliancerules.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.alliancerules.engine.RulesEngine;
import org.alliancerules.fixtures.FixtureLoader;
import org.alliancerules.sweep.Simulation;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every simulation under fixtures/ ({@code *.sim.yaml}) replayed through the daily sweep; each expectation
 * is a test named by its file, title, merchant and day.
 */
class SimulationFixturesTest {

    private static final RulesEngine ENGINE = RulesEngine.builder().rulesDirectory(Path.of("rules")).build();

    @TestFactory
    Stream<DynamicNode> everySimulationMeetsItsExpectations() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("fixtures"))) {
            files = walk.filter(f -> f.getFileName().toString().endsWith(FixtureLoader.SIMULATION_SUFFIX)).sorted().toList();
        }
        assertThat(files).as("simulations under fixtures/").isNotEmpty();
        List<DynamicNode> nodes = new ArrayList<>();
        for (Path file : files) {
            Simulation.Result result = new Simulation(ENGINE).run(file);
            List<DynamicTest> checks = new ArrayList<>();
            for (Simulation.Check c : result.checks()) {
                checks.add(DynamicTest.dynamicTest(c.merchant() + " on " + c.day(),
                        () -> assertThat(c.passed()).as(file + ":" + c.line() + ": " + c.detail()).isTrue()));
            }
            nodes.add(DynamicContainer.dynamicContainer(file.getFileName() + " — " + result.title(), checks.stream()));
        }
        return nodes.stream();
    }
}
