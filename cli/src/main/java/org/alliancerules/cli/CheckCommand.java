package org.alliancerules.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** check: the analyst's loop in one command — validate, the fixtures, then a diff against a population. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"The analyst's loop after an edit, in one process: validate the rules directory, run the fixtures "
                + "against it, then (with --against) diff a population under the rules in force and under the edited ones. "
                + "Stops at the first failing step with that step's exit code (3 validate, 1 or 2 test)."})
public class CheckCommand implements Callable<Integer> {

    @Option(names = "--rules", paramLabel = "DIR", defaultValue = "rules",
            description = "The edited rules directory (default: ${DEFAULT-VALUE}).")
    Path rulesDir;

    @Option(names = "--fixtures", paramLabel = "PATH", defaultValue = "fixtures",
            description = "Fixture files or folders to run against it (default: ${DEFAULT-VALUE}).")
    List<Path> fixtures;

    @Option(names = "--against", paramLabel = "POPULATION",
            description = "A request file or sweep snapshot to diff (as `diff` reads it); without it, no diff step.")
    Path against;

    @Option(names = "--base", paramLabel = "A", defaultValue = "default",
            description = "What the edited rules are compared with, as `diff --base` takes it: a profile[@version] of the "
                    + "packaged rules (the rules in force), a policy file or a rules directory (default: ${DEFAULT-VALUE}).")
    String base;

    @Option(names = "--day", paramLabel = "D", converter = OptionValues.Day.class,
            description = "The day a snapshot population is evaluated as of (as `diff --day`).")
    LocalDate day;

    @Option(names = "--db", paramLabel = "URL",
            description = "The sweep store a snapshot population takes its merchants' state from (as `diff --db`).")
    String db;

    @Option(names = "--strict", description = "Validation warnings stop the loop too.")
    boolean strict;

    @Override
    public Integer call() {
        PrintStream out = Main.results();
        List<String> timings = new ArrayList<>();
        long start = System.nanoTime();

        List<String> validate = new ArrayList<>(List.of("validate", "--rules", rulesDir.toString()));
        if (strict) {
            validate.add("--strict");
        }
        int code = step(out, "validate", validate, timings);
        if (code != ExitCodes.OK) {
            return stopped(out, "validate", code, timings, start);
        }

        List<String> test = new ArrayList<>(List.of("test"));
        fixtures.forEach(f -> test.add(f.toString()));
        test.addAll(List.of("--rules", rulesDir.toString()));
        code = step(out, "test", test, timings);
        if (code != ExitCodes.OK) {
            return stopped(out, "test", code, timings, start);
        }

        if (against != null) {
            List<String> diff = new ArrayList<>(List.of("diff", against.toString(), "--base", base, "--candidate", rulesDir.toString()));
            if (day != null) {
                diff.addAll(List.of("--day", day.toString()));
            }
            if (db != null) {
                diff.addAll(List.of("--db", db));
            }
            code = step(out, "diff", diff, timings);
            if (code != ExitCodes.OK) {
                return stopped(out, "diff", code, timings, start);
            }
        }
        out.printf(Locale.ROOT, "check: passed (%s; %.1f s in all)%n", String.join(", ", timings), seconds(start));
        return ExitCodes.OK;
    }

    private static int step(PrintStream out, String name, List<String> args, List<String> timings) {
        out.println("== " + name + ": alliance-rules " + String.join(" ", args));
        out.flush();
        long t = System.nanoTime();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new java.io.PrintWriter(out, true)); // each step's result is part of check's
        cli.setErr(new java.io.PrintWriter(System.err, true));
        int code = cli.execute(args.toArray(String[]::new));
        timings.add(String.format(Locale.ROOT, "%s %.1f s", name, seconds(t)));
        return code;
    }

    private static int stopped(PrintStream out, String step, int code, List<String> timings, long start) {
        out.printf(Locale.ROOT, "check: stopped at %s (exit %d; %s; %.1f s in all)%n", step, code, String.join(", ", timings),
                seconds(start));
        return code;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
