package org.alliancerules.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.alliancerules.bench.PopulationGenerator;
import org.alliancerules.cli.Main;
import org.alliancerules.io.Json;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.store.RunRecord;
import org.alliancerules.store.Store;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at several moments of a large sweep (issue 8, "Crash-safe"): a child JVM sweeps day 2 into a copy of
 * a store that holds day 1; it is killed with SIGKILL when its progress lines on stderr reach a chosen point.
 * Then the store holds day 1 alone or days 1 and 2 whole (never part of a day), and rerunning day 2 to
 * completion leaves everything a reader sees exactly as an uninterrupted sweep of the same two days does: no
 * decision lost, none twice; a run the kill left RUNNING stays so, untouched, and its id is not used again.
 * (Before that, a rerun after a kill inside a batch could run for hours: H2 kept index entries of the dead
 * transaction, and every insert of a reused key, or deletion of the dead run's rows, retried until its lock
 * timeout.)
 *
 * <p>The snapshot size is {@code -Dcrash.merchants=N} (default {@value #DEFAULT_MERCHANTS}), sized so that the
 * class stays within a few minutes on a shared 2-core machine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashTest {

    static final int DEFAULT_MERCHANTS = 25_000;
    static final LocalDate DAY_1 = LocalDate.of(2026, 11, 21);
    static final LocalDate DAY_2 = DAY_1.plusDays(1);

    @TempDir
    static Path dir;

    private Path snapshot1;
    private Path snapshot2;
    private Path afterDay1;
    /** Fingerprints of the store after day 1 alone and after an uninterrupted sweep of days 1 and 2. */
    private Dump day1Dump;
    private Dump uninterruptedDump;

    /** A dump's SHA-256 and size, and the dump itself kept on disk to show a difference. */
    record Dump(String sha256, long chars, Path file) {
    }

    @BeforeAll
    void sweepTheReference() throws Exception {
        int n = Integer.getInteger("crash.merchants", DEFAULT_MERCHANTS);
        snapshot1 = writePopulation(dir.resolve("day-1.jsonl"), DAY_1, 1, n);
        snapshot2 = writePopulation(dir.resolve("day-2.jsonl"), DAY_2, 2, n);

        afterDay1 = dir.resolve("after-day-1");
        Child day1 = Child.start(afterDay1, DAY_1, snapshot1, dir.resolve("day-1.err"));
        assertThat(day1.waitForExit()).as("day 1 sweep (stderr: %s)", day1.stderr()).isZero();
        day1Dump = dump(afterDay1, "day-1");

        Path reference = copyStore(afterDay1, dir.resolve("uninterrupted"));
        Child day2 = Child.start(reference, DAY_2, snapshot2, dir.resolve("day-2.err"));
        assertThat(day2.waitForExit()).as("uninterrupted day 2 sweep (stderr: %s)", day2.stderr()).isZero();
        uninterruptedDump = dump(reference, "uninterrupted");
        assertThat(uninterruptedDump).isNotEqualTo(day1Dump);
        assertThat(uninterruptedDump.chars()).as("day 2 wrote decisions and state").isGreaterThan(day1Dump.chars());
    }

    /** A moment of the day-2 sweep: the progress line (stderr) at which the child is killed. */
    record KillPoint(String name, String line) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<KillPoint> killPoints() {
        String task = "sweep " + DAY_2 + ": ";
        return Stream.of(
                new KillPoint("while the snapshot is checked", task + "checking"),
                new KillPoint("at 30% of the sweep", task + "sweeping 30%"),
                new KillPoint("at 70% of the sweep", task + "sweeping 70%"),
                new KillPoint("when every merchant is swept, during the commit", task + "sweeping done"));
    }

    @TestFactory
    Stream<DynamicTest> aSweepKilledAtAnyMomentLeavesADayWholeOrAbsentAndItsRerunEqualsAnUninterruptedSweep() {
        return killPoints().map(point -> dynamicTest("kill -9 " + point.name(), () -> killAndRerun(point)));
    }

    private void killAndRerun(KillPoint point) throws Exception {
        Path store = copyStore(afterDay1, dir.resolve("killed-" + Math.abs(point.name().hashCode())));
        Child child = Child.start(store, DAY_2, snapshot2, dir.resolve("killed-" + Math.abs(point.name().hashCode()) + ".err"));
        boolean killed = child.killWhen(point.line());
        assertThat(killed).as("the child reached \"%s\" and was killed while running (stderr: %s)", point.line(),
                child.stderr()).isTrue();

        // a day commits whole or not at all: the store holds day 1 alone, or days 1 and 2 complete
        Dump afterKill = dump(store, "after-kill");
        System.out.printf("%s: killed after \"%s\"; the store then held %s%n", point.name(), child.lastLine(),
                afterKill.sha256().equals(day1Dump.sha256()) ? "day 1 alone" : "days 1 and 2");
        assertThat(afterKill.sha256()).as("after the kill the store is day 1 alone or days 1 and 2 whole (see %s, %s, %s)",
                afterKill.file(), day1Dump.file(), uninterruptedDump.file())
                .isIn(day1Dump.sha256(), uninterruptedDump.sha256());

        Child rerun = Child.start(store, DAY_2, snapshot2, dir.resolve("rerun.err"));
        assertThat(rerun.waitForExit()).as("rerun of day 2 (stderr: %s)", rerun.stderr()).isZero();
        Dump afterRerun = dump(store, "after-rerun");
        assertSameDump(afterRerun, uninterruptedDump);

        // a run the kill left RUNNING stays so (nobody reads it), and the rerun numbered its own run past it
        try (Store s = Store.open(Store.sqliteUrl(store), "", "")) {
            List<RunRecord> interrupted = s.interruptedRuns();
            assertThat(interrupted).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RunRecord.RUNNING);
                assertThat(r.day()).isEqualTo(DAY_2);
            });
            // one kill leaves at most one run behind (none when it came before the run began, or after its commit)
            assertThat(interrupted).hasSizeLessThanOrEqualTo(1);
            long committed = s.committedRun(DAY_2).orElseThrow().runId();
            assertThat(interrupted).allSatisfy(r -> assertThat(r.runId()).isLessThan(committed));
        }
    }

    // ---------------------------------------------------------------- the child sweeps

    /** {@code alliance-rules sweep} in a child JVM, its stderr read line by line. */
    static final class Child {
        private final Process process;
        private final Path stderrCopy;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        private Child(Process process, Path stderrCopy) {
            this.process = process;
            this.stderrCopy = stderrCopy;
        }

        static Child start(Path storeDir, LocalDate day, Path snapshot, Path stderrCopy) throws IOException {
            ProcessBuilder pb = ChildJvm.builder(List.of("-XX:+UseParallelGC"), Main.class, List.of(
                    "sweep", "--day", day.toString(), snapshot.toString(), "--db", Store.sqliteUrl(storeDir),
                    "--threads", "2"));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            return new Child(pb.start(), stderrCopy);
        }

        /** Waits for the child to end on its own; its stderr is kept. */
        int waitForExit() throws Exception {
            // stderr is drained on a thread of its own: a child that hangs keeps it open, and the bound below
            // must still end the wait
            Thread drain = new Thread(() -> {
                try (BufferedReader err = reader()) {
                    for (String line = err.readLine(); line != null; line = err.readLine()) {
                        lines.add(line);
                    }
                } catch (java.io.IOException closed) {
                    // the child was killed
                }
            }, "child-stderr");
            drain.setDaemon(true);
            drain.start();
            int minutes = Integer.getInteger("crash.bound.minutes", 8);
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                // what the hung child was doing, for the report: its threads, twice, a few seconds apart
                String threads = ChildJvm.threadDump(process) + "\n---- 5 s later ----\n" + sleepThen(process);
                Files.writeString(stderrCopy.resolveSibling(stderrCopy.getFileName() + ".threads.txt"), threads);
                ChildJvm.kill(process);
                drain.join(5_000);
                throw new AssertionError("the child sweep did not end within " + minutes + " minutes: " + stderr()
                        + "\nits threads:\n" + threads);
            }
            drain.join(60_000);
            return process.exitValue();
        }

        private static String sleepThen(Process p) throws InterruptedException {
            Thread.sleep(5_000);
            return ChildJvm.threadDump(p);
        }

        /**
         * Reads stderr until a line starts with {@code trigger}, then kills the child with SIGKILL at once.
         *
         * @return whether the child was still running when it was killed (it did not get past the point and end)
         */
        boolean killWhen(String trigger) throws Exception {
            try (BufferedReader err = reader()) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    lines.add(line);
                    if (line.startsWith(trigger)) {
                        boolean running = process.isAlive();
                        process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally, no H2 close
                        process.waitFor();
                        lines.add("<killed, exit " + process.exitValue() + ">");
                        return running && process.exitValue() != 0;
                    }
                }
            } finally {
                ChildJvm.kill(process);
                Files.write(stderrCopy, lines);
            }
            return false;
        }

        /** The last stderr line before the kill. */
        String lastLine() {
            synchronized (lines) {
                return lines.size() < 2 ? "" : lines.get(lines.size() - 2);
            }
        }

        String stderr() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        private BufferedReader reader() {
            return new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- snapshots, stores and dumps

    /** {@code n} generated merchants (ids m-0 .. m-(n-1), unique) as of {@code day}, one JSON object per line. */
    static Path writePopulation(Path file, LocalDate day, long seed, int n) throws IOException {
        PopulationGenerator generator = new PopulationGenerator(SweepHarness.ENGINE.policies().find("default"), day);
        ObjectWriter writer = Json.jsonMapper().writer().without(SerializationFeature.INDENT_OUTPUT);
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (MerchantInput m : generator.merchants(seed, n)) {
                assertThat(ids.add(m.id())).as("unique id %s", m.id()).isTrue();
                out.write(writer.writeValueAsString(m));
                out.write('\n');
            }
        }
        return file;
    }

    static Path copyStore(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    /** Opens the store (after its child is gone), dumps it to a file and fingerprints the dump. */
    private Dump dump(Path storeDir, String label) throws IOException {
        String text;
        try (Store store = Store.open(Store.sqliteUrl(storeDir), "", "")) {
            text = store.dump();
        }
        Path file = Files.createTempFile(dir, "dump-" + label + "-", ".txt");
        Files.writeString(file, text);
        return new Dump(sha256(text), text.length(), file);
    }

    private static void assertSameDump(Dump actual, Dump expected) throws IOException {
        if (actual.sha256().equals(expected.sha256())) {
            return;
        }
        List<String> a = Files.readAllLines(actual.file());
        List<String> e = Files.readAllLines(expected.file());
        for (int i = 0; i < Math.max(a.size(), e.size()); i++) {
            String x = i < a.size() ? a.get(i) : "<end>";
            String y = i < e.size() ? e.get(i) : "<end>";
            if (!x.equals(y)) {
                throw new AssertionError("the store after the rerun differs from the uninterrupted store at dump line "
                        + (i + 1) + ":\n  rerun:         " + x + "\n  uninterrupted: " + y
                        + "\n(dumps: " + actual.file() + ", " + expected.file() + ")");
            }
        }
        throw new AssertionError("dumps differ but no line does");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
