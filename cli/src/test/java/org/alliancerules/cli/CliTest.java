package org.alliancerules.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line's contract: exit codes, stdout carries only the result, output is deterministic. */
class CliTest {

    static CommandRun run(String stdin, String... args) {
        return CommandRun.of(stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    static CommandRun run(InputStream stdin, String... args) {
        return CommandRun.of(stdin, args);
    }

    @Test
    void evaluatePrintsTheResultJsonAndIsByteForByteDeterministic() throws Exception {
        CommandRun first = run((String) null, "evaluate", "examples/sample-request.json", "--rules", "rules");
        CommandRun second = run((String) null, "evaluate", "examples/sample-request.json", "--rules", "rules", "--threads", "1");
        assertThat(first.code()).isZero();
        assertThat(first.out()).isEqualTo(second.out());
        JsonNode result = Json.jsonMapper().readTree(first.out());
        assertThat(result.get("asOf").asText()).isEqualTo("2026-11-22");
        assertThat(result.get("policy").asText()).isEqualTo("default@2022-12-30");
        assertThat(result.get("results")).hasSize(13);
        JsonNode closed = result.get("results").get(1);
        assertThat(closed.get("merchantId").asText()).isEqualTo("m-1002");
        assertThat(closed.at("/decisions/0/type").asText()).isEqualTo("ALLIANCE_CLOSED");
        assertThat(closed.at("/decisions/0/clause").asText()).isEqualTo("CHK-2");
        assertThat(closed.at("/next/alliance/closures").asInt()).isEqualTo(2);
        assertThat(closed.at("/next/alliance/closedOn").asText()).isEqualTo("2026-11-22");
    }

    @Test
    void evaluateReadsStandardInput() {
        String request = "{\"asOf\":\"2026-11-22\",\"merchants\":[{\"id\":\"m-1\",\"onboardedOn\":\"2024-01-01\","
                + "\"shopOpen\":true,\"accountNormal\":true,\"businessNormal\":true,\"experienceScore\":4.0,"
                + "\"brandQualified\":true}]}";
        CommandRun r = run(request, "evaluate", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"ADMITTED\"").contains("\"ADM-8\"");
    }

    @Test
    void badInputIsExit2WithEveryProblemLocatedAndNothingOnStdout(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\n  \"asOf\": \"2026-11-22\",\n  \"merchants\": [\n"
                + "    { \"id\": \"a\", \"experienceScore\": 5.5 },\n"
                + "    { \"id\": \"a\", \"alliance\": { \"member\": true, \"closures\": -1 } }\n  ]\n}\n");
        CommandRun r = run((String) null, "evaluate", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(bad + ":4:").contains("/merchants/0/experienceScore")
                .contains("/merchants/1/id").contains("/merchants/1/alliance/closures");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMalformedFileIsExit2() {
        CommandRun r = run("{ \"asOf\": ", "evaluate");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("<stdin>:");
    }

    @Test
    void aMissingFileIsBadInput() {
        CommandRun r = run((String) null, "evaluate", "no-such-request.json");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no-such-request.json: no such file");
    }

    @Test
    void anUnknownPolicyProfileIsBadInput() {
        CommandRun r = run("{\"asOf\":\"2026-11-22\",\"policy\":\"nope\",\"merchants\":[]}", "evaluate", "-");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).contains("nope");
    }

    @Test
    void brokenRulesAreExit3WithFileLineColumnAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules.resolve("policy"));
        Files.copy(Path.of("rules/policy/default.yaml"), rules.resolve("policy/default.yaml"));
        Files.writeString(rules.resolve("broken.drl"), "package org.alliancerules.rules;\n"
                + "import org.alliancerules.facts.*;\n\nrule \"Broken\"\n    @clause(\"ADM-1\")\nwhen\n"
                + "    Merchant( member == false\nthen\nend\n");
        CommandRun r = run((String) null, "evaluate", "examples/sample-request.json", "--rules", rules.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.RULES_BROKEN);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(rules.resolve("broken.drl") + ":8:");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("null Package");
    }

    @Test
    void aChangedThresholdInAPolicyFileChangesTheDecisionWithoutRebuilding(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("strict.yaml");
        Files.writeString(policy, Files.readString(Path.of("rules/policy/default.yaml"))
                .replace("minScore: 4.0", "minScore: 4.6").replace("id: default", "id: strict"));
        CommandRun r = run((String) null, "evaluate", "examples/sample-request.json", "--policy", policy.toString());
        assertThat(r.code()).isZero();
        JsonNode result = Json.jsonMapper().readTree(r.out());
        assertThat(result.get("policy").asText()).startsWith("strict@");
        JsonNode m2001 = result.get("results").get(4);
        assertThat(m2001.at("/decisions/0/type").asText()).isEqualTo("ADMISSION_DENIED");
        assertThat(m2001.at("/decisions/0/reason").asText()).isEqualTo("experience score 4.50 < 4.60");
    }

    @Test
    void anInconsistentPolicyIsBadInput(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, Files.readString(Path.of("rules/policy/default.yaml"))
                .replace("closureBelow: 3.5", "closureBelow: 3.9"));
        CommandRun r = run((String) null, "evaluate", "examples/sample-request.json", "--policy", policy.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("closureBelow");
    }

    @Test
    void demoWithARequestPrintsASummary() {
        CommandRun r = run((String) null, "demo", "--file", "examples/sample-request.json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("m-1002").contains("ALLIANCE_CLOSED").contains("totals:");
    }

    @Test
    void demoSweepsTheSampleDaysAndShowsTheRoadToABan() {
        CommandRun r = run((String) null, "demo");
        assertThat(r.code()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).contains("the daily sweep of 5 sample days");
        // m-road (examples/sweep): score 3.70 a member (CHK-1), 3.40 (CHK-2, closure 2 of 3), 4.20 (ADM-8),
        // 3.45 (CHK-2, closure 3 of 3: STR-2), then refused under ADM-7
        String road = out.substring(out.indexOf("m-road:"), out.indexOf("m-new:"));
        assertThat(road).containsSubsequence(
                "2026-11-20", "ALLIANCE_WARNING", "CHK-1", "experience score 3.70 < 3.80",
                "2026-11-21", "ALLIANCE_CLOSED", "CHK-2", "experience score 3.40 < 3.50", "not a member, 2 closures",
                "2026-11-22", "ADMITTED", "ADM-8", "member since 2026-11-22",
                "2026-11-23", "ALLIANCE_CLOSED", "PERMANENTLY_BANNED", "STR-2", "3 closures",
                "2026-11-24", "ADMISSION_DENIED", "ADM-7");
        // m-new: every failing admission clause, each day
        String denied = out.substring(out.indexOf("m-new:"), out.indexOf("m-fresh:"));
        assertThat(denied).contains("ADM-3").contains("ADM-4").contains("ADM-6");
        assertThat(out).contains("history m-road --db jdbc:sqlite:");
    }

    static Stream<Arguments> optionsOutOfRange() {
        String request = "examples/sample-request.json";
        String snapshot = "examples/sweep/2026-11-20.csv";
        return Stream.of(
                Arguments.of("evaluate --batch-size 0", new String[] {"evaluate", request, "--stream", "--batch-size", "0"},
                        "Invalid value for option '--batch-size': 0 (must be 1 or more)"),
                Arguments.of("evaluate --batch-size -5", new String[] {"evaluate", request, "--stream", "--batch-size", "-5"},
                        "Invalid value for option '--batch-size': -5 (must be 1 or more)"),
                Arguments.of("evaluate --batch-size abc", new String[] {"evaluate", request, "--batch-size", "abc"},
                        "Invalid value for option '--batch-size': 'abc' is not a whole number (must be 1 or more)"),
                Arguments.of("evaluate --batch-size 99999999999", new String[] {"evaluate", request, "--batch-size", "99999999999"},
                        "Invalid value for option '--batch-size': 99999999999 (must be 1 or more)"),
                Arguments.of("test --min-coverage 150", new String[] {"test", "fixtures", "--min-coverage", "150"},
                        "Invalid value for option '--min-coverage': 150 (must be between 0 and 100)"),
                Arguments.of("test --min-coverage -5", new String[] {"test", "fixtures", "--min-coverage", "-5"},
                        "Invalid value for option '--min-coverage': -5 (must be between 0 and 100)"),
                Arguments.of("test --min-coverage NaN", new String[] {"test", "fixtures", "--min-coverage", "NaN"},
                        "Invalid value for option '--min-coverage': NaN (must be between 0 and 100)"),
                Arguments.of("test --min-coverage Infinity", new String[] {"test", "fixtures", "--min-coverage", "Infinity"},
                        "Invalid value for option '--min-coverage': Infinity (must be between 0 and 100)"),
                Arguments.of("test --min-coverage ninety", new String[] {"test", "fixtures", "--min-coverage", "ninety"},
                        "Invalid value for option '--min-coverage': 'ninety' is not a number (must be between 0 and 100)"),
                Arguments.of("test --format xml", new String[] {"test", "fixtures", "--format", "xml"},
                        "Invalid value for option '--format': 'xml' (must be text or json)"),
                Arguments.of("bench --merchants -1", new String[] {"bench", "--merchants", "-1"},
                        "Invalid value for option '--merchants': -1 (must be 1 or more)"),
                Arguments.of("bench --merchants 0", new String[] {"bench", "--merchants", "0"},
                        "Invalid value for option '--merchants': 0 (must be 1 or more)"),
                Arguments.of("bench --rounds 0", new String[] {"bench", "--rounds", "0"},
                        "Invalid value for option '--rounds': 0 (must be 1 or more)"),
                Arguments.of("bench --threads 0", new String[] {"bench", "--threads", "0"},
                        "Invalid value for option '--threads': 0 (must be 1 or more)"),
                Arguments.of("bench --threads -3", new String[] {"bench", "--threads", "-3"},
                        "Invalid value for option '--threads': -3 (must be 1 or more)"),
                Arguments.of("bench --batch-size 0", new String[] {"bench", "--batch-size", "0"},
                        "Invalid value for option '--batch-size': 0 (must be 1 or more)"),
                Arguments.of("bench --block 0", new String[] {"bench", "--curve", "--block", "0"},
                        "Invalid value for option '--block': 0 (must be 1 or more)"),
                Arguments.of("bench --curve-sizes 1000,0", new String[] {"bench", "--curve", "--curve-sizes", "1000,0"},
                        "Invalid value for option '--curve-sizes' (N,N,...): 0 (must be 1 or more)"),
                Arguments.of("bench --show-mismatches -1", new String[] {"bench", "--show-mismatches", "-1"},
                        "Invalid value for option '--show-mismatches': -1 (must be 0 or more)"),
                Arguments.of("bench --format xml", new String[] {"bench", "--format", "xml"},
                        "Invalid value for option '--format': 'xml' (must be text or json)"),
                Arguments.of("sweep --part-size 0", new String[] {"sweep", "--day", "2026-11-20", "--part-size", "0", snapshot},
                        "Invalid value for option '--part-size': 0 (must be 1 or more)"),
                Arguments.of("sweep --day 2026-02-30", new String[] {"sweep", "--day", "2026-02-30", snapshot},
                        "Invalid value for option '--day': '2026-02-30' is not a date (must be a real calendar date, YYYY-MM-DD)"),
                Arguments.of("sweep --day 20261120", new String[] {"sweep", "--day", "20261120", snapshot},
                        "Invalid value for option '--day': '20261120' is not a date (must be a real calendar date, YYYY-MM-DD)"),
                Arguments.of("history --from 2026-13-01", new String[] {"history", "m-1", "--from", "2026-13-01"},
                        "Invalid value for option '--from': '2026-13-01' is not a date (must be a real calendar date, YYYY-MM-DD)"),
                Arguments.of("history --to yesterday", new String[] {"history", "m-1", "--to", "yesterday"},
                        "Invalid value for option '--to': 'yesterday' is not a date (must be a real calendar date, YYYY-MM-DD)"),
                Arguments.of("explain --day 0", new String[] {"explain", "fixtures/grading.yaml", "--merchant", "m-1", "--day", "0"},
                        "Invalid value for option '--day': 0 (must be 1 or more)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionsOutOfRange")
    void anOptionOutOfRangeIsAUsageErrorExitTwoOnStderr(String what, String[] args, String message) {
        CommandRun r = run((String) null, args);
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith(message + System.lineSeparator()).contains("Usage: alliance-rules " + args[0]);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Standard input that prints to System.out when it is read, as a rule or a library could while a command runs. */
    private static InputStream noisy(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                System.out.println("noise printed to System.out while the command runs");
                return super.read(b, off, len);
            }

            @Override
            public int read() throws java.io.IOException {
                System.out.println("noise printed to System.out while the command runs");
                return super.read();
            }
        };
    }

    @Test
    void stdoutCarriesOnlyTheResultWhateverElsePrintsToSystemOut() throws Exception {
        String request = Files.readString(Path.of("examples/sample-request.json"));
        CommandRun quiet = run(request, "evaluate", "-");
        CommandRun noisy = run(noisy(request), "evaluate", "-");
        assertThat(noisy.code()).isZero();
        assertThat(noisy.out()).isEqualTo(quiet.out());
        Json.jsonMapper().readTree(noisy.out());
        assertThat(noisy.err()).contains("noise printed to System.out while the command runs");
    }

    @Test
    void resultsIsSystemOutOutsideACommand() {
        assertThat(Main.results()).isSameAs(System.out);
    }

    @Test
    void helpGoesToStdoutAndAUsageErrorToStderr() {
        CommandRun help = run((String) null, "evaluate", "--help");
        assertThat(help.out()).startsWith("Usage: alliance-rules evaluate");
        assertThat(help.err()).isEmpty();
        CommandRun unknown = run((String) null, "evaluate", "--no-such-option");
        assertThat(unknown.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).contains("Unknown option: '--no-such-option'").contains("Usage: alliance-rules evaluate");
        CommandRun none = run((String) null);
        assertThat(none.code()).isZero();
        assertThat(none.out()).startsWith("Usage: alliance-rules");
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"evaluate", "validate", "check", "demo", "sweep", "history", "simulate", "test", "explain", "diff", "report"}) {
            CommandRun r = run((String) null, cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage:");
        }
    }
}
