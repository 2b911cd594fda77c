package org.alliancerules.engine;

import org.alliancerules.cli.CommandRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules are contained: what the compiled DRL really calls is checked against the allow-list before the
 * rules are used; anything else is refused at load, located at the rule and the call, exit 3.
 */
class DrlGuardTest {

    @TempDir
    Path dir;

    /** A rule "Hostile" whose consequence is {@code then}; the consequence starts on line HEADER_LINES + 6. */
    private static String rule(String then) {
        return String.join("\n",
                "rule \"Hostile\"",
                "    @clause(\"CHK-1\")",
                "when",
                "    $m : Merchant( id == \"m-1001\" )",
                "then",
                "    " + then,
                "end",
                "");
    }

    private static final int THEN_LINE = HostileRules.HEADER_LINES + 6;

    private CommandRun refused(String body) throws IOException {
        CommandRun run = HostileRules.evaluate(HostileRules.directory(dir, "hostile.drl", body));
        assertThat(run.code()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        return run;
    }

    private String at(int line, int column) {
        return dir.resolve("hostile.drl") + ":" + line + ":" + column + ": ";
    }

    @Test
    @DisplayName("System.exit(0) in a consequence is refused at the call")
    void systemExit() throws IOException {
        CommandRun run = refused(rule("System.exit(0);"));
        assertThat(run.err()).contains(at(THEN_LINE, 5) + "rule \"Hostile\" calls java.lang.System.exit, which rules may not use "
                + "(allowed: the fact model, the policy, RuleSupport, java.lang maths and strings, java.time, java.util collections)");
    }

    @Test
    @DisplayName("System.exit(0) cannot pass the CI gate: test --coverage --min-coverage 100 exits 3")
    void systemExitUnderTheCoverageGate() throws IOException {
        Path rules = HostileRules.directory(dir, "hostile.drl", rule("System.exit(0);"));
        CommandRun run = HostileRules.run("test", "fixtures/daily-check.yaml", "--rules=" + rules,
                "--coverage", "--min-coverage", "100");
        assertThat(run.code()).as(run.err()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(at(THEN_LINE, 5) + "rule \"Hostile\" calls java.lang.System.exit");
    }

    @Test
    @DisplayName("java.nio.file.Files.delete through its fully qualified name is refused")
    void filesDelete() throws IOException {
        CommandRun run = refused(rule("java.nio.file.Files.delete(java.nio.file.Path.of(\"/tmp/nothing-here\"));"));
        assertThat(run.err()).contains(at(THEN_LINE, 5) + "rule \"Hostile\" calls java.nio.file.");
    }

    @Test
    @DisplayName("System.out.println is refused (stdout carries only the result)")
    void systemOut() throws IOException {
        CommandRun run = refused(rule("System.out.println(\"hello\");"));
        assertThat(run.err()).contains(at(THEN_LINE, 5) + "rule \"Hostile\" uses java.lang.System.out");
    }

    @Test
    @DisplayName("Runtime.getRuntime() is refused")
    void runtime() throws IOException {
        CommandRun run = refused(rule("Runtime.getRuntime().gc();"));
        assertThat(run.err()).contains(at(THEN_LINE, 5) + "rule \"Hostile\" calls java.lang.Runtime.getRuntime");
    }

    @Test
    @DisplayName("Class.forName is refused")
    void classForName() throws IOException {
        CommandRun run = refused(rule("try { Class.forName(\"java.lang.Runtime\"); } catch (Exception e) { }"));
        assertThat(run.err()).contains("rule \"Hostile\" calls java.lang.Class.forName");
    }

    @Test
    @DisplayName("new Thread(...) is refused")
    void newThread() throws IOException {
        CommandRun run = refused(rule("new Thread(() -> { }).start();"));
        assertThat(run.err()).contains("rule \"Hostile\" creates java.lang.Thread").contains(":" + THEN_LINE + ":");
    }

    @Test
    @DisplayName("reflection ($m.getClass().getDeclaredFields()) is refused")
    void reflection() throws IOException {
        CommandRun run = refused(rule("$m.getClass().getDeclaredFields();"));
        assertThat(run.err()).contains("rule \"Hostile\" calls java.lang.Object.getClass").contains(":" + THEN_LINE + ":");
    }

    @Test
    @DisplayName("a DRL function that calls System.exit is refused at the function, even when only a rule calls it")
    void function() throws IOException {
        CommandRun run = refused(String.join("\n",
                "function void boom(String id) {",
                "    System.exit(1);",
                "}",
                "",
                rule("boom($m.id());")));
        assertThat(run.err()).contains(at(HostileRules.HEADER_LINES + 2, 5) + "function \"boom\" calls java.lang.System.exit");
    }

    @Test
    @DisplayName("an MVEL consequence is checked like a Java one")
    void mvel() throws IOException {
        CommandRun run = refused(String.join("\n",
                "rule \"Hostile\"",
                "    @clause(\"CHK-1\")",
                "    dialect \"mvel\"",
                "when",
                "    $m : Merchant( id == \"m-1001\" )",
                "then",
                "    System.exit(0);",
                "end",
                ""));
        assertThat(run.err()).contains(at(HostileRules.HEADER_LINES + 7, 5) + "rule \"Hostile\" calls java.lang.System.exit");
    }

    @Test
    @DisplayName("a constraint is checked too (System.currentTimeMillis in an eval)")
    void constraint() throws IOException {
        CommandRun run = refused(String.join("\n",
                "rule \"Hostile\"",
                "    @clause(\"CHK-1\")",
                "when",
                "    $m : Merchant( id == \"m-1001\" )",
                "    eval( System.currentTimeMillis() > 0 )",
                "then",
                "end",
                ""));
        assertThat(run.err()).contains(at(HostileRules.HEADER_LINES + 5, 11) + "rule \"Hostile\" calls java.lang.System.currentTimeMillis");
    }

    @Test
    @DisplayName("import java.io.File is refused at the import")
    void importOfARefusedClass() throws IOException {
        CommandRun run = refused("import java.io.File;\n" + rule("decide(kcontext, $m.id(), DecisionType.ALLIANCE_WARNING, \"x\");"));
        assertThat(run.err()).contains(at(HostileRules.HEADER_LINES + 1, 8) + "import java.io.File: rules may not use it");
    }

    @Test
    @DisplayName("reaching the session from a consequence (kcontext.getKieRuntime()) is refused")
    void kieRuntime() throws IOException {
        CommandRun run = refused(rule("kcontext.getKieRuntime().halt();"));
        assertThat(run.err()).contains(at(THEN_LINE, 13) + "rule \"Hostile\" calls ").contains(".getKieRuntime, which rules may not use");
    }

    @Test
    @DisplayName("the build step refuses packaged rules that the guard refuses (exit 3, nothing precompiled)")
    void buildStep() throws IOException {
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes.resolve(RuleSet.CLASSPATH_ROOT));
        Files.writeString(classes.resolve(RuleSet.CLASSPATH_ROOT + "/hostile.drl"), HostileRules.HEADER + rule("System.exit(0);"));
        java.io.PrintStream oldErr = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            code = PrecompiledRules.precompile(classes);
        } finally {
            System.setErr(oldErr);
        }
        assertThat(code).isEqualTo(3);
        assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("rules/hostile.drl:" + THEN_LINE + ":5: rule \"Hostile\" calls java.lang.System.exit");
        assertThat(classes.resolve(PrecompiledRules.RESOURCE)).doesNotExist();
    }

    @Test
    @DisplayName("the API refuses too: RuleSet.fromDirectory throws RuleRefusedException (a RuleCompilationException)")
    void api() throws IOException {
        HostileRules.directory(dir, "hostile.drl", rule("System.exit(0);"));
        assertThatThrownBy(() -> RuleSet.fromDirectory(dir)).isInstanceOf(RuleRefusedException.class)
                .isInstanceOf(RuleCompilationException.class).hasMessageContaining("java.lang.System.exit");
        assertThatThrownBy(() -> RuleSet.compile(List.of(new RuleSource("x.drl", HostileRules.HEADER + rule("System.exit(0);"))), "x"))
                .isInstanceOf(RuleRefusedException.class);
    }

    @Test
    @DisplayName("the packaged rules pass the check, and allowed helpers (RuleSupport, java.util, java.time) are accepted")
    void allowed() throws IOException {
        assertThat(RuleSet.fromClasspath().rules()).isNotEmpty();
        CommandRun run = HostileRules.evaluate(HostileRules.directory(dir, "ok.drl", rule(
                "java.util.List<String> l = new java.util.ArrayList<>(); l.add(String.valueOf(Math.max(1, 2)));"
                        + " java.time.LocalDate d = java.time.LocalDate.of(2026, 1, 1);"
                        + " insert(decide(kcontext, $m.id(), DecisionType.ALLIANCE_WARNING, l + \" \" + d));")));
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("ALLIANCE_WARNING");
    }

    @Test
    @DisplayName("a cached rules directory is not trusted across guard versions: the fingerprint names the guard")
    void fingerprintNamesTheGuard() {
        List<RuleSource> sources = List.of(new RuleSource("a.drl", "package x;"));
        assertThat(PrecompiledRules.fingerprint(sources, java.util.Set.of("CHK-1")))
                .isNotEqualTo(PrecompiledRules.fingerprint(sources, java.util.Set.of("CHK-1", "CHK-2")));
        assertThat(Files.exists(dir)).isTrue();
    }
}
