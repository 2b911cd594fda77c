package org.alliancerules.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line with P1 requests and fixtures: results, bad input (exit 2), explain, failing fixture diffs. */
class P1CliTest {

    @Test
    void evaluatePrintsContactAndCreatorResults() throws Exception {
        CommandRun r = CliTest.run((String) null, "evaluate", "examples/contact-request.json", "--rules", "rules");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode result = Json.jsonMapper().readTree(r.out());
        assertThat(result.at("/contactResults/0/requestId").asText()).isEqualTo("r-1");
        assertThat(result.at("/contactResults/0/type").asText()).isEqualTo("CONTACT_ALLOWED");
        assertThat(result.at("/contactResults/0/remaining").asInt()).isEqualTo(67);
        assertThat(result.at("/contactResults/1/clause").asText()).isEqualTo("IMQ-3");
        assertThat(result.at("/creatorResults/0/decisions/0/type").asText()).isEqualTo("SHOWCASE_ALLOWED");
        assertThat(result.at("/creatorResults/1/decisions")).hasSize(4);
    }

    @Test
    void aP1RequestWithBadValuesDecidesNothingAndExitsWith2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(Path.of("examples/contact-request.json"))
                .replace("\"2026-11-25T10:15:00+08:00\"", "\"2026-11-25T10:15:00\"")
                .replace("\"action\": \"VIEW_CONTACT\"", "\"action\": \"CALL\"")
                .replace("\"contactViews\": 3", "\"contactViews\": -3"));

        CommandRun r = CliTest.run((String) null, "evaluate", bad.toString(), "--rules", "rules");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains(bad + ":11:63: /weekUsage/0/contactViews")
                .contains("/weekUsage/0/contactViews: must be at least 0, got -3")
                .contains("/contactRequests/0/at: must be a date and time with its offset")
                .contains("/contactRequests/1/action: must be one of OPEN_CONVERSATION, VIEW_CONTACT, got \"CALL\"")
                .doesNotContain("Exception");
    }

    @Test
    void explainSaysWhyAContactRequestWasRefused() {
        CommandRun r = CliTest.run((String) null, "explain", "fixtures/contact-quota.yaml", "--rules", "rules",
                "--case", "IMQ-2 the last conversation of the quota is allowed and the next one refused", "--contact", "r-over");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("CONTACT_REFUSED under IMQ-2")
                .contains("quota     40 a week (a PLACEHOLDER tier")
                .contains("used      40")
                .contains("remaining 0")
                .contains("week      2026-11-23 (Monday 00:00) to 2026-11-30 (Monday 00:00), Asia/Shanghai")
                .contains("merchant tier GMV 10000.00 to under 100000.00 yuan");
    }

    @Test
    void explainSaysWhyACreatorMayNotOpenTheShowcase() {
        CommandRun r = CliTest.run((String) null, "explain", "fixtures/showcase.yaml", "--rules", "rules",
                "--case", "SHW-1 999 followers is one short", "--creator", "cr-999");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("creator cr-999: may not open the showcase")
                .contains("followers            999          >= 1000")
                .contains("SHOWCASE_DENIED SHW-1  followers 999 < 1000");
    }

    @Test
    void explainOfAContactRequestThatIsNotThereIsBadInput() {
        CommandRun r = CliTest.run((String) null, "explain", "examples/contact-request.json", "--rules", "rules", "--contact", "r-9");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no contact request \"r-9\"; contact requests: r-1, r-2");
    }

    @Test
    void aFixtureWhoseContactExpectationIsWrongFailsWithADiff(@TempDir Path dir) throws Exception {
        Path fixture = dir.resolve("wrong.yaml");
        Files.writeString(fixture, String.join("\n",
                "cases:",
                "  - name: IMQ-2 expects one left too many",
                "    clauses: [IMQ-2]",
                "    request:",
                "      asOf: 2026-11-25",
                "      merchants: [ { id: m-1, lastWeekGmv: 10000, alliance: { member: true }, experienceScore: 4.5 } ]",
                "      creators: [ { id: cr-1 }, { id: cr-2 } ]",
                "      contactRequests:",
                "        - { id: r-1, at: \"2026-11-25T09:00:00+08:00\", action: OPEN_CONVERSATION,",
                "            from: { type: MERCHANT, id: m-1 }, to: { type: CREATOR, id: cr-1 } }",
                "        - { id: r-2, at: \"2026-11-25T09:01:00+08:00\", action: VIEW_CONTACT,",
                "            from: { type: MERCHANT, id: m-1 }, to: { type: CREATOR, id: cr-2 } }",
                "    contacts:",
                "      r-1: { type: CONTACT_ALLOWED, clause: IMQ-2, remaining: 40 }",
                ""));

        CommandRun r = CliTest.run((String) null, "test", fixture.toString(), "--rules", "rules");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL").contains("contact request r-1:")
                .contains("mismatch: remaining: expected 40, got 39")
                .contains("contact request r-2:").contains("unexpected: CONTACT_ALLOWED IMQ-3");
    }
}
