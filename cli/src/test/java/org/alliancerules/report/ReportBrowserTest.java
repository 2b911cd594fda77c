package org.alliancerules.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The demo's report in a real browser: headless Chromium (Debian's {@code chromium}) loads the page from
 * disk, the page's script records on each chart's element what the ECharts instance drew (series, points,
 * policy lines), and this test reads that from the DOM Chromium dumps. It also keeps a screenshot of the
 * whole page, 1280 pixels wide, as the build's artifact: {@code target/report-screenshot.png} (and the
 * first screen, 1280x800, {@code target/report-screenshot-1280x800.png}).
 *
 * Runs in {@code mvn verify} when /usr/bin/chromium exists (the Maven profile {@code browser});
 * {@code .ci/run} installs chromium first, so CI always runs it.
 */
@Tag("browser")
class ReportBrowserTest {

    static final Path TARGET = Path.of("target");

    private static Map<String, Map<String, String>> charts;
    private static Map<String, String> body;
    private static Path report;

    @BeforeAll
    static void render() throws Exception {
        report = DemoReport.path();
        Files.createDirectories(TARGET); // the repository's target/, where CI looks for the screenshots
        Files.copy(report, TARGET.resolve("report-demo.html"), StandardCopyOption.REPLACE_EXISTING);
        String dom = chromium(List.of("--dump-dom", report.toUri().toString()));
        charts = new LinkedHashMap<>();
        Matcher div = Pattern.compile("<div class=\"chart\"[^>]*>").matcher(dom);
        while (div.find()) {
            Map<String, String> attrs = attributes(div.group());
            charts.put(attrs.get("id"), attrs);
        }
        Matcher b = Pattern.compile("<body[^>]*>").matcher(dom);
        assertThat(b.find()).isTrue();
        body = attributes(b.group());
        int height = Integer.parseInt(body.getOrDefault("data-height", "4000"));
        chromium(List.of("--window-size=1280," + height, "--screenshot=" + TARGET.resolve("report-screenshot.png").toAbsolutePath(),
                report.toUri().toString()));
        chromium(List.of("--window-size=1280,800",
                "--screenshot=" + TARGET.resolve("report-screenshot-1280x800.png").toAbsolutePath(), report.toUri().toString()));
    }

    static String chromium(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("report-chromium-");
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("chromium", "/usr/bin/chromium"),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--virtual-time-budget=10000"));
        cmd.addAll(args);
        Path out = Files.createTempFile("report-chromium-", ".out");
        Path err = Files.createTempFile("report-chromium-", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 180 s: " + cmd);
        }
        assertThat(p.exitValue()).as("chromium " + args + ": " + Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> out = new HashMap<>();
        Matcher a = Pattern.compile("([\\w-]+)=\"([^\"]*)\"").matcher(tag);
        while (a.find()) {
            out.put(a.group(1), a.group(2).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                    .replace("&amp;", "&"));
        }
        return out;
    }

    private static Map<String, String> chart(String id) {
        Map<String, String> c = charts.get(id);
        assertThat(c).as("chart " + id + " is in the page").isNotNull();
        assertThat(c.get("data-rendered")).as(id + " drew on a canvas").isEqualTo("true");
        return c;
    }

    @Test
    void everyChartIsDrawn() {
        // the population (3 charts) and three merchants (a score and a grade chart each)
        assertThat(charts.keySet()).containsExactly("store-decisions", "store-grades", "store-denials",
                "road-0-score", "road-0-grade", "road-1-score", "road-1-grade", "road-2-score", "road-2-grade");
        assertThat(body.get("data-charts")).isEqualTo("9");
        charts.keySet().forEach(ReportBrowserTest::chart);
    }

    @Test
    void theRoadToABanShowsItsScoresThePolicyLinesAndItsMarkers() {
        Map<String, String> score = chart("road-0-score");
        // m-road: five days; a warning (11-20), two closures (11-21, 11-23), the ban (11-23), re-admission (11-22)
        assertThat(score.get("data-series-names"))
                .isEqualTo("experience score|warning (CHK-1)|closure (CHK-2)|permanent ban (STR-2)|admitted");
        assertThat(score.get("data-points")).isEqualTo("5,1,2,1,1");
        assertThat(score.get("data-categories")).isEqualTo("5");
        // the policy's lines: admission 4.0 (ADM-3), warning 3.8 (CHK-1), closure 3.5 (CHK-2)
        assertThat(score.get("data-marklines")).isEqualTo("4|3.8|3.5");
        assertThat(score.get("data-markline-labels")).contains("ADM-3").contains("CHK-1").contains("CHK-2");
        for (String id : List.of("road-1-score", "road-2-score")) {
            assertThat(chart(id).get("data-marklines")).isEqualTo("4|3.8|3.5");
        }
    }

    @Test
    void theGradeIsAStepChartOfEveryDay() {
        assertThat(chart("road-2-grade").get("data-series")).isEqualTo("1");
        assertThat(chart("road-2-grade").get("data-points")).isEqualTo("5"); // m-fresh, graded every day
        assertThat(chart("road-0-grade").get("data-points")).isEqualTo("0"); // m-road is not in grading's scope
    }

    @Test
    void thePopulationChartsHaveTheirSeriesAndDays() {
        Map<String, String> decisions = chart("store-decisions");
        assertThat(decisions.get("data-series-names").split("\\|")).contains("ADMITTED", "ADMISSION_DENIED",
                "ALLIANCE_WARNING", "ALLIANCE_CLOSED", "PERMANENTLY_BANNED");
        int n = Integer.parseInt(decisions.get("data-series"));
        assertThat(decisions.get("data-points")).isEqualTo(String.join(",", java.util.Collections.nCopies(n, "5")));
        Map<String, String> grades = chart("store-grades");
        assertThat(grades.get("data-series-names")).isEqualTo("LV0|LV1|LV2|LV3|LV4|LV5|LV6|LV7");
        assertThat(grades.get("data-points")).isEqualTo("5,5,5,5,5,5,5,5");
        Map<String, String> denials = chart("store-denials");
        assertThat(denials.get("data-series")).isEqualTo("2");
    }

    @Test
    void theScreenshotIsKept() throws IOException {
        BufferedImage page = ImageIO.read(new File("target/report-screenshot.png"));
        assertThat(page.getWidth()).isEqualTo(1280);
        assertThat(page.getHeight()).isGreaterThan(2000);
        BufferedImage first = ImageIO.read(new File("target/report-screenshot-1280x800.png"));
        assertThat(first.getWidth()).isEqualTo(1280);
        assertThat(first.getHeight()).isEqualTo(800);
    }
}
