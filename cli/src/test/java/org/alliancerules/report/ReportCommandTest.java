package org.alliancerules.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.cli.CommandRun;
import org.alliancerules.cli.ExitCodes;
import org.alliancerules.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report: what the page holds, checked on its inlined data (the browser test checks what Chromium draws).
 * Expected values come from the sample days (examples/sweep) and the policy (rules/policy/default.yaml):
 * m-road scores 3.70, 3.40, 4.20, 3.45, 4.50; the spec's lines 4.0 (ADM-3), 3.8 (CHK-1), 3.5 (CHK-2).
 */
class ReportCommandTest {

    private static List<Double> numbers(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isNull() ? null : n.asDouble()));
        return out;
    }

    @Test
    void theDemoEndsWithTheReportOfItsStoreSelfContainedAndUnder5Mb() throws Exception {
        Path report = DemoReport.path();
        String html = DemoReport.read(report);
        assertThat(Files.size(report)).isLessThan(5L << 20);
        // nothing fetched when viewed: no external script, style, image or font
        assertThat(html).doesNotContainPattern("(?i)<script[^>]+src=").doesNotContainPattern("(?i)<link[^>]+href=")
                .doesNotContainPattern("(?i)(src|href)=\"?https?:").doesNotContainPattern("(?i)url\\(\\s*['\"]?https?:");
        assertThat(html).contains("echarts").contains("<table class=\"decisions\">");
        assertThat(DemoReport.demoOutput()).contains("history m-road --db jdbc:sqlite:");
    }

    @Test
    void aMerchantsRoadHasItsScoresThePolicyLinesAndItsWarningClosuresAndBan() throws Exception {
        JsonNode data = DemoReport.data(DemoReport.read(DemoReport.path()));
        JsonNode score = DemoReport.chart(data, "road-0-score");
        assertThat(score.at("/title/text").asText()).startsWith("m-road");
        assertThat(score.at("/xAxis/data").toString()).isEqualTo(
                "[\"2026-11-20\",\"2026-11-21\",\"2026-11-22\",\"2026-11-23\",\"2026-11-24\"]");
        JsonNode series = score.get("series");
        assertThat(numbers(series.get(0).get("data"))).containsExactly(3.7, 3.4, 4.2, 3.45, 4.5);
        List<Double> lines = new ArrayList<>();
        series.get(0).at("/markLine/data").forEach(seg -> lines.add(seg.get(0).get("value").asDouble()));
        assertThat(lines).containsExactly(4.0, 3.8, 3.5);
        assertThat(series.get(0).at("/markLine/data/0/0/name").asText()).contains("ADM-3").contains("default@");

        List<String> markers = new ArrayList<>();
        for (int i = 1; i < series.size(); i++) {
            for (JsonNode p : series.get(i).get("data")) {
                markers.add(p.get("day").asText() + " " + p.get("type").asText() + " " + p.get("clause").asText()
                        + ": " + p.get("reason").asText());
            }
        }
        assertThat(markers).anyMatch(m -> m.startsWith("2026-11-20 ALLIANCE_WARNING CHK-1") && m.contains("3.70 < 3.80"))
                .anyMatch(m -> m.startsWith("2026-11-21 ALLIANCE_CLOSED CHK-2") && m.contains("3.40 < 3.50"))
                .anyMatch(m -> m.startsWith("2026-11-22 ADMITTED"))
                .anyMatch(m -> m.startsWith("2026-11-23 ALLIANCE_CLOSED CHK-2"))
                .anyMatch(m -> m.startsWith("2026-11-23 PERMANENTLY_BANNED STR-2"));

        // m-fresh (FRESH, onboarded 2021) is graded: LV3 in the snapshot, so the grade chart has a point each day
        JsonNode grade = DemoReport.chart(data, "road-2-grade");
        assertThat(grade.at("/title/text").asText()).startsWith("m-fresh");
        assertThat(numbers(grade.at("/series/0/data"))).hasSize(5).doesNotContainNull();
        assertThat(grade.at("/series/0/step").asText()).isEqualTo("end");
    }

    @Test
    void thePopulationChartsCountTheStoresDecisionsAndGrades() throws Exception {
        JsonNode data = DemoReport.data(DemoReport.read(DemoReport.path()));
        JsonNode decisions = DemoReport.chart(data, "store-decisions");
        List<String> types = new ArrayList<>();
        decisions.get("series").forEach(s -> types.add(s.get("name").asText()));
        assertThat(types).contains("ALLIANCE_WARNING", "ALLIANCE_CLOSED", "PERMANENTLY_BANNED", "ADMITTED", "ADMISSION_DENIED");
        for (JsonNode s : decisions.get("series")) {
            assertThat(s.get("stack").asText()).isEqualTo("decisions");
            if (s.get("name").asText().equals("ALLIANCE_CLOSED")) {
                // m-road is closed on 11-21 and 11-23 (its road in the demo)
                assertThat(numbers(s.get("data")).get(1)).isGreaterThanOrEqualTo(1.0);
                assertThat(numbers(s.get("data")).get(3)).isGreaterThanOrEqualTo(1.0);
            }
        }
        JsonNode grades = DemoReport.chart(data, "store-grades");
        assertThat(grades.get("series")).hasSize(8);
        // one graded merchant (m-fresh) on each of the five days
        for (int day = 0; day < 5; day++) {
            double sum = 0;
            for (JsonNode s : grades.get("series")) {
                sum += s.get("data").get(day).asDouble();
            }
            assertThat(sum).isEqualTo(1.0);
        }
        JsonNode denials = DemoReport.chart(data, "store-denials");
        assertThat(denials.at("/xAxis/data").toString()).contains("ADM-3").contains("ADM-4").contains("ADM-6");
    }

    @Test
    void aDiffIsDrawnAsAHeatMapOfItsTransitions(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("diff.html");
        CommandRun r = CommandRun.of("report", "--diff", "cli/src/test/resources/report/sample-diff.json", "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("report written to " + out);
        String html = Files.readString(out);
        JsonNode heat = DemoReport.chart(DemoReport.data(html), "diff-heatmap");
        assertThat(heat.at("/xAxis/data").toString()).isEqualTo(
                "[\"ADMITTED\",\"ADMISSION_DENIED\",\"ALLIANCE_WARNING\",\"ALLIANCE_CLOSED\",\"NO_DECISION\"]");
        List<String> cells = new ArrayList<>();
        heat.at("/series/0/data").forEach(c -> cells.add(c.get("from").asText() + ">" + c.get("to").asText() + "="
                + c.get("value").get(2).asLong()));
        assertThat(cells).containsExactly("ADMITTED>ADMISSION_DENIED=12", "ALLIANCE_WARNING>ALLIANCE_CLOSED=2",
                "NO_DECISION>ALLIANCE_WARNING=1");
        assertThat(html).contains("strict@2026-12-01").contains("m-1, m-2, m-3").doesNotContain("store jdbc:");
    }

    @Test
    void aSimulationsRoadsCarryItsOwnScores(@TempDir Path dir) throws Exception {
        CommandRun sim = CommandRun.of("simulate", "fixtures/simulations/grades-closures-120-days.sim.yaml", "--format", "json");
        assertThat(sim.code()).as(sim.err()).isZero();
        Path json = dir.resolve("sim.json");
        Files.writeString(json, sim.out());
        Path out = dir.resolve("sim.html");
        CommandRun r = CommandRun.of("report", "--simulation", json.toString(), "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode data = DemoReport.data(Files.readString(out));
        JsonNode score = DemoReport.chart(data, "sim-road-0-score");
        assertThat(score.at("/xAxis/data")).hasSize(120);
        List<Double> lines = new ArrayList<>();
        score.at("/series/0/markLine/data").forEach(seg -> lines.add(seg.get(0).get("value").asDouble()));
        assertThat(lines).containsExactly(4.0, 3.8, 3.5);
        assertThat(DemoReport.chart(data, "sim-grades").get("series")).hasSize(8);
        assertThat(Files.readString(out)).contains("CLEARED_OUT").contains("PERMANENTLY_BANNED");
    }

    @Test
    void badInputIsRefusedAndNothingIsWritten(@TempDir Path dir) {
        Path out = dir.resolve("r.html");
        CommandRun badDiff = CommandRun.of("report", "--diff", "cli/src/test/resources/report/bad-diff.json", "-o", out.toString());
        assertThat(badDiff.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badDiff.err()).contains("bad-diff.json:3:").contains("/changed: -1 is not a whole number")
                .contains("/transitions/0: missing \"to\"");
        CommandRun order = CommandRun.of("report", "--diff", "cli/src/test/resources/report/sample-diff.json",
                "--from", "2026-11-24", "--to", "2026-11-20", "-o", out.toString());
        assertThat(order.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(order.err()).contains("2026-11-24 is after --to 2026-11-20");
        CommandRun unknown = CommandRun.of("report", "--db", Store.sqliteUrl(DemoReport.path().getParent().resolve("store")),
                "--merchant", "m-nobody", "-o", out.toString());
        assertThat(unknown.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("m-nobody: no such merchant in the store");
        CommandRun noStore = CommandRun.of("report", "--db", Store.sqliteUrl(dir.resolve("none")), "-o", out.toString());
        assertThat(noStore.code()).isEqualTo(ExitCodes.STORE_UNAVAILABLE);
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("none")).doesNotExist();
    }
}
