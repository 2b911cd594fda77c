package org.alliancerules.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.alliancerules.cli.CommandRun;

/** The report the demo writes of its sample store (examples/sweep), made once per test JVM. */
final class DemoReport {

    private static Path path;
    private static String demoOut;

    private DemoReport() {
    }

    static synchronized Path path() {
        if (path == null) {
            CommandRun r = CommandRun.of("demo");
            assertThat(r.code()).as(r.err()).isZero();
            demoOut = r.out();
            List<String> lines = r.out().lines().toList();
            String last = lines.get(lines.size() - 1);
            Matcher m = Pattern.compile("(/\\S+\\.html)$").matcher(last);
            assertThat(m.find()).as("the demo's last line names the report: " + last).isTrue();
            path = Path.of(m.group(1));
            assertThat(path).isRegularFile();
        }
        return path;
    }

    static String demoOutput() {
        path();
        return demoOut;
    }

    /** The JSON data inlined in a report page. */
    static JsonNode data(String html) throws Exception {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("the page inlines its data").isTrue();
        return new ObjectMapper().readTree(m.group(1));
    }

    /** The ECharts option of the chart with this id. */
    static JsonNode chart(JsonNode data, String id) {
        for (JsonNode c : data.get("charts")) {
            if (c.get("id").asText().equals(id)) {
                return c.get("option");
            }
        }
        throw new AssertionError("no chart " + id);
    }

    static String read(Path p) throws Exception {
        return Files.readString(p);
    }
}
