package org.alliancerules.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.alliancerules.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `diff` section of docs/analysts.md (it was README's) runs as printed, and its first example prints what the
 * section shows (its store in a temporary folder instead of /tmp/diff-demo).
 */
class DiffReadmeTest {

    private static final Path DOC = Path.of("docs/analysts.md");
    private static final String SECTION = "## What would this change do? (`diff`)";

    /** The section's fenced blocks, in order. */
    private static List<String> blocks() throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf(SECTION);
        assertThat(start).as(DOC + " has the diff section").isPositive();
        int end = doc.indexOf("\n## ", start + SECTION.length());
        Matcher m = Pattern.compile("```[a-z]*\\n(.*?)```", Pattern.DOTALL).matcher(doc.substring(start, end));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** The `./alliance-rules` command lines of a block, continuation lines joined, as arguments. */
    private static List<String[]> commands(String block, Path store) {
        List<String[]> out = new ArrayList<>();
        for (String line : block.replace("\\\n", " ").split("\n")) {
            line = line.trim();
            if (line.startsWith("./alliance-rules ")) {
                out.add(line.substring("./alliance-rules ".length()).replace("/tmp/diff-demo", store.toString())
                        .trim().split("\\s+"));
            }
        }
        return out;
    }

    @Test
    void theFirstExamplePrintsWhatTheReadmeShows() throws IOException {
        List<String> blocks = blocks();
        List<String[]> first = commands(blocks.get(0), Path.of("unused"));
        assertThat(first).hasSize(1);
        CommandRun r = CommandRun.of(first.get(0));
        assertThat(r.code()).as(r.err()).isZero();
        String shown = blocks.get(1).replaceFirst("\\.\\.\\.\\n$", "");
        assertThat(r.out()).startsWith(shown);
    }

    @Test
    void theSweptDayExampleRuns(@TempDir Path store) throws IOException {
        List<String[]> lines = commands(blocks().get(2), store);
        assertThat(lines).hasSize(3);
        for (String[] args : lines) {
            CommandRun r = CommandRun.of(args);
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
        }
        CommandRun diff = CommandRun.of(lines.get(2));
        assertThat(diff.out()).contains("store-day").contains("ALLIANCE_WARNING");
    }
}
