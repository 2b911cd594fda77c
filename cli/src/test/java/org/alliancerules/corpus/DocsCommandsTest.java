package org.alliancerules.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.alliancerules.cli.CommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command and every Java example in README.md and docs/*.md is run or compiled here, or says why not.
 *
 * <p>In each fenced {@code bash} block, every line (continuation lines ending with a backslash joined) is one of:
 * <ul>
 * <li>a {@code ./alliance-rules} command: run in this JVM ({@link CommandRun}, from the repository root); it must
 * exit 0, or N when its comment says {@code exits N}. The blocks of one document run in order in one temporary
 * folder, as a reader runs them in one working directory: paths under {@code /tmp/}, relative paths that are not
 * files of the repository (outputs: {@code report.html}, {@code backups/...}) and {@code jdbc:sqlite:} files go
 * into that folder, and a store command without {@code --db} is given the folder's {@code alliance-data/alliance.db}
 * (the default store, {@code ./alliance-data/}, is relative to the working directory). A trailing
 * {@code > FILE} writes the command's stdout to FILE;</li>
 * <li>a shell line this test knows and does in Java ({@link #EQUIVALENTS}: the {@code sed} of the diff example),
 * or the build itself ({@code mvn -B verify}, which runs this test);</li>
 * <li>anything marked with a trailing comment {@code # ... not run here: WHY} (a PostgreSQL server, a file the
 * repository does not ship).</li>
 * </ul>
 * Any other line fails the test, as does a command that exits otherwise. Every {@code java} block must be a whole
 * class that compiles against the test class path (ReadmeTest also runs the embedding example). And every relative
 * link of the docs must lead to a file, and to a heading of it when it names one.
 */
class DocsCommandsTest {

    static final Path ROOT = Path.of("").toAbsolutePath();
    private static final String COMMAND = "./alliance-rules";
    /** The marker of a line the docs show but this test does not run; the reason follows it. */
    static final String NOT_RUN = "not run here:";
    /** The comment of a command that must exit with another code than 0: {@code # ... exits 4 ...}. */
    private static final Pattern EXITS = Pattern.compile("\\bexits (\\d)\\b");
    /** Options whose value is a file a command writes: always into the temporary folder. */
    private static final Set<String> OUTPUT_OPTIONS =
            Set.of("-o", "--output", "--junit-xml", "--write-snapshot", "--write-request", "--reject-file");

    /** A shell line of the docs that is not a command of the product, done in Java in the document's folder. */
    interface Equivalent {
        void run(Path work) throws IOException;
    }

    /** Shell lines the docs show, by their exact text, and what this test does for each. */
    static final Map<String, Equivalent> EQUIVALENTS = Map.of(
            // docs/analysts.md, "What would this change do?": the proposal of a minimum score of 4.2
            "sed 's/^  minScore: 4.0 /  minScore: 4.2 /' rules/policy/default.yaml > /tmp/min-score-4.2.yaml", work -> {
                String policy = Files.readString(ROOT.resolve("rules/policy/default.yaml"));
                String changed = policy.replaceAll("(?m)^  minScore: 4\\.0 ", "  minScore: 4.2 ");
                if (changed.equals(policy)) {
                    throw new AssertionError("the sed changes nothing: rules/policy/default.yaml has no line '  minScore: 4.0 '");
                }
                Files.writeString(redirect(work, "/tmp/min-score-4.2.yaml"), changed);
            },
            // the front page: the build that runs this very test
            "mvn -B verify", work -> { });

    // ---------------------------------------------------------------------------------------------- the tests

    static Stream<String> docs() throws IOException {
        List<String> out = new ArrayList<>(List.of("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.map(p -> "docs/" + p.getFileName()).filter(n -> n.endsWith(".md")).sorted().forEach(out::add);
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("docs")
    void everyCommandOfTheDocRunsOrSaysWhyNot(String doc, @TempDir Path work) throws IOException {
        Outcome outcome = runBlocks(doc, Files.readString(ROOT.resolve(doc)), work);
        assertThat(outcome.problems()).as("commands of " + doc + " (ran " + outcome.ran() + ", not run: "
                + outcome.notRun() + ")").isEmpty();
    }

    @Test
    void theDocsRunMostOfTheirCommands() throws IOException {
        // guards the marker against overuse: at the time of writing 33 lines are run (in about 30 s) and 4 marked
        int ran = 0;
        List<String> notRun = new ArrayList<>();
        for (String doc : docs().toList()) {
            for (Block b : blocks(Files.readString(ROOT.resolve(doc)))) {
                if (b.lang().equals("bash")) {
                    for (Line l : lines(b)) {
                        if (l.comment().contains(NOT_RUN)) {
                            notRun.add(doc + ":" + l.number() + ": " + l.code());
                        } else if (l.code().startsWith(COMMAND + " ")) {
                            ran++;
                        }
                    }
                }
            }
        }
        assertThat(ran).as("./alliance-rules lines the docs' tests run").isGreaterThanOrEqualTo(30);
        assertThat(notRun).as("lines marked '" + NOT_RUN + "'").hasSizeLessThanOrEqualTo(6);
    }

    @Test
    void everyJavaBlockOfTheDocsCompiles(@TempDir Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        int compiled = 0;
        for (String doc : docs().toList()) {
            for (Block b : blocks(Files.readString(ROOT.resolve(doc)))) {
                if (b.lang().equals("java")) {
                    problems.addAll(compile(doc, b, Files.createTempDirectory(dir, "java-")));
                    compiled++;
                }
            }
        }
        assertThat(compiled).as("java blocks in the docs (the embedding example at least)").isPositive();
        assertThat(problems).isEmpty();
    }

    /** The test fails on a broken doc: a command that fails, a wrong exit code, an unknown shell line, a bare marker, Java that does not compile. */
    @Test
    void aBrokenDocFails(@TempDir Path work) throws IOException {
        String doc = """
                # A doc
                ```bash
                ./alliance-rules evaluate examples/no-such-request.json
                ./alliance-rules validate --rules rules      # exits 3
                rm -rf alliance-data
                ./alliance-rules sweep --day 2026-11-25 snapshot.jsonl   # not run here:
                ./alliance-rules sweep --day 2026-11-25 snapshot.jsonl   # not run here: stands for your own snapshot
                mvn -B verify
                ./alliance-rules evaluate examples/sample-request.json | jq .
                ```
                """;
        Outcome outcome = runBlocks("broken.md", doc, work);
        assertThat(outcome.problems()).hasSize(5);
        assertThat(outcome.problems().get(0)).startsWith("broken.md:3: ").contains("exited 2, not 0");
        assertThat(outcome.problems().get(1)).startsWith("broken.md:4: ").contains("exited 0, not 3");
        assertThat(outcome.problems().get(2)).startsWith("broken.md:5: ").contains("not a ./alliance-rules command");
        assertThat(outcome.problems().get(3)).startsWith("broken.md:6: ").contains("a reason");
        assertThat(outcome.problems().get(4)).startsWith("broken.md:9: ").contains("shell");
        assertThat(outcome.notRun()).hasSize(1);

        Block java = blocks("```java\npublic class Broken { void f() { int x = \"text\"; } }\n```\n").get(0);
        assertThat(compile("broken.md", java, work)).hasSize(1);
    }

    /** The arguments of a command as this test runs them, redirected into the document's folder. */
    @Test
    void pathsAndStoresAreRedirectedIntoTheFolder(@TempDir Path work) {
        String w = work.toString();
        assertThat(rewrite(List.of("sweep", "--day", "2026-11-20", "examples/sweep/2026-11-20.csv"), work)).containsExactly(
                "sweep", "--day", "2026-11-20", "examples/sweep/2026-11-20.csv", "--db", "jdbc:sqlite:" + w + "/alliance-data/alliance.db");
        assertThat(rewrite(List.of("diff", "--db", "jdbc:sqlite:/tmp/d/alliance.db", "--day", "2026-11-21"), work))
                .containsExactly("diff", "--db", "jdbc:sqlite:" + w + "/tmp/d/alliance.db", "--day", "2026-11-21");
        assertThat(rewrite(List.of("report", "--simulation", "sim.json", "-o", "sim.html"), work))
                .containsExactly("report", "--simulation", w + "/sim.json", "-o", w + "/sim.html");
        assertThat(rewrite(List.of("test", "fixtures", "--junit-xml", "target/fixtures.xml"), work))
                .containsExactly("test", "fixtures", "--junit-xml", w + "/target/fixtures.xml");
        assertThat(rewrite(List.of("store", "backup", "backups/b.db"), work)).containsExactly(
                "store", "backup", w + "/backups/b.db", "--db", "jdbc:sqlite:" + w + "/alliance-data/alliance.db");
        Words ws = words("explain f.yaml --case \"SHW-1 999 followers\" --creator cr-999   # why it's here");
        assertThat(ws.words()).containsExactly("explain", "f.yaml", "--case", "SHW-1 999 followers", "--creator", "cr-999");
        assertThat(ws.comment()).isEqualTo("why it's here");
        assertThat(ws.shell(0)).isNull();
        assertThat(words("A=b ./alliance-rules history m").shell(0)).isEqualTo("a variable");
        assertThat(words("./alliance-rules evaluate x.json | jq .").shell(0)).isEqualTo("'|'");
    }

    @Test
    void everyLinkOfTheDocsLeadsSomewhere() throws IOException {
        List<String> problems = new ArrayList<>();
        Pattern link = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
        Set<String> linkedFromReadme = new TreeSet<>();
        for (String doc : docs().toList()) {
            Path file = ROOT.resolve(doc);
            Matcher m = link.matcher(prose(Files.readString(file)));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path to = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                if (!Files.exists(to)) {
                    problems.add(doc + ": " + target + ": no such file");
                    continue;
                }
                if (doc.equals("README.md")) {
                    linkedFromReadme.add(ROOT.relativize(to).toString());
                }
                if (hash >= 0 && !headings(Files.readString(to)).contains(target.substring(hash + 1))) {
                    problems.add(doc + ": " + target + ": no such heading in " + ROOT.relativize(to));
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(linkedFromReadme).as("README links every doc").containsAll(docs().filter(d -> !d.equals("README.md")).toList());
    }

    // ------------------------------------------------------------------------------------------ reading the docs

    /** A fenced block: its language (empty when none), the line of its first content line, its lines (the fence's indentation removed). */
    record Block(String lang, int line, List<String> lines) {}

    static List<Block> blocks(String markdown) {
        List<Block> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String trimmed = lines[i].stripLeading();
            if (!trimmed.startsWith("```")) {
                continue;
            }
            int indent = lines[i].length() - trimmed.length();
            String lang = trimmed.substring(3).trim();
            List<String> content = new ArrayList<>();
            int start = i + 1;
            for (i = start; i < lines.length && !lines[i].strip().equals("```"); i++) {
                String l = lines[i];
                content.add(l.length() >= indent && l.substring(0, indent).isBlank() ? l.substring(indent) : l.stripLeading());
            }
            out.add(new Block(lang, start + 1, content));
        }
        return out;
    }

    /** The markdown without its fenced blocks (their lines blanked). */
    static String prose(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean fenced = false;
        for (String l : markdown.split("\n", -1)) {
            if (l.stripLeading().startsWith("```")) {
                fenced = !fenced;
                out.append('\n');
                continue;
            }
            out.append(fenced ? "" : l).append('\n');
        }
        return out.toString();
    }

    /** The anchors of a markdown file's headings, as GitHub makes them. */
    static Set<String> headings(String markdown) {
        Set<String> out = new TreeSet<>();
        for (String l : prose(markdown).split("\n")) {
            Matcher m = Pattern.compile("^#{1,6} (.*)$").matcher(l);
            if (m.matches()) {
                out.add(m.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }

    /** One logical line of a bash block: its line number in the doc, its code and its trailing comment (without '#'). */
    record Line(int number, String code, String comment) {}

    static List<Line> lines(Block b) {
        List<Line> out = new ArrayList<>();
        StringBuilder joined = new StringBuilder();
        int first = -1;
        for (int i = 0; i < b.lines().size(); i++) {
            String l = b.lines().get(i);
            if (first < 0) {
                first = b.line() + i;
            }
            if (l.endsWith("\\")) {
                joined.append(l, 0, l.length() - 1).append(' ');
                continue;
            }
            joined.append(l);
            String text = joined.toString().strip();
            joined.setLength(0);
            if (!text.isEmpty() && !text.startsWith("#")) {
                Words w = words(text);
                out.add(new Line(first, w.code(), w.comment()));
            }
            first = -1;
        }
        return out;
    }

    /**
     * A line split as a shell splits it: its words (quotes removed), for each word the characters the shell would
     * act on in it (unquoted {@code | ; & < > $ ` ( ) * ?}, empty for a plain word), its code and its comment.
     */
    record Words(List<String> words, List<String> special, String code, String comment) {

        /** What of the shell the words from {@code from} on use, or null when they are plain words. */
        String shell(int from) {
            for (int i = from; i < words.size(); i++) {
                if (!special.get(i).isEmpty()) {
                    return "'" + special.get(i) + "'";
                }
            }
            return from == 0 && !words.isEmpty() && words.get(0).matches("[A-Za-z_]\\w*=.*") ? "a variable" : null;
        }
    }

    static Words words(String line) {
        List<String> words = new ArrayList<>();
        List<String> special = new ArrayList<>();
        StringBuilder word = null;
        StringBuilder chars = null;
        int i = 0;
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    special.add(chars.toString());
                    word = null;
                }
                continue;
            }
            if (c == '#' && word == null) {
                break;
            }
            if (word == null) {
                word = new StringBuilder();
                chars = new StringBuilder();
            }
            if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                if (end < 0) {
                    chars.append(c); // an unclosed quote
                    end = line.length();
                }
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else {
                if ("|;&<>$`()*?".indexOf(c) >= 0) {
                    chars.append(c);
                }
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
            special.add(chars.toString());
        }
        String comment = i < line.length() ? line.substring(i + 1).strip() : "";
        return new Words(words, special, line.substring(0, i).strip(), comment);
    }

    // ---------------------------------------------------------------------------------------- running the docs

    /** What running a doc's blocks gave: the problems (one line each, "doc:line: ..."), how many ran, which were not run and why. */
    record Outcome(List<String> problems, int ran, List<String> notRun) {}

    static Outcome runBlocks(String doc, String markdown, Path work) throws IOException {
        List<String> problems = new ArrayList<>();
        List<String> notRun = new ArrayList<>();
        int ran = 0;
        for (Block b : blocks(markdown)) {
            if (!b.lang().equals("bash")) {
                for (int i = 0; i < b.lines().size(); i++) {
                    if (b.lines().get(i).strip().startsWith(COMMAND + " ")) {
                        problems.add(doc + ":" + (b.line() + i) + ": a command in a block that is not ```bash: "
                                + b.lines().get(i).strip());
                    }
                }
                continue;
            }
            for (Line l : lines(b)) {
                String where = doc + ":" + l.number() + ": ";
                int marker = l.comment().indexOf(NOT_RUN);
                if (marker >= 0) {
                    String why = l.comment().substring(marker + NOT_RUN.length()).strip();
                    if (why.length() < 10) {
                        problems.add(where + "'" + NOT_RUN + "' needs a reason: " + l.code());
                    } else {
                        notRun.add(where + l.code() + " (" + why + ")");
                    }
                    continue;
                }
                Equivalent equivalent = EQUIVALENTS.get(l.code());
                if (equivalent != null) {
                    try {
                        equivalent.run(work);
                    } catch (IOException | AssertionError e) {
                        problems.add(where + l.code() + ": " + e.getMessage());
                    }
                    continue;
                }
                Words w = words(l.code());
                if (w.words().isEmpty() || !w.words().get(0).equals(COMMAND)) {
                    problems.add(where + "not a ./alliance-rules command, not one DocsCommandsTest does in Java, and not marked '# "
                            + NOT_RUN + " why': " + l.code());
                    continue;
                }
                int n = w.words().size();
                Path stdoutTo = null;
                if (n >= 3 && w.special().get(n - 2).equals(">") && w.words().get(n - 2).equals(">")
                        && w.special().get(n - 1).isEmpty()) {
                    stdoutTo = redirect(work, w.words().get(n - 1)); // "> FILE": stdout into FILE
                    n -= 2;
                }
                List<String> args = new ArrayList<>(w.words().subList(1, n));
                String shell = w.shell(0);
                if (stdoutTo != null) {
                    shell = new Words(args, w.special().subList(1, n), "", "").shell(0);
                }
                if (shell != null) {
                    problems.add(where + "uses the shell (" + shell + "): do it in DocsCommandsTest or mark it '# "
                            + NOT_RUN + " why': " + l.code());
                    continue;
                }
                Matcher exits = EXITS.matcher(l.comment());
                int expected = exits.find() ? Integer.parseInt(exits.group(1)) : 0;
                List<String> run = rewrite(args, work);
                CommandRun r = CommandRun.of(run.toArray(String[]::new));
                ran++;
                if (r.code() != expected) {
                    problems.add(where + l.code() + ": exited " + r.code() + ", not " + expected + " (ran as " + String.join(" ", run)
                            + "): " + tail(r.err()));
                }
                if (stdoutTo != null) {
                    Files.writeString(stdoutTo, r.out());
                }
                if (args.get(0).equals("demo")) {
                    removeDemoFolder(r.out());
                }
            }
        }
        return new Outcome(problems, ran, notRun);
    }

    /** The arguments of a command as run here: files and stores of the doc's working directory in {@code work}. */
    static List<String> rewrite(List<String> args, Path work) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i > 0 && OUTPUT_OPTIONS.contains(args.get(i - 1))) {
                out.add(redirect(work, a).toString());
            } else if (a.startsWith("jdbc:sqlite:")) {
                out.add("jdbc:sqlite:" + redirect(work, a.substring("jdbc:sqlite:".length())));
            } else if (a.startsWith("/tmp/")) {
                out.add(redirect(work, a).toString());
            } else if (!a.startsWith("-") && (a.contains("/") || a.matches(".*\\.[A-Za-z]{2,5}"))
                    && (Files.exists(work.resolve(a)) || !Files.exists(ROOT.resolve(a)))) {
                out.add(work.resolve(a).toString()); // a file an earlier command wrote, or one a command writes
            } else {
                out.add(a);
            }
        }
        String command = out.get(0);
        boolean readsStore = command.equals("sweep") || command.equals("history") || command.equals("store")
                || command.equals("report") && !out.contains("--simulation") && !out.contains("--diff");
        if (readsStore && !out.contains("--db")) {
            out.add("--db");
            out.add("jdbc:sqlite:" + work.resolve("alliance-data/alliance.db"));
        }
        return out;
    }

    /** Where a file the docs name is, in the document's folder ({@code /tmp/X} as {@code work/tmp/X}). */
    static Path redirect(Path work, String file) {
        if (file.startsWith("/tmp/")) {
            Path p = work.resolve("tmp").resolve(file.substring("/tmp/".length()));
            try {
                Files.createDirectories(p.getParent()); // as /tmp exists for a reader
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return p;
        }
        return Path.of(file).isAbsolute() ? Path.of(file) : work.resolve(file);
    }

    private static String tail(String err) {
        String s = err.strip();
        return s.length() <= 600 ? s : "..." + s.substring(s.length() - 600);
    }

    /** demo sweeps into a folder of its own under the system's temporary directory: its last line names its report there. */
    private static void removeDemoFolder(String out) throws IOException {
        Matcher m = Pattern.compile("the report of the sample store: (.*)\\s*$").matcher(out);
        if (!m.find()) {
            return;
        }
        Path folder = Path.of(m.group(1).strip()).getParent();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        if (folder != null && folder.getFileName().toString().startsWith("alliance-demo-") && folder.startsWith(tmp)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Compiles a java block (a whole public class) against the test class path; the problems, none when it compiles. */
    static List<String> compile(String doc, Block b, Path dir) throws IOException {
        String source = String.join("\n", b.lines()) + "\n";
        Matcher className = Pattern.compile("public class (\\w+)").matcher(source);
        if (!className.find()) {
            return List.of(doc + ":" + b.line() + ": a java block is a whole public class, to be compiled");
        }
        Path file = dir.resolve(className.group(1) + ".java");
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean ok = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(file.toFile())).call();
        return ok ? List.of() : List.of(doc + ":" + b.line() + ": the java block does not compile:\n" + diagnostics);
    }
}
