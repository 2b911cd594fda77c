package org.alliancerules.sweep;

import static org.alliancerules.sweep.CrashTest.DAY_1;
import static org.alliancerules.sweep.CrashTest.DAY_2;
import static org.alliancerules.sweep.CrashTest.sweepToTheEnd;
import static org.alliancerules.sweep.CrashTest.writePopulation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import org.alliancerules.cli.ExitCodes;
import org.alliancerules.store.Store;
import org.alliancerules.sweep.CrashTest.KillPoint;
import org.alliancerules.sweep.CrashTest.Killed;
import org.alliancerules.sweep.CrashTest.Reference;
import org.alliancerules.sweep.StoreInspect.Dump;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test against PostgreSQL (issue 19; zonky's embedded PostgreSQL server, with {@code synchronous_commit}
 * on as a production server has it): a day is one transaction there too, whichever process dies.
 * <ul>
 *   <li><b>The sweep dies</b>: a child JVM sweeps day 2 into a copy of a database holding day 1 ({@code create
 *       database ... template day1}) and is killed with SIGKILL at {@value #KILLS} seeded moments
 *       ({@link KillPoint}, as in {@link CrashTest}); the server keeps running and rolls the dead session's
 *       transaction back.</li>
 *   <li><b>The server dies</b>: while a child sweeps day 2 (at "sweeping 40%", in the middle of the writes, and at
 *       "sweeping done", around the commit), the server is stopped with {@code pg_ctl stop -m immediate} (no
 *       checkpoint, no clean shutdown: a crash) and started again on the same data directory and port, which
 *       runs PostgreSQL's crash recovery. The sweep must end by itself, without hanging, with exit 4 (store
 *       unavailable), or with exit 0 only if its commit was acknowledged before the server went, in which case
 *       the recovered database must hold the day (an acknowledged commit is never lost).</li>
 * </ul>
 * After each crash a fresh JVM ({@link StoreInspect}) finds the store whole (its tables agree, no run left
 * RUNNING) and everything a reader sees is day 1 alone or days 1 and 2 exactly as an uninterrupted sweep into
 * PostgreSQL leaves them; day 2 is then swept again to completion and a further fresh JVM reads exactly the
 * uninterrupted days. The children reach the server as an operator's sweep does: {@code --db-user postgres} and
 * the password in {@code ALLIANCE_DB_PASSWORD}.
 *
 * <p>Knobs: {@code -Dcrash.merchants=N} (default {@value #DEFAULT_MERCHANTS}: the class takes about two minutes
 * on a 2-core machine), {@code -Dcrash.seed=S} (default {@value #DEFAULT_SEED}: its three kills fall while the
 * snapshot is checked, in the middle of the writes and after the last merchant is written).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresCrashTest {

    static final int DEFAULT_MERCHANTS = 10_000;
    static final long DEFAULT_SEED = 26;
    static final int KILLS = 3;
    static final String USER = "postgres";
    /** The embedded server trusts local connections; the password only travels the way an operator's would. */
    static final String PASSWORD = "postgres";

    @TempDir
    static Path dir;

    /** The server's data directory and port: fixed, so it restarts on the same data after a crash. */
    private Path data;
    private int port;
    private EmbeddedPostgres pg;
    private Path pgCtl;
    private Path snapshot2;
    private Reference reference;

    @BeforeAll
    void startTheServerAndSweepTheReference() throws Exception {
        data = dir.resolve("pg-data");
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        pg = startServer();
        pgCtl = pgCtl(pg);

        int n = Integer.getInteger("crash.merchants", DEFAULT_MERCHANTS);
        Path snapshot1 = writePopulation(dir.resolve("day-1.jsonl"), DAY_1, 1, n);
        snapshot2 = writePopulation(dir.resolve("day-2.jsonl"), DAY_2, 2, n);

        createDatabase("day1", null);
        sweepToTheEnd(url("day1"), USER, PASSWORD, DAY_1, snapshot1, dir.resolve("day-1.log"));
        Dump day1 = StoreInspect.inFreshJvm(url("day1"), USER, PASSWORD, dir.resolve("day-1.dump"));

        createDatabase("uninterrupted", "day1");
        sweepToTheEnd(url("uninterrupted"), USER, PASSWORD, DAY_2, snapshot2, dir.resolve("uninterrupted.log"));
        reference = Reference.of(day1, StoreInspect.inFreshJvm(url("uninterrupted"), USER, PASSWORD,
                dir.resolve("uninterrupted.dump")));
    }

    @AfterAll
    void stopTheServer() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    // ---------------------------------------------------------------- the sweep dies

    @TestFactory
    Stream<DynamicTest> aSweepKilledWhileItWritesToPostgresqlLeavesADayWholeOrAbsentAndItsRerunEqualsAnUninterruptedSweep() {
        List<KillPoint> points = KillPoint.seeded(Long.getLong("crash.seed", DEFAULT_SEED), KILLS, DAY_2);
        return IntStream.range(0, KILLS).mapToObj(i -> {
            String kill = "sweep kill " + (i + 1) + "/" + KILLS;
            return dynamicTest(kill + ": " + points.get(i), () -> killTheSweep(i + 1, kill, points.get(i)));
        });
    }

    private void killTheSweep(int k, String kill, KillPoint point) throws Exception {
        String db = "sweep_killed_" + k;
        createDatabase(db, "day1");
        Killed killed = point.kill(ChildJvm.sweep(url(db), USER, PASSWORD, DAY_2, snapshot2), dir.resolve(db + ".log"));

        Dump afterKill = StoreInspect.inFreshJvm(url(db), USER, PASSWORD, dir.resolve(db + "-after-kill.dump"));
        reference.assertKillOutcome(kill, point, killed, afterKill);
        reference.assertRerunGivesTheUninterruptedDays(url(db), USER, PASSWORD, snapshot2, dir.resolve(db));
    }

    // ---------------------------------------------------------------- the server dies

    @TestFactory
    Stream<DynamicTest> aServerCrashMidDayLeavesADayWholeOrAbsentTheSweepExitsAndItsRerunEqualsAnUninterruptedSweep() {
        return Stream.of(
                dynamicTest("pg_ctl stop -m immediate at \"sweeping 40%\"",
                        () -> crashTheServer(1, "sweeping 40%", KillPoint.sweepingAtLeast(DAY_2, 40))),
                dynamicTest("pg_ctl stop -m immediate at \"sweeping done\" (around the commit)",
                        () -> crashTheServer(2, "sweeping done", KillPoint.sweepingDone(DAY_2))));
    }

    private void crashTheServer(int k, String label, Predicate<String> line) throws Exception {
        String db = "server_crashed_" + k;
        createDatabase(db, "day1");
        int exit;
        long endedMs;
        String output;
        try (ChildJvm.Watched sweep = ChildJvm.Watched.start(ChildJvm.sweep(url(db), USER, PASSWORD, DAY_2, snapshot2),
                dir.resolve(db + ".log"))) {
            assertThat(sweep.awaitLine(line, label)).as("the sweep reaches \"%s\":\n%s", label, sweep.output()).isTrue();
            long stopping = System.nanoTime();
            stopTheServerImmediately(dir.resolve(db + "-pg_ctl.log"));
            exit = sweep.waitForExit(); // bounded: a sweep that hangs on the dead server fails with its threads
            endedMs = (sweep.endedAt() - stopping) / 1_000_000;
            output = sweep.output();
        }
        restartTheServer();

        Dump afterCrash = StoreInspect.inFreshJvm(url(db), USER, PASSWORD, dir.resolve(db + "-after-crash.dump"));
        String held = reference.held(afterCrash);
        String said = exit == ExitCodes.OK ? "" : " (\"" + output.lines().reduce((first, last) -> last).orElse("") + "\")";
        System.out.printf("server crash %d/2: pg_ctl stop -m immediate at \"%s\": the sweep exited %d%s, %d ms after pg_ctl "
                + "was started; after crash recovery the store held %s%n", k, label, exit, said, endedMs, held);
        reference.assertWholeOrAbsent(afterCrash, "the server's crash at \"" + label + "\"");
        if (exit == ExitCodes.OK) {
            // the commit was acknowledged before the server went: it must have survived the crash
            assertThat(afterCrash.sameAs(reference.uninterrupted()))
                    .as("the sweep exited 0 (its commit acknowledged), so the recovered store holds day 2:\n%s", output)
                    .isTrue();
        } else {
            assertThat(exit).as("the sweep ends with exit 4 (store unavailable) when the server dies:\n%s", output)
                    .isEqualTo(ExitCodes.STORE_UNAVAILABLE);
            assertThat(output).as("it says why").contains("cannot use the store at " + Store.redact(url(db)));
        }
        reference.assertRerunGivesTheUninterruptedDays(url(db), USER, PASSWORD, snapshot2, dir.resolve(db));
    }

    /**
     * Stops the server as a crash would: {@code pg_ctl stop -m immediate} ends every server process at once,
     * without a checkpoint; the next start replays the write-ahead log.
     */
    private void stopTheServerImmediately(Path log) throws Exception {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky runs its own: pg_ctl refuses to run as root
        }
        command.addAll(List.of(pgCtl.toString(), "stop", "-D", data.toString(), "-m", "immediate", "-w", "-t", "60"));
        ProcessBuilder stop = new ProcessBuilder(command).redirectErrorStream(true);
        try (ChildJvm.Watched pgCtlStop = ChildJvm.Watched.start(stop, log)) {
            int exit = pgCtlStop.waitForExit();
            assertThat(exit).as("pg_ctl stop -m immediate:\n%s", pgCtlStop.output()).isZero();
        }
    }

    /**
     * Starts the server again on the same data directory and port (crash recovery). The old instance is closed
     * first, to release zonky's lock on the data directory: its own stop (pg_ctl -m fast) finds no server and
     * logs "Could not stop postmaster", which is expected here.
     */
    private void restartTheServer() throws IOException {
        pg.close();
        pg = startServer();
    }

    // ---------------------------------------------------------------- the server

    /**
     * The server on {@link #data} and {@link #port}: created on the first start, reused (and recovered) on the
     * next. zonky turns {@code synchronous_commit} off for speed; it is on here, as on a production server, so
     * that a commit the sweep saw succeed is in the write-ahead log before the server can die.
     */
    private EmbeddedPostgres startServer() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("synchronous_commit", "on").start();
    }

    /** pg_ctl in the folder zonky extracted the server's binaries to (its private field {@code pgDir}). */
    private static Path pgCtl(EmbeddedPostgres pg) throws ReflectiveOperationException {
        Field pgDir = EmbeddedPostgres.class.getDeclaredField("pgDir");
        pgDir.setAccessible(true);
        Path ctl = ((File) pgDir.get(pg)).toPath().resolve("bin").resolve("pg_ctl");
        assertThat(ctl).as("zonky's pg_ctl").isExecutable();
        return ctl;
    }

    /**
     * A new database, empty or a copy of {@code template} (which no session may be connected to: the children
     * that used it have ended).
     */
    private void createDatabase(String name, String template) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("create database " + name + (template == null ? "" : " template " + template));
        }
    }

    private String url(String db) {
        return "jdbc:postgresql://localhost:" + port + "/" + db;
    }
}
