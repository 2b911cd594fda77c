package org.alliancerules.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.cli.CommandRun;
import org.alliancerules.cli.Main;
import org.alliancerules.io.Json;
import org.alliancerules.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile-input corpus (issue 10): bad requests (JSON in memory and streamed, YAML), policies, DRL
 * directories, fixtures, snapshots and command lines, each with the exit code and the place it must be
 * reported at. The cases are data, in {@code src/test/resources/corpus/*.yaml}; each file's header says how
 * its cases run. Every case also checks what holds for all bad input: nothing on stdout, no stack trace,
 * no library words for parser limits.
 */
class HostileInputCorpusTest {

    private static final Path CORPUS = Path.of("cli/src/test/resources/corpus");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(nest|digits|chars):(\\d+)}");
    /** What a message for a person never contains. */
    private static final List<String> NOISE = List.of("Exception", "\tat ", "REDACTED", "StreamReadConstraints",
            "internal error", "com.fasterxml", "org.drools", "org.kie");
    private static final String DRL_HEADER = String.join("\n",
            "package org.alliancerules.rules;",
            "import org.alliancerules.facts.*;",
            "import function org.alliancerules.engine.RuleSupport.decide;",
            "global java.time.LocalDate today;",
            "");

    private static Path work;

    @BeforeAll
    static void workFolder() throws IOException {
        work = Files.createTempDirectory("alliance-corpus");
    }

    @AfterAll
    static void removeWorkFolder() throws IOException {
        try (Stream<Path> walk = Files.walk(work)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @TestFactory
    Stream<DynamicNode> corpus() throws IOException {
        List<DynamicNode> groups = new ArrayList<>();
        groups.add(group("requests.yaml", this::requestCase));
        groups.add(group("yaml-requests.yaml", this::yamlRequestCase));
        groups.add(group("policies.yaml", this::policyCase));
        groups.add(group("drl.yaml", this::drlCase));
        groups.add(group("fixtures.yaml", this::fixtureCase));
        groups.add(group("snapshots.yaml", this::snapshotCase));
        groups.add(group("cli.yaml", this::cliCase));
        return groups.stream();
    }

    /** At least 150 bad inputs, as the issue asks: a corpus that shrinks below that is a failure. */
    @TestFactory
    Stream<DynamicTest> size() throws IOException {
        int n = 0;
        for (String file : List.of("requests.yaml", "yaml-requests.yaml", "policies.yaml", "drl.yaml", "fixtures.yaml",
                "snapshots.yaml", "cli.yaml")) {
            n += cases(file).size();
        }
        int total = n;
        return Stream.of(DynamicTest.dynamicTest("the corpus holds at least 150 bad inputs (" + total + ")",
                () -> assertThat(total).isGreaterThanOrEqualTo(150)));
    }

    interface CaseRunner {
        List<DynamicTest> tests(String file, JsonNode c) throws IOException;
    }

    private DynamicContainer group(String file, CaseRunner runner) throws IOException {
        List<DynamicNode> nodes = new ArrayList<>();
        for (JsonNode c : cases(file)) {
            nodes.addAll(runner.tests(file, c));
        }
        return DynamicContainer.dynamicContainer(file, nodes);
    }

    private static List<JsonNode> cases(String file) throws IOException {
        List<JsonNode> list = new ArrayList<>();
        Json.yamlMapper().readTree(CORPUS.resolve(file).toFile()).forEach(list::add);
        return list;
    }

    // ---- the kinds of case --------------------------------------------------------------------------

    private List<DynamicTest> requestCase(String file, JsonNode c) throws IOException {
        String base = Files.readString(CORPUS.resolve("request.json"));
        Mutation m = mutate(base, c);
        Expect expect = new Expect(2, "request.json", m.line, text(c, "pointer"), List.of());
        String name = file + ": " + c.get("name").asText();
        return List.of(DynamicTest.dynamicTest(name + " (in memory and streamed, the same verdict)", () -> {
            Path dir = caseFolder();
            Path request = dir.resolve("request.json");
            Files.writeString(request, m.text);
            CommandRun inMemory = run("evaluate", request.toString());
            CommandRun streamed = run("evaluate", request.toString(), "--stream");
            expect.check("in memory", inMemory);
            expect.check("streamed", streamed);
            assertThat(firstLine(streamed.err())).as("the streamed path reports what the in-memory path does")
                    .isEqualTo(firstLine(inMemory.err()));
        }));
    }

    private List<DynamicTest> yamlRequestCase(String file, JsonNode c) {
        Expect expect = new Expect(2, "request.yaml", intOrNull(c, "line"), text(c, "pointer"), List.of());
        return List.of(DynamicTest.dynamicTest(file + ": " + c.get("name").asText(), () -> {
            Path request = caseFolder().resolve("request.yaml");
            Files.writeString(request, c.get("text").asText());
            expect.check("", run("evaluate", request.toString()));
        }));
    }

    private List<DynamicTest> policyCase(String file, JsonNode c) throws IOException {
        Mutation m = mutate(Files.readString(Path.of("rules/policy/default.yaml")), c);
        Expect expect = new Expect(2, "policy.yaml", m.line, text(c, "key"), List.of());
        return List.of(DynamicTest.dynamicTest(file + ": " + c.get("name").asText(), () -> {
            Path dir = caseFolder();
            Path policy = dir.resolve("policy.yaml");
            Files.writeString(policy, m.text);
            Files.copy(CORPUS.resolve("request.json"), dir.resolve("request.json"));
            expect.check("", run("evaluate", dir.resolve("request.json").toString(), "--policy", policy.toString()));
        }));
    }

    private List<DynamicTest> drlCase(String file, JsonNode c) {
        Expect expect = new Expect(c.get("exit").asInt(), text(c, "file") == null ? "hostile.drl" : text(c, "file"),
                intOrNull(c, "line"), null, strings(c, "says"));
        return List.of(DynamicTest.dynamicTest(file + ": " + c.get("name").asText(), () -> {
            Path dir = caseFolder();
            Path rules = dir.resolve("rules");
            Files.createDirectories(rules);
            List<String> omit = strings(c, "omit");
            if (!omit.contains("policy")) {
                Files.createDirectories(rules.resolve("policy"));
                Files.copy(Path.of("rules/policy/default.yaml"), rules.resolve("policy/default.yaml"));
            }
            if (!omit.contains("catalogue")) {
                Files.copy(Path.of("rules/catalogue.yaml"), rules.resolve("catalogue.yaml"));
            }
            for (Map.Entry<String, JsonNode> f : c.get("files").properties()) {
                Path target = rules.resolve(f.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue().asText().replace("${header}\n", DRL_HEADER + "\n"));
            }
            Files.copy(CORPUS.resolve("request.json"), dir.resolve("request.json"));
            List<String> args = new ArrayList<>(List.of("evaluate", dir.resolve("request.json").toString(),
                    "--rules", rules.toString()));
            args.addAll(strings(c, "args"));
            expect.check("", runInChildJvm(args));
            assertThat(Path.of("/tmp/alliance-corpus-victim")).as("no rule touched the file system").doesNotExist();
        }));
    }

    private List<DynamicTest> fixtureCase(String file, JsonNode c) throws IOException {
        Mutation m = mutate(Files.readString(CORPUS.resolve("fixture.yaml")), c);
        Expect expect = new Expect(2, "fixture.yaml", m.line, text(c, "pointer"), List.of());
        return List.of(DynamicTest.dynamicTest(file + ": " + c.get("name").asText(), () -> {
            Path fixture = caseFolder().resolve("fixture.yaml");
            Files.writeString(fixture, m.text);
            CommandRun r = run("test", fixture.toString());
            expect.check("", r, true);
            assertThat(r.out()).as("an invalid fixture runs no case").doesNotContainPattern("\\b(PASS|FAIL)\\b");
        }));
    }

    private List<DynamicTest> snapshotCase(String file, JsonNode c) throws IOException {
        String baseName = c.get("base").asText();
        Mutation m = mutate(Files.readString(CORPUS.resolve(baseName)), c);
        Expect expect = new Expect(2, baseName, m.line, text(c, "pointer"), List.of());
        return List.of(DynamicTest.dynamicTest(file + ": " + c.get("name").asText(), () -> {
            Path dir = caseFolder();
            Path snapshot = dir.resolve(baseName);
            Files.writeString(snapshot, m.text);
            String url = Store.sqliteUrl(dir.resolve("store"));
            expect.check("", run("sweep", "--day", "2026-11-22", snapshot.toString(), "--db", url));
            if (Files.exists(dir.resolve("store"))) {
                try (Store store = Store.open(url, null, null)) {
                    assertThat(store.lastCommittedRun()).as("nothing was committed").isEmpty();
                }
            }
        }));
    }

    private List<DynamicTest> cliCase(String file, JsonNode c) {
        int exit = c.has("exit") ? c.get("exit").asInt() : 2;
        return List.of(DynamicTest.dynamicTest(file + ": " + c.get("name").asText(), () -> {
            Path dir = caseFolder();
            Files.copy(CORPUS.resolve("request.json"), dir.resolve("request.json"));
            Files.copy(CORPUS.resolve("fixture.yaml"), dir.resolve("fixture.yaml"));
            Files.copy(CORPUS.resolve("snapshot.csv"), dir.resolve("snapshot.csv"));
            List<String> args = new ArrayList<>();
            for (String a : strings(c, "args")) {
                args.add(expand(a, dir));
            }
            List<String> says = new ArrayList<>();
            for (String s : strings(c, "says")) {
                says.add(expand(s, dir));
            }
            new Expect(exit, null, null, null, says).check("", run(args.toArray(String[]::new)), c.has("reportOnStdout"));
        }));
    }

    private static String expand(String arg, Path dir) {
        return arg.replace("${request}", dir.resolve("request.json").toString())
                .replace("${fixture}", dir.resolve("fixture.yaml").toString())
                .replace("${snapshot}", dir.resolve("snapshot.csv").toString())
                .replace("${dir}", dir.toString());
    }

    // ---- expectations -------------------------------------------------------------------------------

    /** What a bad input must give: the exit code, nothing on stdout, a located problem, no noise. */
    record Expect(int exit, String file, Integer line, String pointer, List<String> says) {

        void check(String path, CommandRun r) {
            check(path, r, false);
        }

        /**
         * With {@code report} (the test command, whose stdout is a report of every fixture file), the problem may
         * be a line of that report instead of stderr; it must still be located and the exit code the same.
         */
        void check(String path, CommandRun r, boolean report) {
            String where = (path.isEmpty() ? "" : path + ": ") + "stderr was:\n" + r.err() + "\nstdout was:\n" + abbreviate(r.out());
            assertThat(r.code()).as("exit code; " + where).isEqualTo(exit);
            String messages = report ? r.err() + r.out() : r.err();
            if (!report) {
                assertThat(r.out()).as("nothing on stdout; " + where).isEmpty();
            }
            assertThat(messages).as("a message; " + where).isNotBlank();
            for (String noise : NOISE) {
                assertThat(messages).as("no '" + noise + "' in the messages; " + where).doesNotContain(noise);
            }
            if (file != null) {
                String located = "(^|[/\\\\])" + Pattern.quote(file) + (line == null ? "(:\\d+)*" : ":" + line + "(:\\d+)?") + ": ";
                Pattern at = Pattern.compile(located);
                List<String> hits = messages.lines().filter(l -> at.matcher(l).find()).toList();
                assertThat(hits).as("a problem at " + file + (line == null ? "" : ":" + line) + "; " + where).isNotEmpty();
                if (pointer != null) {
                    assertThat(hits).as("the problem at " + file + ":" + line + " names " + pointer + "; " + where)
                            .anyMatch(l -> l.contains(pointer));
                }
            }
            for (String s : says) {
                assertThat(messages).as("the message says '" + s + "'; " + where).contains(s);
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }

    private static String firstLine(String s) {
        return s.lines().findFirst().orElse("");
    }

    // ---- mutations ----------------------------------------------------------------------------------

    record Mutation(String text, int line) {
    }

    /** The base text with the case's `from` replaced by its (expanded) `to`; the line of the change. */
    private static Mutation mutate(String base, JsonNode c) {
        String from = c.get("from").asText();
        int at = base.indexOf(from);
        if (at < 0) {
            throw new IllegalStateException("corpus case '" + c.get("name").asText() + "': '" + from + "' is not in its base file");
        }
        String to = expandPayload(c.get("to").asText());
        int line = c.has("line") ? c.get("line").asInt() : (int) base.substring(0, at).chars().filter(ch -> ch == '\n').count() + 1;
        return new Mutation(base.substring(0, at) + to + base.substring(at + from.length()), line);
    }

    private static String expandPayload(String to) {
        Matcher m = PLACEHOLDER.matcher(to);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int n = Integer.parseInt(m.group(2));
            String payload = switch (m.group(1)) {
                case "nest" -> "[".repeat(n) + "]".repeat(n);
                case "digits" -> "1".repeat(n);
                default -> "x".repeat(n);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(payload));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- running ------------------------------------------------------------------------------------

    private static int folders;

    private static synchronized Path caseFolder() throws IOException {
        return Files.createDirectories(work.resolve("case-" + (++folders)));
    }

    /** The command line in this JVM, stdout and stderr captured. */
    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    /** The command line in a child JVM: hostile rules that escaped the checks cannot end the test run. */
    private static CommandRun runInChildJvm(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Xmx512m"));
        String cache = System.getProperty("alliance.rules.cache");
        if (cache != null) {
            command.add("-Dalliance.rules.cache=" + cache);
        }
        command.add(Main.class.getName());
        command.addAll(args);
        Path dir = Files.createTempDirectory(work, "child");
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("the command did not end within 180 s: " + String.join(" ", args)
                    + "\nstderr so far:\n" + Files.readString(dir.resolve("err")));
        }
        return new CommandRun(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    // ---- small readers ------------------------------------------------------------------------------

    private static String text(JsonNode c, String field) {
        return c.hasNonNull(field) ? c.get(field).asText() : null;
    }

    private static Integer intOrNull(JsonNode c, String field) {
        return c.hasNonNull(field) ? c.get(field).asInt() : null;
    }

    private static List<String> strings(JsonNode c, String field) {
        List<String> list = new ArrayList<>();
        if (c.has(field)) {
            c.get(field).forEach(n -> list.add(n.asText()));
        }
        return list;
    }
}
