package org.alliancerules.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.alliancerules.cli.Main;
import org.alliancerules.io.Json;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.policy.Policy;
import org.alliancerules.policy.PolicySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** evaluate --stream gives the in-memory evaluate's decisions and next states, batches splitting controllers included. */
class StreamingEvaluateTest {

    static final ObjectMapper WRITER = Json.jsonMapper().copy().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Per merchant: id, sorted "TYPE CLAUSE" list, next state. */
    static List<String> summary(String json) throws Exception {
        List<String> out = new ArrayList<>();
        for (JsonNode r : Json.jsonMapper().readTree(json).get("results")) {
            List<String> ds = new ArrayList<>();
            r.get("decisions").forEach(d -> ds.add(d.get("type").asText() + " " + d.get("clause").asText()));
            ds.sort(null);
            out.add(r.get("merchantId").asText() + " " + ds + " " + r.get("next"));
        }
        return out;
    }

    @Test
    void streamingMatchesInMemory(@TempDir Path dir) throws Exception {
        Policy policy = PolicySet.fromClasspath().find("default");
        EvaluationRequest request = new PopulationGenerator(policy, PopulationGenerator.DEFAULT_AS_OF).request(11, 400);
        Path file = dir.resolve("population.json");
        Files.write(file, WRITER.writeValueAsBytes(request));

        Run whole = cli("evaluate", file.toString());
        Run streamed = cli("evaluate", "--stream", "--batch-size", "7", file.toString());
        assertThat(whole.exit()).isZero();
        assertThat(streamed.exit()).as(streamed.err()).isZero();
        List<String> expected = summary(whole.out());
        assertThat(expected).hasSize(400).anyMatch(s -> s.contains("ADM-5"));
        assertThat(summary(streamed.out())).containsExactlyElementsOf(expected);
        assertThat(streamed.out()).as("byte-identical to the in-memory result").isEqualTo(whole.out());
    }

    @Test
    void invalidFileWritesNothingAndLocatesTheMerchant(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"asOf": "2026-11-22", "merchants": [
                  {"id": "m-1"},
                  {"id": "m-2", "onboardedOn": "2026-12-01"},
                  {"id": "m-1"}
                ]}
                """);
        Run run = cli("evaluate", "--stream", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("/merchants/1/onboardedOn").contains("after asOf")
                .contains("/merchants/2/id").contains("duplicate merchant id");
    }
}
