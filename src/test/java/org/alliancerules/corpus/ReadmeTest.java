package org.alliancerules.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.alliancerules.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What README.md and docs/embedding.md promise: the embedding example compiles and runs as printed; every option
 * and exit code is documented in README's tables. (Every other command and Java block of the docs: DocsCommandsTest.)
 */
class ReadmeTest {

    private static final Path README = Path.of("README.md");
    private static final Path EMBEDDING = Path.of("docs/embedding.md");

    @Test
    void theEmbeddingExampleCompilesAndRunsAsPrinted(@TempDir Path dir) throws Exception {
        String doc = Files.readString(EMBEDDING);
        int section = doc.indexOf("# Embedding the engine");
        assertThat(section).as("docs/embedding.md is the embedding guide").isGreaterThanOrEqualTo(0);
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(block.find(section)).as("the embedding guide has a java block").isTrue();
        String source = block.group(1);
        Matcher className = Pattern.compile("public class (\\w+)").matcher(source);
        assertThat(className.find()).as("the example is a whole class").isTrue();
        Path file = dir.resolve(className.group(1) + ".java");
        Files.writeString(file, source);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file.toFile())).call();
        assertThat(compiled).as("docs/embedding.md's example compiles as printed:\n" + diagnostics).isTrue();

        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass(className.group(1)).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(old);
        }
        // the sample request's m-1002 has a score of 3.41: the example prints its closure (CHK-2, 3.41 < 3.50)
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("m-1002 ALLIANCE_CLOSED CHK-2: experience score 3.41 < 3.50");
    }

    /** Each command's row of the README's command table names every option the command has. */
    @Test
    void everyOptionOfEveryCommandIsInItsRowOfTheReadme() throws Exception {
        List<String> rows = Files.readString(README).lines().filter(l -> l.startsWith("| `./alliance-rules ")).toList();
        List<String> missing = new ArrayList<>();
        CommandLine root = new CommandLine(new Main());
        List<CommandLine> commands = new ArrayList<>();
        for (CommandLine sub : root.getSubcommands().values()) {
            // a command with commands of its own (store check, store backup ...) has a row for each of them
            commands.addAll(sub.getSubcommands().isEmpty() ? List.of(sub) : sub.getSubcommands().values());
        }
        for (CommandLine sub : commands) {
            CommandSpec spec = sub.getCommandSpec();
            String name = spec.parent() != null && spec.parent() != root.getCommandSpec()
                    ? spec.parent().name() + " " + spec.name() : spec.name();
            if (spec.name().equals("help")) {
                continue;
            }
            String row = rows.stream().filter(l -> l.startsWith("| `./alliance-rules " + name + " ")
                    || l.startsWith("| `./alliance-rules " + name + "`")).findFirst().orElse(null);
            if (row == null) {
                missing.add(name + " (no row in the command table)");
                continue;
            }
            for (OptionSpec o : spec.options()) {
                if (o.usageHelp() || o.versionHelp() || o.hidden()) {
                    continue;
                }
                if (!Pattern.compile(Pattern.quote(o.longestName()) + "(?![\\w-])").matcher(row).find()) {
                    missing.add(name + " " + o.longestName());
                }
            }
        }
        assertThat(missing).as("options missing from their command's row in README.md").isEmpty();
    }

    @Test
    void everyExitCodeIsInTheReadmeAndInTheUsage() throws Exception {
        String readme = Files.readString(README);
        CommandLine root = new CommandLine(new Main());
        for (int code : new int[] {0, 1, 2, 3, 4, 5}) {
            assertThat(readme).as("README's exit code table has " + code).containsPattern("\\n\\| " + code + " \\| ");
            assertThat(root.getCommandSpec().usageMessage().exitCodeList()).as("--help lists exit code " + code)
                    .containsKey(String.valueOf(code));
        }
    }
}
