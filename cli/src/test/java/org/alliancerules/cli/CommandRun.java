package org.alliancerules.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of the command line in this JVM, as the tests make it: its exit code, and what it wrote on stdout
 * and stderr (captured; standard input given when not null).
 */
public record CommandRun(int code, String out, String err) {

    /** {@link Main#run} with stdout and stderr captured; it must leave {@code System.out} as it found it. */
    public static synchronized CommandRun of(InputStream stdin, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            PrintStream captured = new PrintStream(out, true, StandardCharsets.UTF_8);
            System.setOut(captured);
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            if (stdin != null) {
                System.setIn(stdin);
            }
            int code = Main.run(args);
            if (System.out != captured) {
                throw new AssertionError("the command left System.out pointing elsewhere");
            }
            return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    /** {@link #of(InputStream, String...)} without standard input. */
    public static CommandRun of(String... args) {
        return of((InputStream) null, args);
    }
}
