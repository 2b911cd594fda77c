package org.alliancerules.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DailyFigures;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.GradeState;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.Metrics30d;
import org.alliancerules.model.PenaltyInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Request validation against the interchange contract (docs: interchange.md, "Evaluation request"). */
class RequestReaderTest {

    private static final RequestReader READER = new RequestReader();

    /** The example request of interchange.md; line numbers below refer to this text. */
    private static final String EXAMPLE = """
            {
              "asOf": "2026-11-22",
              "policy": "default",
              "merchants": [
                {
                  "id": "m-1001",
                  "controllerId": "c-77",
                  "shopType": "ENTERPRISE",
                  "category": "FRESH",
                  "onboardedOn": "2021-03-01",
                  "shopOpen": true,
                  "accountNormal": true,
                  "businessNormal": true,
                  "experienceScore": 4.12,
                  "brandQualified": true,
                  "penalties": [
                    { "rule": "MERCHANT_VIOLATION", "on": "2026-05-02", "severe": false, "clearance": false }
                  ],
                  "alliance": { "member": true, "admittedOn": "2025-06-01", "closures": 1, "closedOn": "2025-02-10" },
                  "grade": { "level": 3, "lastChangedOn": "2026-10-01", "lv0Since": null },
                  "metrics30d": { "complaintRate": 0.004, "productGoodRate": 0.96, "serviceGoodRate": 0.97,
                                  "avgDailyOrders": 150, "avgDailyGmv": 7600.0 },
                  "daily": [
                    { "day": "2026-11-21", "orders": 160, "gmv": 8000.0, "reviewRate": 0.12,
                      "productGoodRate": 0.98, "serviceGoodRate": 0.99 }
                  ]
                }
              ]
            }
            """;

    // ------------------------------------------------------------------ valid input

    @Test
    void theContractExampleBindsWithItsValues() {
        EvaluationRequest request = READER.read("request.json", bytes(EXAMPLE));

        assertThat(request.asOf()).isEqualTo(LocalDate.of(2026, 11, 22));
        assertThat(request.policy()).isEqualTo("default");
        assertThat(request.merchants()).hasSize(1);
        MerchantInput m = request.merchants().get(0);
        assertThat(m.id()).isEqualTo("m-1001");
        assertThat(m.controllerId()).isEqualTo("c-77");
        assertThat(m.shopType()).isEqualTo("ENTERPRISE");
        assertThat(m.category()).isEqualTo("FRESH");
        assertThat(m.onboardedOn()).isEqualTo(LocalDate.of(2021, 3, 1));
        assertThat(m.shopOpen()).isTrue();
        assertThat(m.accountNormal()).isTrue();
        assertThat(m.businessNormal()).isTrue();
        assertThat(m.experienceScore()).isEqualTo(4.12);
        assertThat(m.brandQualified()).isTrue();
        assertThat(m.penalties()).containsExactly(
                new PenaltyInput("MERCHANT_VIOLATION", LocalDate.of(2026, 5, 2), false, false));
        assertThat(m.alliance()).isEqualTo(
                new AllianceState(true, LocalDate.of(2025, 6, 1), 1, LocalDate.of(2025, 2, 10)));
        assertThat(m.grade()).isEqualTo(new GradeState(3, LocalDate.of(2026, 10, 1), null));
        assertThat(m.metrics30d()).isEqualTo(new Metrics30d(0.004, 0.96, 0.97, 150, 7600.0));
        assertThat(m.daily()).containsExactly(
                new DailyFigures(LocalDate.of(2026, 11, 21), 160, 8000.0, 0.12, 0.98, 0.99));
    }

    @Test
    void optionalBlocksAndNullsMayBeLeftOut() {
        EvaluationRequest request = READER.read("r.json", bytes("""
                { "asOf": "2026-11-22",
                  "merchants": [ { "id": "m-1", "experienceScore": null, "controllerId": null,
                                   "grade": { "level": null }, "lastWeekGmv": 182000.0 } ],
                  "creators": [ { "id": "cr-9", "level": 3 } ], "contactRequests": [] }
                """));

        assertThat(request.policyOrDefault()).isEqualTo("default");
        MerchantInput m = request.merchants().get(0);
        assertThat(m.experienceScore()).isNull();
        assertThat(m.alliance()).isNull();
        assertThat(m.metrics30d()).isNull();
        assertThat(m.grade().level()).isNull();
        assertThat(m.penalties()).isEmpty();
        assertThat(m.daily()).isEmpty();
    }

    @Test
    void aYamlRequestIsReadLikeJson(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("request.yaml");
        Files.writeString(file, """
                asOf: 2026-11-22
                merchants:
                  - id: m-1001
                    shopType: INDIVIDUAL
                    experienceScore: 3.9
                    penalties:
                      - { rule: EVASION_INFO, on: 2026-05-02, severe: true }
                    alliance: { member: false, closures: 2, closedOn: 2025-02-10 }
                    grade: { level: 0, lv0Since: 2026-09-30 }
                """);

        EvaluationRequest request = READER.read(file);

        assertThat(request.asOf()).isEqualTo(LocalDate.of(2026, 11, 22));
        MerchantInput m = request.merchants().get(0);
        assertThat(m.shopType()).isEqualTo("INDIVIDUAL");
        assertThat(m.experienceScore()).isEqualTo(3.9);
        assertThat(m.penalties()).containsExactly(
                new PenaltyInput("EVASION_INFO", LocalDate.of(2026, 5, 2), true, false));
        assertThat(m.alliance()).isEqualTo(new AllianceState(false, null, 2, LocalDate.of(2025, 2, 10)));
        assertThat(m.grade()).isEqualTo(new GradeState(0, null, LocalDate.of(2026, 9, 30)));
    }

    // ------------------------------------------------------------------ one problem each

    @Test
    void aMissingMerchantIdPointsAtTheMerchant() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("      \"id\": \"m-1001\",\n", ""));

        // the merchant object opens on line 5
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0");
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.message()).contains("\"id\"");
        });
    }

    @Test
    void anImpossibleMonthIsNotADate() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("2021-03-01", "2026-13-01"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/onboardedOn");
            assertThat(p.line()).isEqualTo(10);
            assertThat(p.message()).contains("2026-13-01");
        });
    }

    @Test
    void the30thOfFebruaryIsNotADate() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("2026-05-02", "2026-02-30"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/penalties/0/on");
            assertThat(p.line()).isEqualTo(17);
        });
    }

    @Test
    void aDateMustBeWrittenYyyyMmDd() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("\"2026-11-22\"", "\"22/11/2026\""));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/asOf");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("YYYY-MM-DD", "\"22/11/2026\"");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"5.1", "-0.1", "7.2"})
    void anExperienceScoreOutside0To5IsRefused(String score) {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("4.12", score));

        // line 14: `      "experienceScore": 4.12,` -- the value starts in column 26
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/experienceScore");
            assertThat(p.line()).isEqualTo(14);
            assertThat(p.column()).isEqualTo(26);
            assertThat(p.message()).contains(score);
            assertThat(p.format()).startsWith("request.json:14:26: /merchants/0/experienceScore: ");
        });
    }

    @Test
    void aRateAboveOneIsRefused() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("0.004", "1.2"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/metrics30d/complaintRate");
            assertThat(p.line()).isEqualTo(21);
            assertThat(p.message()).contains("1.2");
        });
    }

    @Test
    void negativeOrdersAreRefused() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("\"orders\": 160", "\"orders\": -3"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/daily/0/orders");
            assertThat(p.line()).isEqualTo(24);
            assertThat(p.message()).contains("-3");
        });
    }

    @Test
    void anUnknownShopTypeNamesTheAllowedOnes() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("\"ENTERPRISE\"", "\"SMALL\""));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/shopType");
            assertThat(p.line()).isEqualTo(8);
            assertThat(p.message()).contains("ENTERPRISE", "INDIVIDUAL", "\"SMALL\"").doesNotContain("$.");
        });
    }

    @Test
    void anUnknownPenaltyRuleIsRefused() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("\"MERCHANT_VIOLATION\"", "\"SPAM\""));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/penalties/0/rule");
            assertThat(p.line()).isEqualTo(17);
            assertThat(p.message()).contains("EVASION_INFO", "MERCHANT_VIOLATION", "ALLIANCE_MANAGEMENT", "OTHER", "\"SPAM\"");
        });
    }

    @Test
    void gradeLevel8IsRefused() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("\"level\": 3", "\"level\": 8"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/grade/level");
            assertThat(p.line()).isEqualTo(20);
            assertThat(p.message()).contains("8");
        });
    }

    @Test
    void gradeLevel0NeedsLv0Since() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("\"level\": 3", "\"level\": 0"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).startsWith("/merchants/0/grade");
            assertThat(p.line()).isEqualTo(20);
            assertThat(p.message()).contains("lv0Since");
        });
    }

    @Test
    void aDateAfterAsOfIsRefused() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("2026-05-02", "2026-12-01"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/penalties/0/on");
            assertThat(p.line()).isEqualTo(17);
            assertThat(p.message()).contains("2026-12-01 is after asOf 2026-11-22");
        });
    }

    @Test
    void aMisspeltPropertyIsCaughtAndTheIntendedOneSuggested() {
        List<Problem> problems = problems("request.json", EXAMPLE.replace("\"brandQualified\"", "\"brandQualifed\""));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/brandQualifed");
            assertThat(p.line()).isEqualTo(15);
            assertThat(p.message()).contains("brandQualifed", "brandQualified");
        });
    }

    @Test
    void duplicateMerchantIdsPointAtTheSecondAndNameTheFirst() {
        List<Problem> problems = problems("request.json", """
                {
                  "asOf": "2026-11-22",
                  "merchants": [
                    { "id": "m-1" },
                    { "id": "m-2" },
                    { "id": "m-1" }
                  ]
                }
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/2/id");
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.message()).contains("\"m-1\"", "/merchants/0");
        });
    }

    // ------------------------------------------------------------------ malformed files

    @Test
    void anUnclosedBraceIsOneProblemAtTheEndOfTheFile() {
        List<Problem> problems = problems("request.json", "{\n  \"asOf\": \"2026-11-22\",\n  \"merchants\": []");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEmpty();
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).doesNotContain("[Source").doesNotContain("REDACTED");
        });
    }

    @Test
    void aMissingCommaIsReportedWhereTheNextKeyStarts() {
        List<Problem> problems = problems("request.json", "{\n  \"asOf\": \"2026-11-22\"\n  \"merchants\": []\n}\n");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.column()).isPositive();
            assertThat(p.format()).startsWith("request.json:3:");
        });
    }

    @Test
    void malformedYamlIsReportedWithItsLine() {
        List<Problem> problems = problems("request.yml", "asOf: 2026-11-22\nmerchants:\n  - id: m-1\n   shopType: [\n");

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.line()).isBetween(3, 5));
    }

    @Test
    void aYamlProblemCarriesItsYamlLineAndColumn() {
        List<Problem> problems = problems("request.yaml", """
                asOf: 2026-11-22
                merchants:
                  - id: m-1
                    experienceScore: 5.1
                """);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/merchants/0/experienceScore");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.column()).isEqualTo(22);
        });
    }

    @Test
    void aDuplicateKeyIsMalformed() {
        List<Problem> problems = problems("request.json",
                "{\n  \"asOf\": \"2026-11-22\",\n  \"asOf\": \"2026-11-23\",\n  \"merchants\": []\n}");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("asOf");
        });
    }

    @Test
    void missingTopLevelPropertiesAreNamed() {
        List<Problem> problems = problems("request.json", "{}");

        assertThat(problems).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("\"asOf\""))
                .anySatisfy(m -> assertThat(m).contains("\"merchants\""));
        assertThat(problems).allSatisfy(p -> assertThat(p.line()).isEqualTo(1));
    }

    // ------------------------------------------------------------------ all problems at once

    @Test
    void everyProblemOfAFileIsReportedInReadingOrder() {
        String text = EXAMPLE
                .replace("\"ENTERPRISE\"", "\"SMALL\"")                 // line 8
                .replace("4.12", "7.2")                                 // line 14
                .replace("\"MERCHANT_VIOLATION\"", "\"SPAM\"")          // line 17
                .replace("\"level\": 3", "\"level\": 8")                // line 20
                .replace("\"orders\": 160", "\"orders\": -1");          // line 24

        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> READER.read("request.json", bytes(text)));

        assertThat(e.problems()).extracting(Problem::pointer).containsExactly(
                "/merchants/0/shopType",
                "/merchants/0/experienceScore",
                "/merchants/0/penalties/0/rule",
                "/merchants/0/grade/level",
                "/merchants/0/daily/0/orders");
        assertThat(e.problems()).extracting(Problem::line).containsExactly(8, 14, 17, 20, 24);
        assertThat(e.getMessage().split("\n")).hasSize(5)
                .allSatisfy(line -> assertThat(line).startsWith("request.json:"));
    }

    // ------------------------------------------------------------------ embedded requests, names, output

    @Test
    void aRequestEmbeddedInAFixtureIsLocatedInTheFixtureFile() {
        String fixture = """
                cases:
                  - name: admitted
                    request:
                      asOf: 2026-11-22
                      merchants:
                        - id: m-1
                          experienceScore: 9
                """;
        Document document = READER.readTree("cases.yaml", bytes(fixture));
        JsonNode request = document.root().at("/cases/0/request");

        List<Problem> problems = READER.validate(request, "cases.yaml", document.lines().under("/cases/0/request"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("cases.yaml");
            assertThat(p.pointer()).isEqualTo("/merchants/0/experienceScore");
            assertThat(p.line()).isEqualTo(7);
        });
    }

    @Test
    void standardInputIsNamedAsSuch() {
        List<Problem> problems = problems("-", "{\"asOf\": \"2026-11-22\", \"merchants\": [{}]}");

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.source()).isEqualTo("<stdin>"));
    }

    @Test
    void aValidTreeBindsWithoutLines() {
        JsonNode tree = READER.readTree("request.json", bytes(EXAMPLE)).root();

        assertThat(READER.validate(tree, "request.json", LineIndex.NONE)).isEmpty();
        assertThat(READER.bind(tree).merchants()).extracting(MerchantInput::id).containsExactly("m-1001");
    }

    @Test
    void problemsFormatForPeople() {
        assertThat(new Problem("request.json", "/merchants/0/experienceScore", 7, 26, "must be at most 5, got 7.2"))
                .hasToString("request.json:7:26: /merchants/0/experienceScore: must be at most 5, got 7.2");
        assertThat(new Problem("request.json", "", 3, 1, "malformed input").format())
                .isEqualTo("request.json:3:1: malformed input");
        assertThat(new Problem("request.json", "/asOf", 0, 0, "must be a date").format())
                .isEqualTo("request.json: /asOf: must be a date");
    }

    @Test
    void theOutputMapperWritesIsoDatesSortedMapsAndTwoSpaceIndentation() throws Exception {
        String json = Json.jsonMapper().writeValueAsString(
                Map.of("b", List.of(LocalDate.of(2026, 11, 22)), "a", 1));

        assertThat(json).isEqualTo("{\n  \"a\": 1,\n  \"b\": [\n    \"2026-11-22\"\n  ]\n}");
        assertThat(Json.yamlMapper().writeValueAsString(Map.of("asOf", LocalDate.of(2026, 11, 22))))
                .contains("2026-11-22").doesNotContain("---");
    }

    // ------------------------------------------------------------------ helpers

    private static List<Problem> problems(String source, String text) {
        assertThatThrownBy(() -> READER.read(source, bytes(text))).isInstanceOf(InvalidInputException.class);
        return catchThrowableOfType(InvalidInputException.class, () -> READER.read(source, bytes(text))).problems();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
