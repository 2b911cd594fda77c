package org.alliancerules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import org.alliancerules.io.Json;
import org.alliancerules.io.RequestReader;
import org.alliancerules.io.Schemas;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The engine object a host embeds: contract-shaped output, same answer from either rules source, thread-safe. */
class EngineContractTest {

    private static EvaluationRequest sample() throws Exception {
        return new RequestReader().read(Path.of("examples/sample-request.json"));
    }

    @Test
    void theResultValidatesAgainstThePublishedResultSchema() throws Exception {
        JsonNode result = Json.jsonMapper().valueToTree(EngineHarness.ENGINE.evaluate(sample()));
        JsonSchema schema = Schemas.compile(Schemas.tree("/schema/evaluation-result.schema.json"));
        Set<ValidationMessage> problems = schema.validate(result);
        assertThat(problems).isEmpty();
    }

    @Test
    void thePackagedRulesAndTheRulesDirectoryDecideAlike() throws Exception {
        EvaluationResult fromJar = RulesEngine.builder().build().evaluate(sample());
        EvaluationResult fromDir = EngineHarness.ENGINE.evaluate(sample());
        assertThat(fromJar).isEqualTo(fromDir);
    }

    @Test
    void concurrentCallsOnOneEngineGiveTheSameAnswers() throws Exception {
        EvaluationRequest request = sample();
        EvaluationResult expected = EngineHarness.ENGINE.evaluate(request);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<EvaluationResult>> futures = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                futures.add(pool.submit(() -> EngineHarness.ENGINE.evaluate(request)));
            }
            for (Future<EvaluationResult> f : futures) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void batchSizeAndThreadsDoNotChangeTheAnswer() throws Exception {
        EvaluationRequest request = sample();
        EvaluationResult expected = EngineHarness.ENGINE.evaluate(request);
        for (int batch : new int[] {1, 5}) {
            RulesEngine e = RulesEngine.builder().rulesDirectory(Path.of("rules")).batchSize(batch).threads(2).build();
            assertThat(e.evaluate(request)).as("batch size %d", batch).isEqualTo(expected);
        }
    }
}
