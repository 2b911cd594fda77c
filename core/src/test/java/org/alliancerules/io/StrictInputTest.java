package org.alliancerules.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, "strict values everywhere": bad requests, each refused with the problem located where the
 * bad value is; a JSON request gives exactly the same problems whether it is read in memory or
 * streamed ({@code evaluate --stream}, and files of 64 MiB or more).
 */
class StrictInputTest {

    private static final RequestReader READER = new RequestReader();

    /**
     * A bad input and the first problem it must get.
     *
     * @param line    the line of the first problem (0: no line)
     * @param pointer its JSON pointer ("" for the document)
     * @param message a part of its message
     */
    record Case(String text, int line, String pointer, String message) {
    }

    /** A request whose only merchant has {@code fields} (on line 4). */
    private static String merchant(String fields) {
        return "{\n  \"asOf\": \"2026-11-22\",\n  \"merchants\": [\n    { \"id\": \"m-1\", " + fields + " }\n  ]\n}\n";
    }

    private static Arguments json(String name, String text, int line, String pointer, String message) {
        return Arguments.of(Named.of(name, new Case(text, line, pointer, message)));
    }

    static Stream<Arguments> badJson() {
        String m = "/merchants/0";
        return Stream.of(
                json("1e400 experienceScore (has a maximum)", merchant("\"experienceScore\": 1e400"), 4, m + "/experienceScore", "must be a finite number"),
                json("1e400 lastWeekGmv (no maximum)", merchant("\"lastWeekGmv\": 1e400"), 4, m + "/lastWeekGmv", "must be a finite number"),
                json("-1e400 lastWeekGmv", merchant("\"lastWeekGmv\": -1e400"), 4, m + "/lastWeekGmv", "must be a finite number"),
                json("1e400 avgDailyGmv", merchant("\"metrics30d\": { \"complaintRate\": 0, \"productGoodRate\": 1, \"serviceGoodRate\": 1, \"avgDailyOrders\": 1, \"avgDailyGmv\": 1e400 }"),
                        4, m + "/metrics30d/avgDailyGmv", "must be a finite number"),
                json("1e400 daily gmv", merchant("\"daily\": [ { \"day\": \"2026-11-21\", \"orders\": 1, \"gmv\": 1e400, \"reviewRate\": 0, \"productGoodRate\": 0, \"serviceGoodRate\": 0 } ]"),
                        4, m + "/daily/0/gmv", "must be a finite number"),
                json("1e400 in an integer field", merchant("\"daily\": [ { \"day\": \"2026-11-21\", \"orders\": 1e400, \"gmv\": 1, \"reviewRate\": 0, \"productGoodRate\": 0, \"serviceGoodRate\": 0 } ]"),
                        4, m + "/daily/0/orders", "must be a finite number"),
                json("integer beyond long: daily orders", merchant("\"daily\": [ { \"day\": \"2026-11-21\", \"orders\": 99999999999999999999, \"gmv\": 1, \"reviewRate\": 0, \"productGoodRate\": 0, \"serviceGoodRate\": 0 } ]"),
                        4, m + "/daily/0/orders", "must be a number between"),
                json("integer beyond long: closures", merchant("\"alliance\": { \"member\": true, \"closures\": 99999999999999999999 }"),
                        4, m + "/alliance/closures", "must be a number between"),
                json("closures beyond int", merchant("\"alliance\": { \"member\": true, \"closures\": 3000000000 }"),
                        4, m + "/alliance/closures", "must be at most 2147483647"),
                json("negative closures", merchant("\"alliance\": { \"member\": true, \"closures\": -1 }"),
                        4, m + "/alliance/closures", "must be at least 0"),
                json("negative lastWeekGmv", merchant("\"lastWeekGmv\": -5"), 4, m + "/lastWeekGmv", "must be at least 0"),
                json("complaint rate above 1", merchant("\"metrics30d\": { \"complaintRate\": 1.5, \"productGoodRate\": 1, \"serviceGoodRate\": 1, \"avgDailyOrders\": 1, \"avgDailyGmv\": 1 }"),
                        4, m + "/metrics30d/complaintRate", "must be at most 1"),
                json("negative review rate", merchant("\"daily\": [ { \"day\": \"2026-11-21\", \"orders\": 1, \"gmv\": 1, \"reviewRate\": -0.1, \"productGoodRate\": 0, \"serviceGoodRate\": 0 } ]"),
                        4, m + "/daily/0/reviewRate", "must be at least 0"),
                json("negative avgDailyOrders", merchant("\"metrics30d\": { \"complaintRate\": 0, \"productGoodRate\": 1, \"serviceGoodRate\": 1, \"avgDailyOrders\": -1, \"avgDailyGmv\": 1 }"),
                        4, m + "/metrics30d/avgDailyOrders", "must be at least 0"),
                json("lv0Since at level 3", merchant("\"grade\": { \"level\": 3, \"lv0Since\": \"2026-10-01\" }"),
                        4, m + "/grade/lv0Since", "lv0Since is only given while the merchant is at LV0"),
                json("lv0Since with level null", merchant("\"grade\": { \"level\": null, \"lv0Since\": \"2026-10-01\" }"),
                        4, m + "/grade/lv0Since", "got level null"),
                json("level 0 without lv0Since", merchant("\"grade\": { \"level\": 0 }"), 4, m + "/grade", "needs lv0Since"),
                json("a date after asOf", merchant("\"onboardedOn\": \"2026-11-23\""), 4, m + "/onboardedOn", "is after asOf"),
                json("asOf after the merchants, a date after it",
                        "{\n  \"merchants\": [\n    { \"id\": \"m-1\", \"onboardedOn\": \"2026-12-01\" }\n  ],\n  \"asOf\": \"2026-11-22\"\n}\n",
                        3, m + "/onboardedOn", "is after asOf"),
                json("duplicate merchant id",
                        "{\n  \"asOf\": \"2026-11-22\",\n  \"merchants\": [\n    { \"id\": \"m-1\" },\n    { \"id\": \"m-1\" }\n  ]\n}\n",
                        5, "/merchants/1/id", "duplicate merchant id \"m-1\", first given at /merchants/0/id (line 4)"),
                json("an unknown merchant property", merchant("\"experienceScor\": 4"), 4, m + "/experienceScor", "did you mean \"experienceScore\""),
                json("a merchant that is not an object",
                        "{\n  \"asOf\": \"2026-11-22\",\n  \"merchants\": [\n    5\n  ]\n}\n", 4, m, "must be an object"),
                json("trailing garbage after the request", merchant("\"shopOpen\": true") + "garbage", 7, "", "unexpected content after the end of the JSON value"),
                json("a second object after the request", merchant("\"shopOpen\": true") + "{}\n", 7, "", "unexpected content after the end of the JSON value"),
                json("trailing garbage on the closing line", merchant("\"shopOpen\": true").strip() + " ]\n", 6, "", "unexpected content after the end of the JSON value"),
                json("trailing garbage on the line of the closing brace", merchant("\"shopOpen\": true").strip() + " trailing\n", 6, "",
                        "unexpected content after the end of the JSON value"),
                json("a missing comma", "{\n  \"asOf\": \"2026-11-22\"\n  \"merchants\": []\n}\n", 3, "", "malformed input"),
                json("an unquoted value", merchant("\"category\": FRESH"), 4, m + "/category", "malformed input"),
                json("a BOM, then a bad value", "\uFEFF" + merchant("\"lastWeekGmv\": 1e999"), 4, m + "/lastWeekGmv", "must be a finite number"),
                json("a non-ASCII id, then a bad value", merchant("\"controllerId\": \"控制人-7\", \"lastWeekGmv\": -1"), 4, m + "/lastWeekGmv",
                        "must be at least 0"),
                json("a non-ASCII id, then malformed input", merchant("\"controllerId\": \"控制人-7\", \"lastWeekGmv\": +1"), 4, m + "/lastWeekGmv",
                        "malformed input"),
                json("a number of 1001 digits", merchant("\"lastWeekGmv\": " + "1".repeat(1001)), 4, m + "/lastWeekGmv", "a number is longer than 1,000 characters"),
                json("nesting 1001 deep", "{\n  \"asOf\": \"2026-11-22\",\n  \"creators\": " + "[".repeat(1001) + "]".repeat(1001)
                        + ",\n  \"merchants\": []\n}\n", 3, "", "the document nests objects and arrays deeper than 1,000 levels"),
                json("a property name of 50001 characters", merchant("\"" + "x".repeat(50_001) + "\": 1"), 4, m, "a property name is longer than 50,000 characters"),
                json("NaN", merchant("\"experienceScore\": NaN"), 4, m + "/experienceScore", "must be a finite number, got NaN"),
                json("a duplicate key", merchant("\"shopOpen\": true, \"shopOpen\": false"), 4, m + "/shopOpen", "the key \"shopOpen\" is given twice"),
                json("an empty file", "", 1, "", "the document is empty"),
                json("an array instead of a request", "[\n  1\n]\n", 1, "", "must be an object"),
                json("an unclosed request", "{\n  \"asOf\": \"2026-11-22\",\n  \"merchants\": [", 3, "/merchants", "malformed input: Unexpected end-of-input"),
                json("P1: negative creator followers", "{\n  \"asOf\": \"2026-11-22\",\n  \"creators\": [ { \"id\": \"cr-9\", \"followers\": -1 } ],\n  \"merchants\": []\n}\n",
                        3, "/creators/0/followers", "must be at least 0"),
                json("P1: negative week usage", "{\n  \"asOf\": \"2026-11-22\",\n  \"weekUsage\": [ { \"party\": { \"type\": \"MERCHANT\", \"id\": \"m-1\" }, \"weekStart\": \"2026-11-16\", \"contactViews\": -3 } ],\n  \"merchants\": [ { \"id\": \"m-1\" } ]\n}\n",
                        3, "/weekUsage/0/contactViews", "must be at least 0"),
                json("P1: 1e400 deposit", "{\n  \"asOf\": \"2026-11-22\",\n  \"creators\": [ { \"id\": \"cr-9\", \"depositPaid\": 1e400 } ],\n  \"merchants\": []\n}\n",
                        3, "/creators/0/depositPaid", "must be a finite number"),
                json("a missing asOf", "{\n  \"merchants\": []\n}\n", 1, "", "missing required property \"asOf\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJson")
    void aBadJsonRequestIsRefusedWhereTheValueIs(Case c, @TempDir Path dir) throws Exception {
        List<Problem> inMemory = inMemory("request.json", c.text());
        Problem first = inMemory.get(0);
        assertThat(first.line()).as(first.format()).isEqualTo(c.line());
        if (c.line() > 0) {
            assertThat(first.column()).as(first.format()).isPositive();
        }
        assertThat(first.pointer()).as(first.format()).isEqualTo(c.pointer());
        assertThat(first.message()).contains(c.message()).doesNotContain("[Source", "REDACTED", "StreamReadConstraints",
                "Infinity", "enable `");
    }

    /** The bad requests without P1 sections (the streamed path reads merchants only: it refuses those). */
    static Stream<Arguments> badJsonWithoutP1() {
        return badJson().filter(a -> !((Named<?>) a.get()[0]).getName().startsWith("P1:"));
    }

    @Test
    void aStreamedRequestWithP1SectionsIsRefusedAtTheSection(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("request.json");
        Files.writeString(file, org.alliancerules.io.P1RequestTest.EXAMPLE, StandardCharsets.UTF_8);
        List<Problem> problems = catchThrowableOfType(InvalidInputException.class, () -> StreamingRequest.open(file, READER))
                .problems();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/creators");
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).contains("reads merchants only").contains("without --stream");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJsonWithoutP1")
    void theStreamedPathGivesTheSameProblemsAsTheInMemoryOne(Case c, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("request.json");
        Files.writeString(file, c.text(), StandardCharsets.UTF_8);
        List<String> inMemory = catchThrowableOfType(InvalidInputException.class, () -> READER.read(file))
                .problems().stream().map(Problem::format).toList();
        List<String> streamed = catchThrowableOfType(InvalidInputException.class, () -> StreamingRequest.open(file, READER))
                .problems().stream().map(Problem::format).toList();
        assertThat(streamed).isEqualTo(inMemory);
    }

    @Test
    void aTextValueBeyondTheParserLimitIsLocatedInTheProductsWords(@TempDir Path dir) throws Exception {
        String text = merchant("\"controllerId\": \"" + "x".repeat(20_000_001) + "\"");
        Problem problem = inMemory("big.json", text).get(0);
        assertThat(problem.format()).matches("big\\.json:4:\\d+: /merchants/0/controllerId: a text value is longer than 20,000,000 characters");
        Path file = dir.resolve("big.json");
        Files.writeString(file, text);
        List<Problem> streamed = catchThrowableOfType(InvalidInputException.class, () -> StreamingRequest.open(file, READER)).problems();
        assertThat(streamed).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(4);
            assertThat(p.message()).isEqualTo("a text value is longer than 20,000,000 characters");
        });
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedAtTheirLineOnBothPaths(@TempDir Path dir) throws Exception {
        byte[] text = merchant("\"controllerId\": \"c-\u00e9\"").getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[text.length];
        System.arraycopy(text, 0, bad, 0, text.length);
        for (int i = 0; i < bad.length; i++) {
            if (bad[i] == (byte) 0xC3) {
                bad[i] = (byte) 0xFF;
            }
        }
        Path file = dir.resolve("latin.json");
        Files.write(file, bad);
        Problem inMemory = catchThrowableOfType(InvalidInputException.class, () -> READER.read(file)).problems().get(0);
        Problem streamed = catchThrowableOfType(InvalidInputException.class, () -> StreamingRequest.open(file, READER)).problems().get(0);
        assertThat(inMemory.message()).isEqualTo("the file is not UTF-8 text");
        assertThat(inMemory.line()).isEqualTo(4);
        assertThat(streamed.message()).isEqualTo("the file is not UTF-8 text");
        assertThat(streamed.line()).isEqualTo(4);
    }

    @Test
    void aRequestBuiltInCodeWithNaNOrInfinityOrLv0SinceAwayFromLv0IsRefused() {
        org.alliancerules.model.MerchantInput nan = new org.alliancerules.model.MerchantInput("m-1", null, null, null, null,
                null, null, null, Double.NaN, null, null, null, new org.alliancerules.model.GradeState(3, null,
                java.time.LocalDate.of(2026, 1, 1)), new org.alliancerules.model.Metrics30d(0, 1, 1, Double.POSITIVE_INFINITY, 1), null);
        List<Problem> problems = READER.validate(new org.alliancerules.model.EvaluationRequest(
                java.time.LocalDate.of(2026, 11, 22), null, List.of(nan)));
        assertThat(problems).extracting(Problem::format).containsExactlyInAnyOrder(
                "<request>: /merchants/0/experienceScore: must be a finite number, got NaN",
                "<request>: /merchants/0/grade/lv0Since: lv0Since is only given while the merchant is at LV0 (grade level 0),"
                        + " got level 3; leave it out or null",
                "<request>: /merchants/0/metrics30d/avgDailyOrders: must be a finite number, got a number too large to"
                        + " represent (beyond 1.8e308)");
    }

    // ------------------------------------------------------------------ YAML

    private static Arguments yaml(String name, String text, int line, String pointer, String message) {
        return json(name, text, line, pointer, message);
    }

    static Stream<Arguments> badYaml() {
        String head = "asOf: 2026-11-22\nmerchants:\n";
        return Stream.of(
                yaml("a second document, at its first value", head + "  - id: m-1\n---\nasOf: 2026-11-23\n", 5, "",
                        "a second YAML document (after the \"---\" on line 4): a file holds one document"),
                yaml("an empty second document", head + "  - id: m-1\n---\n", 4, "", "a second YAML document"),
                yaml("an alias", head + "  - id: m-1\n    experienceScore: &s 4.5\n  - id: m-2\n    experienceScore: *s\n", 4, "", "YAML anchors (&s) are not supported"),
                yaml("a merge key", head + "  - &base { id: m-1 }\n  - <<: *base\n", 3, "", "YAML anchors (&base)"),
                yaml(".inf", head + "  - id: m-1\n    lastWeekGmv: .inf\n", 4, "/merchants/0/lastWeekGmv", "must be a finite number, got .inf"),
                yaml(".nan", head + "  - id: m-1\n    experienceScore: .nan\n", 4, "/merchants/0/experienceScore", "must be a finite number, got .nan"),
                yaml("1e400", head + "  - id: m-1\n    lastWeekGmv: 1e400\n", 4, "/merchants/0/lastWeekGmv", "must be a finite number"),
                yaml("an integer beyond long", head + "  - id: m-1\n    alliance: { member: true, closures: 99999999999999999999 }\n", 4,
                        "/merchants/0/alliance/closures", "must be a number between"),
                yaml("lv0Since at level 3", head + "  - id: m-1\n    grade: { level: 3, lv0Since: 2026-10-01 }\n", 4,
                        "/merchants/0/grade/lv0Since", "lv0Since is only given while the merchant is at LV0"),
                yaml("an unknown block property, at its key", head + "  - id: m-1\n    grad:\n      level: 3\n", 4, "/merchants/0/grad",
                        "unknown property \"grad\" (did you mean \"grade\"?)"),
                yaml("a YAML file beyond 3 MiB", head + "  - id: m-1\n    controllerId: \"" + "x".repeat(3 * 1024 * 1024) + "\"\n", 4, "",
                        "the YAML document is longer than 3,145,728 characters"),
                yaml("a duplicate key", head + "  - id: m-1\n    id: m-2\n", 4, "/merchants/0/id", "the key \"id\" is given twice"),
                yaml("a rate above 1", head + "  - id: m-1\n    metrics30d: { complaintRate: 0, productGoodRate: 1.5, serviceGoodRate: 1, avgDailyOrders: 1, avgDailyGmv: 1 }\n",
                        4, "/merchants/0/metrics30d/productGoodRate", "must be at most 1"),
                yaml("nesting 1001 deep", head + "  - id: m-1\ncreators: " + "[".repeat(1001) + "]".repeat(1001) + "\n", 4, "",
                        "the document nests objects and arrays deeper than 1,000 levels"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badYaml")
    void aBadYamlRequestIsRefusedWhereTheValueIs(Case c) {
        List<Problem> problems = inMemory("request.yaml", c.text());
        Problem first = problems.get(0);
        assertThat(first.line()).as(first.format()).isEqualTo(c.line());
        assertThat(first.column()).as(first.format()).isPositive();
        assertThat(first.pointer()).as(first.format()).isEqualTo(c.pointer());
        assertThat(first.message()).contains(c.message()).doesNotContain("[Source", "REDACTED", "StreamReadConstraints");
    }

    @Test
    void everyAnchorAndAliasIsReportedAtItsOwnPlace() {
        List<Problem> problems = inMemory("request.yaml",
                "asOf: 2026-11-22\nmerchants:\n  - id: &i m-1\n  - id: *i\n");
        assertThat(problems).extracting(Problem::format).containsExactly(
                "request.yaml:3:9: YAML anchors (&i) are not supported: write the value out where it is used",
                "request.yaml:4:9: YAML aliases (*i) are not supported: write the value out");
    }

    @Test
    void aYamlDocumentStartingWithItsMarkerIsOneDocument() {
        assertThat(READER.read("request.yaml", "---\nasOf: 2026-11-22\nmerchants: []\n...\n".getBytes(StandardCharsets.UTF_8))
                .asOf()).hasToString("2026-11-22");
    }

    // ------------------------------------------------------------------ files

    @Test
    void aDirectoryGivenAsARequestIsNamed(@TempDir Path dir) {
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> READER.read(dir)).problems())
                .extracting(Problem::format).containsExactly(dir + ": is a directory, not a file");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> StreamingRequest.open(dir, READER)).problems())
                .extracting(Problem::format).containsExactly(dir + ": is a directory, not a file");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nowhere.json");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> READER.read(missing)).problems())
                .extracting(Problem::format).containsExactly(missing + ": no such file");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> StreamingRequest.open(missing, READER)).problems())
                .extracting(Problem::format).containsExactly(missing + ": no such file");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> READER.readTree(missing)).problems())
                .extracting(Problem::format).containsExactly(missing + ": no such file");
    }

    @Test
    void aValidRequestReadsTheSameOnBothPaths(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ok.json");
        Files.writeString(file, merchant("\"grade\": { \"level\": 0, \"lv0Since\": \"2026-10-01\" }, \"lastWeekGmv\": 1e300"));
        assertThat(READER.read(file).merchants()).hasSize(1);
        StreamingRequest streamed = StreamingRequest.open(file, READER);
        assertThat(streamed.merchantCount()).isEqualTo(1);
    }

    private static List<Problem> inMemory(String name, String text) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> READER.read(name, text.getBytes(StandardCharsets.UTF_8)));
        assertThat(e).as("refused").isNotNull();
        return e.problems();
    }
}
