package org.alliancerules.engine;

import org.alliancerules.cli.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.alliancerules.io.RequestReader;
import org.alliancerules.model.EvaluationRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runaway rules stop: a firing limit per merchant, a wall time per batch, a consequence that throws; exit 5. */
class RunawayRulesTest {

    @TempDir
    Path dir;

    private CommandRun stopped(String body, String... options) throws IOException {
        CommandRun run = HostileRules.evaluate(HostileRules.directory(dir, "loop.drl", body), options);
        assertThat(run.code()).as(run.err()).isEqualTo(5);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip().lines()).hasSize(1);
        return run;
    }

    private String at(int line) {
        return dir.resolve("loop.drl") + ":" + line + ":1: ";
    }

    private static final String INSERT_CYCLE = String.join("\n",
            "rule \"Seed\"",
            "    @clause(\"CHK-1\")",
            "when",
            "    $m : Merchant( id == \"m-1001\" )",
            "then",
            "    insert(decide(kcontext, $m.id(), DecisionType.ALLIANCE_WARNING, \"0\"));",
            "end",
            "",
            "rule \"Loop\"",
            "    @clause(\"CHK-1\")",
            "when",
            "    $d : Decision( merchantId == \"m-1001\" )",
            "then",
            "    insert(decide(kcontext, $d.merchantId(), DecisionType.ALLIANCE_WARNING, $d.reason() + \"1\"));",
            "end",
            "");

    @Test
    @DisplayName("an insert cycle stops at the firing limit, naming the rule that fired most, its line and the merchant")
    void insertCycle() throws IOException {
        CommandRun run = stopped(INSERT_CYCLE, "--max-firings", "200");
        assertThat(run.err()).startsWith(at(HostileRules.HEADER_LINES + 9) + "rule \"Loop\" fired 199 times for merchant m-1001 "
                + "(200 firings in all), reaching the limit of 200 firings per merchant (--max-firings); evaluation stopped, nothing written");
    }

    @Test
    @DisplayName("an update($m) loop stops at the firing limit")
    void updateLoop() throws IOException {
        CommandRun run = stopped(String.join("\n",
                "rule \"Again\"",
                "    @clause(\"CHK-1\")",
                "    no-loop false",
                "when",
                "    $m : Merchant( id == \"m-1002\" )",
                "then",
                "    update($m);",
                "end",
                ""));
        assertThat(run.err()).startsWith(at(HostileRules.HEADER_LINES + 1) + "rule \"Again\" fired 1000 times for merchant m-1002, "
                + "reaching the limit of 1000 firings per merchant (--max-firings)");
    }

    @Test
    @DisplayName("while (true) in a consequence is stopped by the batch timeout")
    void endlessConsequence() throws IOException {
        CommandRun run = stopped(String.join("\n",
                "rule \"Spin\"",
                "    @clause(\"CHK-1\")",
                "when",
                "    $m : Merchant( id == \"m-1003\" )",
                "then",
                "    long n = 0;",
                "    while (true) { n++; }",
                "end",
                ""), "--batch-timeout", "2", "--threads", "1");
        assertThat(run.err()).startsWith(at(HostileRules.HEADER_LINES + 1) + "rule \"Spin\" was still running for merchant m-1003 "
                + "when its batch ran out of time (limit --batch-timeout 2 s); evaluation stopped, nothing written");
    }

    @Test
    @DisplayName("a division by zero in a consequence names the rule, its file and line, and the merchant")
    void divisionByZero() throws IOException {
        CommandRun run = stopped(String.join("\n",
                "rule \"Divide\"",
                "    @clause(\"CHK-1\")",
                "when",
                "    $m : Merchant( id == \"m-1002\" )",
                "then",
                "    int zero = $m.closures() - $m.closures();",
                "    insert(decide(kcontext, $m.id(), DecisionType.ALLIANCE_WARNING, \"\" + (1 / zero)));",
                "end",
                ""));
        assertThat(run.err()).isEqualToIgnoringNewLines(at(HostileRules.HEADER_LINES + 1)
                + "rule \"Divide\" failed for merchant m-1002: / by zero");
    }

    @Test
    @DisplayName("every command that runs the rules stops with exit 5: evaluate --stream, test, explain, simulate, sweep")
    void everyCommand() throws IOException {
        Path rules = HostileRules.directory(dir.resolve("rules"), "loop.drl", String.join("\n",
                "rule \"Seed\"",
                "    @clause(\"CHK-1\")",
                "when",
                "    $m : Merchant()",
                "then",
                "    insert(decide(kcontext, $m.id(), DecisionType.ALLIANCE_WARNING, \"0\"));",
                "end",
                "",
                "rule \"Loop\"",
                "    @clause(\"CHK-1\")",
                "when",
                "    $d : Decision()",
                "then",
                "    insert(decide(kcontext, $d.merchantId(), DecisionType.ALLIANCE_WARNING, $d.reason() + \"1\"));",
                "end",
                ""));
        String limit = "--max-firings=50";
        List<String[]> commands = List.of(
                new String[] {"evaluate", "examples/sample-request.json", "--stream", "--rules=" + rules, limit},
                new String[] {"test", "fixtures/daily-check.yaml", "--rules=" + rules, limit},
                new String[] {"explain", "examples/sample-request.json", "--merchant", "m-1001", "--rules=" + rules, limit},
                new String[] {"simulate", "fixtures/simulations/grades-closures-120-days.sim.yaml", "--rules=" + rules, limit},
                new String[] {"sweep", "--day", "2026-11-20", "examples/sweep/2026-11-20.csv",
                        "--db", "jdbc:sqlite:" + dir.resolve("store/alliance.db").toAbsolutePath(), "--rules=" + rules, limit});
        for (String[] command : commands) {
            CommandRun run = HostileRules.run(command);
            assertThat(run.code()).as(command[0] + ": " + run.err()).isEqualTo(5);
            assertThat(run.out()).as(command[0] + ": nothing on stdout").isEmpty();
            assertThat(run.err()).as(command[0]).contains(rules.resolve("loop.drl") + ":")
                    .contains("reaching the limit of 50 firings per merchant (--max-firings); evaluation stopped, nothing written");
        }
        CommandRun history = HostileRules.run("history", "m-road",
                "--db", "jdbc:sqlite:" + dir.resolve("store/alliance.db").toAbsolutePath(), "--format", "json");
        assertThat(history.err()).as("the sweep committed nothing: m-road is unknown to the store").contains("m-road");
        assertThat(history.out()).doesNotContain("2026-11-20");
    }

    @Test
    @DisplayName("the API throws RunawayRulesException, and the options are checked")
    void api() throws IOException {
        HostileRules.directory(dir, "loop.drl", INSERT_CYCLE);
        RulesEngine engine = RulesEngine.builder().rulesDirectory(dir).maxFiringsPerMerchant(50)
                .batchTimeout(Duration.ofSeconds(30)).build();
        EvaluationRequest request = RequestReader.shared().read(Path.of("examples/sample-request.json"));
        assertThatThrownBy(() -> engine.evaluate(request)).isInstanceOf(RunawayRulesException.class)
                .hasMessageContaining("rule \"Loop\"").hasMessageContaining("m-1001");
        assertThatThrownBy(() -> RulesEngine.builder().maxFiringsPerMerchant(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RulesEngine.builder().batchTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("--max-firings 0 and --batch-timeout -1 are refused as bad options (exit 2)")
    void badOptions() {
        CommandRun zero = HostileRules.run("evaluate", "examples/sample-request.json", "--max-firings", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--max-firings must be at least 1, not 0");
        CommandRun negative = HostileRules.run("evaluate", "examples/sample-request.json", "--batch-timeout", "-1");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).contains("--batch-timeout must be at least 1 second, not -1");
        CommandRun threads = HostileRules.run("evaluate", "examples/sample-request.json", "--threads", "0");
        assertThat(threads.code()).isEqualTo(2);
        assertThat(threads.err()).contains("--threads must be at least 1, not 0");
    }
}
