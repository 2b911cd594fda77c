package org.alliancerules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliancerules.bench.PopulationGenerator;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Json;
import org.alliancerules.io.LineIndex;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.EvaluationResult;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;
import org.junit.jupiter.api.Test;

/**
 * The contract's chaining promise (interchange.md: "feeding next back as tomorrow's alliance and grade is
 * how day-to-day runs chain") and its validation promise for requests built in code.
 */
class RequestContractTest {

    private static final RequestReader READER = new RequestReader();

    @Test
    void everyResultsNextIsValidInputForTheNextDay() {
        PopulationGenerator generator = new PopulationGenerator(EngineHarness.POLICY, MerchantBuilder.AS_OF);
        EvaluationRequest today = generator.request(7, 5_000);
        EvaluationResult result = EngineHarness.ENGINE.evaluate(today);

        ObjectNode tomorrow = Json.jsonMapper().valueToTree(today);
        tomorrow.put("asOf", MerchantBuilder.AS_OF.plusDays(1).toString());
        ArrayNode merchants = (ArrayNode) tomorrow.get("merchants");
        int ungraded = 0;
        for (int i = 0; i < merchants.size(); i++) {
            MerchantResult r = result.results().get(i);
            // next exactly as the result JSON spells it, nulls included
            JsonNode next = Json.jsonMapper().valueToTree(r).get("next");
            ((ObjectNode) merchants.get(i)).set("alliance", next.get("alliance"));
            ((ObjectNode) merchants.get(i)).set("grade", next.get("grade"));
            if (next.get("grade").isNull()) {
                ungraded++;
            }
        }
        assertThat(ungraded).as("the population has ungraded merchants whose next.grade is null").isPositive();
        List<Problem> problems = READER.validate(tomorrow, "tomorrow.json", LineIndex.NONE);
        assertThat(problems).isEmpty();
        assertThat(READER.bind(tomorrow).merchants()).hasSize(5_000);
    }

    @Test
    void nullAndAbsentMeanTheSameForOptionalBlocks() {
        String withNulls = """
                {"asOf": "2026-11-22", "merchants": [{"id": "m-1", "alliance": null, "grade": null,
                 "metrics30d": null, "penalties": null, "daily": null}]}""";
        String without = """
                {"asOf": "2026-11-22", "merchants": [{"id": "m-1"}]}""";
        EvaluationResult a = EngineHarness.ENGINE.evaluate(READER.read("a.json", withNulls.getBytes()));
        EvaluationResult b = EngineHarness.ENGINE.evaluate(READER.read("b.json", without.getBytes()));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void aRequestBuiltInCodeWithDuplicateIdsIsRefusedNotHalfAnswered() {
        MerchantInput first = MerchantBuilder.merchant("m-1").build();
        MerchantInput second = MerchantBuilder.merchant("m-1").score(3.0).build();
        EvaluationRequest request = new EvaluationRequest(MerchantBuilder.AS_OF, "default", List.of(first, second));
        assertThatThrownBy(() -> EngineHarness.ENGINE.evaluate(request))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("<request>: /merchants/1/id: duplicate merchant id \"m-1\", first given at /merchants/0/id");
    }

    @Test
    void aRequestBuiltInCodeWithoutADateIsRefused() {
        EvaluationRequest request = new EvaluationRequest(null, "default", List.of(MerchantBuilder.merchant("m-1").build()));
        assertThatThrownBy(() -> EngineHarness.ENGINE.evaluate(request))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("<request>: missing required property \"asOf\"");
    }

    @Test
    void everyProblemOfARequestBuiltInCodeIsListedWithItsPointer() {
        MerchantInput noId = MerchantBuilder.merchant(null).build();
        MerchantInput badScore = MerchantBuilder.merchant("m-2").score(7.5).build();
        MerchantInput future = MerchantBuilder.merchant("m-3").penalty("OTHER", LocalDate.of(2027, 1, 1), false, false).build();
        EvaluationRequest request = new EvaluationRequest(MerchantBuilder.AS_OF, "default",
                new ArrayList<>(Arrays.asList(noId, badScore, null, future)));
        assertThatThrownBy(() -> EngineHarness.ENGINE.evaluate(request))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.problems())
                        .extracting(Problem::format)
                        .containsExactlyInAnyOrder(
                                "<request>: /merchants/0: missing required property \"id\"",
                                "<request>: /merchants/1/experienceScore: must be at most 5, got 7.5",
                                "<request>: /merchants/2: must be an object, got null",
                                "<request>: /merchants/3/penalties/0/on: 2027-01-01 is after asOf 2026-11-22"));
    }
}
