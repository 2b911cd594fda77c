package org.alliancerules.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** The host app's two classes, which docs/embedding.md prints. */
    private static final Path HOST_APP = Path.of("examples/host-app/src/main/java/example");

    @Test
    void theEmbeddingExamplesAreTheHostAppsClassesAndRunAsPrinted(@TempDir Path dir) throws Exception {
        String doc = Files.readString(EMBEDDING);
        assertThat(doc).as("docs/embedding.md is the embedding guide").contains("# Embedding the engine")
                .contains("org.alliancerules").contains("alliance-rules-core");
        Matcher block = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        Map<String, String> printed = new LinkedHashMap<>();
        while (block.find()) {
            Matcher className = Pattern.compile("public class (\\w+)").matcher(block.group(1));
            if (block.group(1).startsWith("package example;") && className.find()) {
                printed.put(className.group(1), block.group(1));
            }
        }
        assertThat(printed).as("the facade and the KIE session examples").containsOnlyKeys("FacadeHost", "KieSessionHost");
        List<File> files = new ArrayList<>();
        for (Map.Entry<String, String> e : printed.entrySet()) {
            Path source = HOST_APP.resolve(e.getKey() + ".java");
            assertThat(e.getValue()).as("docs/embedding.md prints %s verbatim", source).isEqualTo(Files.readString(source));
            Path file = dir.resolve(e.getKey() + ".java");
            Files.writeString(file, e.getValue());
            files.add(file.toFile());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(files.toArray(File[]::new))).call();
        assertThat(compiled).as("docs/embedding.md's examples compile as printed:\n" + diagnostics).isTrue();

        Map<String, List<String>> outputs = new LinkedHashMap<>();
        for (String name : printed.keySet()) {
            PrintStream old = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                loader.loadClass("example." + name).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
            } finally {
                System.setOut(old);
            }
            outputs.put(name, out.toString(StandardCharsets.UTF_8).lines().sorted().toList());
        }
        // the sample request's m-1002 has a score of 3.41: the example prints its closure (CHK-2, 3.41 < 3.50)
        assertThat(outputs.get("FacadeHost")).contains("m-1002 ALLIANCE_CLOSED CHK-2: experience score 3.41 < 3.50");
        assertThat(outputs.get("KieSessionHost")).as("a raw KIE session gives the facade's decisions")
                .isEqualTo(outputs.get("FacadeHost"));
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
