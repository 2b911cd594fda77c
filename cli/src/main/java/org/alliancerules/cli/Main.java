package org.alliancerules.cli;

import java.io.PrintStream;
import java.io.PrintWriter;

import org.alliancerules.engine.RuleCompilationException;
import org.alliancerules.engine.RunawayRulesException;
import org.alliancerules.engine.UnknownPolicyException;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.policy.PolicyException;
import org.alliancerules.store.StoreUnavailableException;
import org.alliancerules.sweep.SweepRefusedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The alliance-rules command line. Results go to stdout; logs and problems to stderr. */
@Command(name = "alliance-rules", mixinStandardHelpOptions = true, version = "alliance-rules 0.1.0",
        description = "Runs the Selected Alliance merchant-governance rules (Drools) on merchant facts.",
        subcommands = {EvaluateCommand.class, ValidateCommand.class, CheckCommand.class, DemoCommand.class, SweepCommand.class, HistoryCommand.class,
                SimulateCommand.class, StoreCommand.class, TestCommand.class, ExplainCommand.class, DiffCommand.class, ReportCommand.class,
                BenchCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a check failed (test cases, coverage)",
                "2:bad input (request, snapshot, fixture or policy) or a refused sweep; nothing written",
                "3:the rules do not compile or are refused (a use rules may not make, no @clause, no DRL, no policy/)",
                "4:the store cannot be used (unreachable, credentials, locked, corrupt, not a store); nothing written",
                "5:runaway rules stopped (--max-firings, --batch-timeout) or a rule failed; nothing written"})
public class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Where a command writes its result: the stdout of the running command line (see {@link #run}). */
    private static volatile PrintStream results;

    /**
     * The stream a command writes its result to: what {@code System.out} was when {@link #run} was called.
     * While a command runs, {@code System.out} itself points at stderr, so that nothing else (a rule, a
     * library) can write into the result. Outside {@link #run}: {@code System.out}.
     */
    public static PrintStream results() {
        PrintStream r = results;
        return r != null ? r : System.out;
    }

    /**
     * Runs the command line and returns its exit code (tests call this). The result goes to the
     * {@code System.out} of the caller; anything else printed to {@code System.out} while the command runs
     * goes to {@code System.err}, and {@code System.out} is restored afterwards.
     */
    public static int run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        PrintStream previous = results;
        results = stdout;
        System.setOut(stderr);
        try {
            CommandLine cli = commandLine();
            cli.setOut(new PrintWriter(stdout, true));
            cli.setErr(new PrintWriter(stderr, true));
            try {
                return cli.execute(args);
            } catch (OutOfMemoryError e) {
                stderr.println("alliance-rules: out of memory; give the JVM more (ALLIANCE_RULES_JAVA_OPTS=-Xmx4g), "
                        + "evaluate a big request with --stream, or lower --max-firings if a rule inserts facts in a cycle");
                return ExitCodes.FAILED;
            }
        } finally {
            stdout.flush();
            stderr.flush();
            System.setOut(stdout);
            results = previous;
        }
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, cmd.getErr()));
        return cli;
    }

    /** Maps a failure to its exit code, printing it for a person (no stack trace). */
    static int report(Exception ex, PrintWriter err) {
        for (Throwable c = ex.getCause(); c != null; c = c.getCause()) {
            if (c instanceof RunawayRulesException runaway && !(ex instanceof RunawayRulesException)) {
                return report(runaway, err); // stopped rules, whatever wrapped them
            }
        }
        if (ex instanceof InvalidInputException invalid) {
            for (Problem p : invalid.problems()) {
                err.println(p.format());
            }
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof PolicyException policy) {
            policy.problems().forEach(err::println);
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof UnknownPolicyException unknown) {
            err.println(unknown.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof java.nio.file.NoSuchFileException missing) {
            err.println(missing.getFile() + ": no such file");
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof java.io.IOException io) {
            err.println("cannot read input: " + io.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof SweepRefusedException refused) {
            err.println("refused: " + refused.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        if (ex instanceof StoreUnavailableException store) {
            err.println(store.getMessage());
            err.flush();
            return ExitCodes.STORE_UNAVAILABLE;
        }
        if (ex instanceof RunawayRulesException runaway) {
            err.println(runaway.getMessage());
            err.flush();
            return ExitCodes.RUNAWAY;
        }
        if (ex instanceof RuleCompilationException broken) {
            broken.errors().forEach(e -> err.println(e.format()));
            err.flush();
            return ExitCodes.RULES_BROKEN;
        }
        err.println("alliance-rules: internal error: " + ex);
        if (Boolean.getBoolean("alliance.debug")) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.FAILED;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(results());
    }
}
