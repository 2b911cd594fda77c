package org.alliancerules.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: exit codes, stdout carries only the result, output is deterministic. */
class CliTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            if (stdin != null) {
                System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            }
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    @Test
    void evaluatePrintsTheResultJsonAndIsByteForByteDeterministic() throws Exception {
        Run first = run(null, "evaluate", "examples/sample-request.json", "--rules", "rules");
        Run second = run(null, "evaluate", "examples/sample-request.json", "--rules", "rules", "--threads", "1");
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
        Run r = run(request, "evaluate", "-");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\"ADMITTED\"").contains("\"ADM-8\"");
    }

    @Test
    void badInputIsExit2WithEveryProblemLocatedAndNothingOnStdout(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\n  \"asOf\": \"2026-11-22\",\n  \"merchants\": [\n"
                + "    { \"id\": \"a\", \"experienceScore\": 5.5 },\n"
                + "    { \"id\": \"a\", \"alliance\": { \"member\": true, \"closures\": -1 } }\n  ]\n}\n");
        Run r = run(null, "evaluate", bad.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(bad + ":4:").contains("/merchants/0/experienceScore")
                .contains("/merchants/1/id").contains("/merchants/1/alliance/closures");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aMalformedFileIsExit2() {
        Run r = run("{ \"asOf\": ", "evaluate");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("<stdin>:");
    }

    @Test
    void aMissingFileIsBadInput() {
        Run r = run(null, "evaluate", "no-such-request.json");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no-such-request.json: no such file");
    }

    @Test
    void anUnknownPolicyProfileIsBadInput() {
        Run r = run("{\"asOf\":\"2026-11-22\",\"policy\":\"nope\",\"merchants\":[]}", "evaluate", "-");
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
        Run r = run(null, "evaluate", "examples/sample-request.json", "--rules", rules.toString());
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
        Run r = run(null, "evaluate", "examples/sample-request.json", "--policy", policy.toString());
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
        Run r = run(null, "evaluate", "examples/sample-request.json", "--policy", policy.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("closureBelow");
    }

    @Test
    void demoWithARequestPrintsASummary() {
        Run r = run(null, "demo", "--file", "examples/sample-request.json");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("m-1002").contains("ALLIANCE_CLOSED").contains("totals:");
    }

    @Test
    void demoSweepsTheSampleDaysAndShowsTheRoadToABan() {
        Run r = run(null, "demo");
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
        assertThat(out).contains("history m-road --db jdbc:h2:file:");
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"evaluate", "demo", "sweep", "history", "simulate", "test", "explain"}) {
            Run r = run(null, cmd, "--help");
            assertThat(r.code()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage:");
        }
    }
}
