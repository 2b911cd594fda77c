package org.alliancerules.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.alliancerules.sweep.CsvSnapshot;
import org.alliancerules.sweep.JsonLinesSnapshot;
import org.alliancerules.sweep.Snapshot;
import org.alliancerules.sweep.SnapshotRow;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10 for the daily sweep's snapshots: a row with a number no field can hold (1e400, NaN, an
 * integer beyond long), a value out of bounds, lv0Since away from LV0, trailing content or a parser
 * limit is a problem of that row, at its line, as the request reader words it.
 */
class SnapshotStrictnessTest {

    private static final RequestReader READER = new RequestReader();
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    /** @param file the snapshot's name (.csv or .jsonl) and text; the bad row is line 2 (CSV) or 1 (JSON Lines) */
    record Case(String name, String text, long line, String pointer, String message) {
    }

    private static Arguments csv(String name, String header, String row, String pointer, String message) {
        return Arguments.of(Named.of("CSV: " + name, new Case("snapshot.csv", header + "\n" + row + "\n", 2, pointer, message)));
    }

    private static Arguments jsonl(String name, String row, String pointer, String message) {
        return Arguments.of(Named.of("JSON Lines: " + name, new Case("snapshot.jsonl", row + "\n", 1, pointer, message)));
    }

    static Stream<Arguments> badRows() {
        return Stream.of(
                csv("1e400 score", "id,experienceScore", "m-1,1e400", "/experienceScore", "must be a finite number"),
                csv("1e400 GMV", "id,lastWeekGmv", "m-1,1e400", "/lastWeekGmv", "must be a finite number"),
                csv("1e400 average daily GMV", "id,metrics30d.complaintRate,metrics30d.productGoodRate,metrics30d.serviceGoodRate,"
                        + "metrics30d.avgDailyOrders,metrics30d.avgDailyGmv", "m-1,0,1,1,1,1e400", "/metrics30d/avgDailyGmv", "must be a finite number"),
                csv("NaN score", "id,experienceScore", "m-1,NaN", "/experienceScore", "must be a number"),
                csv("Infinity GMV", "id,lastWeekGmv", "m-1,Infinity", "/lastWeekGmv", "must be a number"),
                csv("closures beyond long", "id,alliance.member,alliance.closures", "m-1,true,99999999999999999999",
                        "/alliance/closures", "must be a number between"),
                csv("closures beyond int", "id,alliance.member,alliance.closures", "m-1,true,3000000000",
                        "/alliance/closures", "must be at most 2147483647"),
                csv("negative closures", "id,alliance.member,alliance.closures", "m-1,true,-1", "/alliance/closures", "must be at least 0"),
                csv("a rate above 1", "id,metrics30d.complaintRate,metrics30d.productGoodRate,metrics30d.serviceGoodRate,"
                        + "metrics30d.avgDailyOrders,metrics30d.avgDailyGmv", "m-1,0,1.5,1,1,1", "/metrics30d/productGoodRate", "must be at most 1"),
                csv("lv0Since at level 3", "id,grade.level,grade.lv0Since", "m-1,3,2026-10-01", "/grade/lv0Since", "lv0Since is only given while"),
                csv("1e400 in the daily JSON column", "id,daily",
                        "m-1,\"[{\"\"day\"\":\"\"2026-11-21\"\",\"\"orders\"\":1,\"\"gmv\"\":1e400,\"\"reviewRate\"\":0,\"\"productGoodRate\"\":0,\"\"serviceGoodRate\"\":0}]\"",
                        "/daily/0/gmv", "must be a finite number"),
                csv("trailing content in a JSON column", "id,penalties", "m-1,\"[] []\"", "/penalties",
                        "column penalties: malformed JSON: unexpected content after the end of the JSON value"),
                jsonl("1e400 GMV", "{\"id\":\"m-1\",\"lastWeekGmv\":1e400}", "/lastWeekGmv", "must be a finite number"),
                jsonl("an integer beyond long", "{\"id\":\"m-1\",\"alliance\":{\"member\":true,\"closures\":99999999999999999999}}",
                        "/alliance/closures", "must be a number between"),
                jsonl("a negative GMV", "{\"id\":\"m-1\",\"lastWeekGmv\":-1}", "/lastWeekGmv", "must be at least 0"),
                jsonl("lv0Since with level null", "{\"id\":\"m-1\",\"grade\":{\"level\":null,\"lv0Since\":\"2026-10-01\"}}",
                        "/grade/lv0Since", "got level null"),
                jsonl("two objects on one line", "{\"id\":\"m-1\"} {\"id\":\"m-2\"}", "",
                        "malformed JSON: unexpected content after the end of the JSON value"),
                jsonl("NaN", "{\"id\":\"m-1\",\"experienceScore\":NaN}", "/experienceScore", "must be a finite number, got NaN"),
                jsonl("a number of 1001 digits", "{\"id\":\"m-1\",\"lastWeekGmv\":" + "1".repeat(1001) + "}", "/lastWeekGmv",
                        "a number is longer than 1,000 characters"),
                jsonl("a key given twice", "{\"id\":\"m-1\",\"experienceScore\":4,\"experienceScore\":3}", "/experienceScore",
                        "malformed JSON: the key \"experienceScore\" is given twice in the same object"),
                jsonl("nesting 1001 deep", "{\"id\":\"m-1\",\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}", "",
                        "the document nests objects and arrays deeper than 1,000 levels"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRows")
    void aBadRowIsAProblemAtItsLine(Case c, @TempDir Path dir) throws Exception {
        Path file = dir.resolve(c.name());
        Files.writeString(file, c.text());
        Snapshot snapshot = c.name().endsWith(".csv") ? new CsvSnapshot(file) : new JsonLinesSnapshot(file);
        List<Problem> problems = new ArrayList<>();
        try (Snapshot.Rows rows = snapshot.open()) {
            for (SnapshotRow row = rows.next(); row != null; row = rows.next()) {
                if (row.unreadable() != null) {
                    problems.add(row.unreadable());
                } else {
                    problems.addAll(READER.validateMerchant(row.merchant(), DAY, row.source(), row.line()));
                }
            }
        }
        assertThat(problems).as("problems").isNotEmpty();
        Problem first = problems.get(0);
        assertThat(first.line()).as(first.format()).isEqualTo(c.line());
        assertThat(first.pointer()).as(first.format()).isEqualTo(c.pointer());
        assertThat(first.message()).contains(c.message()).doesNotContain("[Source", "REDACTED", "StreamReadConstraints");
        if (!c.text().contains("Infinity")) {
            assertThat(first.message()).doesNotContain("Infinity");
        }
    }

    @Test
    void aCellBeyondTheParserLimitIsLocatedInTheProductsWords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.csv");
        Files.writeString(file, "id,controllerId\nm-1,c-1\nm-2," + "x".repeat(20_000_001) + "\n");
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> {
            try (Snapshot.Rows rows = new CsvSnapshot(file).open()) {
                while (rows.next() != null) {
                    // read every row
                }
            }
        });
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).isEqualTo("a text value is longer than 20,000,000 characters");
        });
    }

    @Test
    void aJsonLinesValueBeyondTheParserLimitIsARowProblem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.jsonl");
        Files.writeString(file, "{\"id\":\"m-1\"}\n{\"id\":\"m-2\",\"controllerId\":\"" + "x".repeat(20_000_001) + "\"}\n");
        try (Snapshot.Rows rows = new JsonLinesSnapshot(file).open()) {
            assertThat(rows.next().unreadable()).isNull();
            Problem problem = rows.next().unreadable();
            assertThat(problem.line()).isEqualTo(2);
            assertThat(problem.message()).isEqualTo("a text value is longer than 20,000,000 characters");
        }
    }

    @Test
    void aDirectoryOrAMissingSnapshotIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("gone.csv");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> new CsvSnapshot(dir).open()).problems())
                .extracting(Problem::format).containsExactly(dir + ": is a directory, not a file");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> new CsvSnapshot(missing).open()).problems())
                .extracting(Problem::format).containsExactly(missing + ": no such file");
        assertThat(catchThrowableOfType(InvalidInputException.class, () -> new JsonLinesSnapshot(missing).open()).problems())
                .extracting(Problem::format).containsExactly(missing + ": no such file");
    }
}
