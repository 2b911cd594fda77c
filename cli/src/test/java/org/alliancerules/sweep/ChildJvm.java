package org.alliancerules.sweep;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.alliancerules.cli.Main;

/**
 * Starts a class of the test classpath in a child JVM (the crash tests' sweeps and store inspections, a second
 * process holding a store) and watches it ({@link Watched}: its output line by line, a bound on how long it may
 * run).
 */
final class ChildJvm {

    /** The environment variable the command line reads the database password from (StoreOptions). */
    static final String PASSWORD_VARIABLE = "ALLIANCE_DB_PASSWORD";

    private ChildJvm() {
    }

    /**
     * The test classpath. Surefire runs the tests from a manifest-only jar but publishes the real classpath in
     * java.class.path; when that is only a jar whose manifest names the rest, the jar works as well.
     */
    static String classpath() {
        String cp = System.getProperty("java.class.path");
        if (cp == null || cp.isBlank()) {
            throw new IllegalStateException("java.class.path is empty: cannot start a child JVM");
        }
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                throw new IllegalStateException("java.class.path names a missing entry: " + entry);
            }
        }
        return cp;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A process builder for {@code java -cp <test classpath> [jvmOptions] mainClass args}. */
    static ProcessBuilder builder(List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-cp");
        command.add(classpath());
        command.addAll(jvmOptions);
        command.add(mainClass.getName());
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /**
     * {@code alliance-rules sweep --day DAY SNAPSHOT --db URL --threads 2} in a child JVM, with {@code --db-user} and
     * the password in {@value #PASSWORD_VARIABLE} when a user is given (PostgreSQL); its stdout goes with its stderr.
     */
    static ProcessBuilder sweep(String url, String user, String password, LocalDate day, Path snapshot) {
        List<String> args = new ArrayList<>(List.of("sweep", "--day", day.toString(), snapshot.toString(), "--db", url,
                "--threads", "2"));
        if (user != null && !user.isEmpty()) {
            args.addAll(List.of("--db-user", user));
        }
        ProcessBuilder pb = builder(List.of("-XX:+UseParallelGC"), Main.class, args);
        withPassword(pb, password);
        return pb.redirectErrorStream(true);
    }

    /** Gives a child the database password the way the command line reads it, or none. */
    static ProcessBuilder withPassword(ProcessBuilder pb, String password) {
        if (password == null) {
            pb.environment().remove(PASSWORD_VARIABLE);
        } else {
            pb.environment().put(PASSWORD_VARIABLE, password);
        }
        return pb;
    }

    /**
     * How long a child may run before it is taken for hung ({@code -Dcrash.bound.minutes}, default 8): far above
     * what any child of the crash tests needs, so reaching it is a hang, not slowness.
     */
    static int boundMinutes() {
        return Integer.getInteger("crash.bound.minutes", 8);
    }

    /**
     * A child process (a JVM of the test classpath, or a tool such as pg_ctl) whose output (stderr, and stdout
     * when the builder merges it) a thread of its own reads line by line from the start, so a test can wait for
     * a line (a sweep's progress) and act at that moment, and a child that hangs with its output open still lets
     * the test end. Every wait is bounded ({@link #boundMinutes}); a child that outlives the bound is reported
     * with two thread dumps, a few seconds apart, and killed. The lines are written to a log file when the child
     * is closed.
     */
    static final class Watched implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final List<String> lines = new ArrayList<>();
        private final Thread drain;
        /** When the line a wait matched was read (System.nanoTime). */
        private long matchedAt;
        /** When the child ended (System.nanoTime, taken by the JDK's process reaper as it sees the exit). */
        private final CompletableFuture<Long> endedAt;
        private boolean ended;

        private Watched(Process process, Path log, boolean merged) {
            this.process = process;
            this.log = log;
            this.drain = new Thread(() -> readLines(merged ? process.getInputStream() : process.getErrorStream()),
                    "child-output-" + process.pid());
            drain.setDaemon(true);
            drain.start();
            endedAt = process.onExit().thenApply(p -> System.nanoTime());
        }

        /** Starts the child; its output is kept in {@code log} when it is closed. */
        static Watched start(ProcessBuilder pb, Path log) throws IOException {
            if (!pb.redirectErrorStream()) {
                pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            }
            return new Watched(pb.start(), log, pb.redirectErrorStream());
        }

        private void readLines(InputStream in) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException closed) {
                // the child was killed
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        /**
         * Waits until the child writes a line that {@code line} accepts ({@code what} names it in a failure).
         *
         * @return whether it did; false when its output ended first (the child exited without writing it)
         */
        boolean awaitLine(Predicate<String> line, String what) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(boundMinutes());
            int seen = 0;
            synchronized (this) {
                while (true) {
                    for (; seen < lines.size(); seen++) {
                        if (line.test(lines.get(seen))) {
                            matchedAt = System.nanoTime();
                            return true;
                        }
                    }
                    if (ended) {
                        return false;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
            throw hung("write \"" + what + "\"");
        }

        /** Sleeps until {@code millis} after the line the last {@link #awaitLine} matched was read. */
        void sleepAfterLine(long millis) throws InterruptedException {
            long left = matchedAt + TimeUnit.MILLISECONDS.toNanos(millis) - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        }

        /**
         * Kills the child with SIGKILL (no shutdown hook, no finally, no close), waits for it to be gone and returns
         * its exit code: 137 when the signal ended it, its own when it had ended (or was ending) first.
         */
        int kill() throws Exception {
            process.destroyForcibly();
            process.waitFor();
            drain.join(TimeUnit.MINUTES.toMillis(1));
            synchronized (this) {
                lines.add("<SIGKILL sent, exit " + process.exitValue() + ">");
            }
            return process.exitValue();
        }

        /** Waits for the child to end on its own and returns its exit code (bounded: a hung child is reported). */
        int waitForExit() throws Exception {
            if (!process.waitFor(boundMinutes(), TimeUnit.MINUTES)) {
                throw hung("end");
            }
            drain.join(TimeUnit.MINUTES.toMillis(1));
            return process.exitValue();
        }

        /** When the child ended (System.nanoTime); call after {@link #waitForExit} or {@link #kill}. */
        long endedAt() {
            return endedAt.join();
        }

        /** Kills the hung child, keeping its threads (twice, 5 s apart; a JVM's) next to its log, and says so. */
        private AssertionError hung(String what) throws Exception {
            String threads = threadDump(process);
            Thread.sleep(5_000);
            threads += "\n---- 5 s later ----\n" + threadDump(process);
            Path dump = log.resolveSibling(log.getFileName() + ".threads.txt");
            Files.writeString(dump, threads);
            ChildJvm.kill(process);
            drain.join(5_000);
            close();
            return new AssertionError("the child did not " + what + " within " + boundMinutes() + " minutes: "
                    + output() + "\nits threads (also in " + dump + "):\n" + threads);
        }

        /** Everything the child wrote so far, one line each. */
        String output() {
            synchronized (this) {
                return String.join("\n", lines);
            }
        }

        /** The child's lines in its log file, the child killed if it is still running. */
        @Override
        public void close() throws IOException {
            closeQuietly(process);
            synchronized (this) {
                Files.write(log, lines);
            }
        }
    }

    /** Kills a child and waits for it to be gone. */
    static void kill(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /** The thread dump of a running child ({@code jcmd PID Thread.print}), or why there is none. */
    static String threadDump(Process p) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(p.pid()), "Thread.print").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor();
            return out;
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    static void closeQuietly(Process p) {
        try {
            kill(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error ignored) {
            // the child is gone
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
