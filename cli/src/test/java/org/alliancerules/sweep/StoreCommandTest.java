package org.alliancerules.sweep;

import static org.alliancerules.sweep.SweepHarness.SAMPLE_DAYS;
import static org.alliancerules.sweep.SweepHarness.SAMPLE_MERCHANTS;
import static org.alliancerules.sweep.SweepHarness.openStore;
import static org.alliancerules.sweep.SweepHarness.roads;
import static org.alliancerules.sweep.SweepHarness.sample;
import static org.alliancerules.sweep.SweepHarness.sampleDay;
import static org.alliancerules.sweep.SweepHarness.sweep;
import static org.alliancerules.sweep.SweepHarness.sweepSamples;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

import org.alliancerules.cli.CommandRun;
import org.alliancerules.cli.ExitCodes;
import org.alliancerules.store.Store;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations' tools on the store (issue 19), through the command line as operations run them: {@code store check}
 * of a whole, a foreign and a corrupt file; {@code store backup} and {@code restore}; {@code store import} of an H2
 * store written the way earlier versions wrote theirs. Every refusal is one sentence and exit 4 (store) or 2
 * (a request the command refuses), never a stack trace.
 */
class StoreCommandTest {

    @TempDir
    Path dir;

    private static CommandRun cli(String... args) {
        return CommandRun.of(args);
    }

    private static void assertOneSentence(CommandRun r) {
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aWholeStoreChecksOkAndNamesItsDaysAndSchema() {
        try (Store store = openStore(dir.resolve("s"))) {
            sweepSamples(store, 3);
        }
        CommandRun r = cli("store", "check", "--db", Store.sqliteUrl(dir.resolve("s")));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("schema version 2").contains("integrity    ok").contains("consistency  ok")
                .contains("3 committed (" + sampleDay(0) + " .. " + sampleDay(2) + "), 0 replaced")
                .contains("dead runs    none").endsWith("store check: ok\n");
        CommandRun json = cli("store", "check", "--db", Store.sqliteUrl(dir.resolve("s")), "--format", "json");
        assertThat(json.out()).contains("\"ok\": true").contains("\"committedRuns\": 3").contains("\"schemaVersion\": \"2\"");
    }

    @Test
    void aMissingStoreIsNotCreatedByCheck() {
        CommandRun r = cli("store", "check", "--db", Store.sqliteUrl(dir.resolve("none")));
        assertThat(r.code()).isEqualTo(ExitCodes.STORE_UNAVAILABLE);
        assertThat(r.err()).contains("there is no store there yet");
        assertOneSentence(r);
        assertThat(dir.resolve("none")).doesNotExist();
    }

    @Test
    void aForeignFileIsOneSentenceAndExit4ForEveryCommandThatReadsTheStore() throws IOException {
        Path foreign = dir.resolve("notes.db");
        Files.writeString(foreign, "these are somebody's notes, not a database\n".repeat(200));
        String url = Store.sqliteUrlOf(foreign);
        for (String[] args : List.of(new String[] {"store", "check", "--db", url},
                new String[] {"history", "m-road", "--db", url},
                new String[] {"sweep", "--day", sampleDay(0).toString(), sample(sampleDay(0)).toString(), "--db", url})) {
            CommandRun r = cli(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCodes.STORE_UNAVAILABLE);
            assertThat(r.err()).contains("the file is not an SQLite database (is --db naming the right file?)");
            assertOneSentence(r);
        }
        assertThat(Files.readString(foreign)).startsWith("these are somebody's notes");
    }

    @Test
    void anSqliteDatabaseThatIsNotAStoreIsRefusedAndLeftAsItWas() throws Exception {
        Path other = dir.resolve("other.db");
        try (Connection c = DriverManager.getConnection(Store.sqliteUrlOf(other)); Statement st = c.createStatement()) {
            st.executeUpdate("create table recipes (name text)");
        }
        CommandRun r = cli("store", "check", "--db", Store.sqliteUrlOf(other));
        assertThat(r.code()).isEqualTo(ExitCodes.STORE_UNAVAILABLE);
        assertThat(r.err()).contains("holds tables but is not an alliance-rules store");
        assertOneSentence(r);
        try (Connection c = DriverManager.getConnection(Store.sqliteUrlOf(other)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from sqlite_master where type = 'table'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("nothing was added to it").isEqualTo(1);
        }
    }

    @Test
    void aCorruptStoreFailsItsCheckWithExit4AndIsRestoredFromABackup() throws IOException {
        Path storeDir = dir.resolve("s");
        String url = Store.sqliteUrl(storeDir);
        String whole;
        try (Store store = openStore(storeDir)) {
            sweepSamples(store, SAMPLE_DAYS);
            whole = store.dump();
        }
        Path backup = dir.resolve("backups/monday.db");
        CommandRun b = cli("store", "backup", backup.toString(), "--db", url);
        assertThat(b.code()).as(b.err()).isEqualTo(ExitCodes.OK);
        assertThat(b.out()).contains("store backup: " + backup).contains("5 committed runs").contains("integrity ok");

        // damage the middle of the file: pages of the tables, not the header
        Path file = storeDir.resolve(Store.FILE_NAME);
        long size = Files.size(file);
        assertThat(size).isGreaterThan(16_384);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            for (long at = 4_096; at < size; at += 4_096) {
                raf.seek(at + 100);
                raf.write(new byte[64]); // zeros over each page's cells
            }
        }
        CommandRun check = cli("store", "check", "--db", url);
        assertThat(check.code()).isEqualTo(ExitCodes.STORE_UNAVAILABLE);
        assertThat(check.err()).containsAnyOf("corrupt", "integrity check failed", "not whole");
        assertOneSentence(check);

        CommandRun restore = cli("store", "restore", backup.toString(), "--db", url);
        assertThat(restore.code()).as(restore.err()).isEqualTo(ExitCodes.OK);
        assertThat(restore.out()).contains("moved aside to").contains("5 committed runs").contains("integrity ok");
        try (Store store = openStore(storeDir)) {
            assertThat(store.dump()).isEqualTo(whole);
        }
        assertThat(cli("store", "check", "--db", url).code()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void restoringOverAStoreWithDaysNeedsForceAndThenGivesBackTheBackupsDays() {
        Path storeDir = dir.resolve("s");
        String url = Store.sqliteUrl(storeDir);
        String atBackup;
        try (Store store = openStore(storeDir)) {
            sweepSamples(store, 2);
            atBackup = store.dump();
        }
        Path backup = dir.resolve("two-days.db");
        assertThat(cli("store", "backup", backup.toString(), "--db", url).code()).isEqualTo(ExitCodes.OK);
        CommandRun again = cli("store", "backup", backup.toString(), "--db", url);
        assertThat(again.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(again.err()).contains("a backup never overwrites one");
        try (Store store = openStore(storeDir)) {
            sweep(store, sampleDay(2), sample(sampleDay(2)));
        }
        CommandRun refused = cli("store", "restore", backup.toString(), "--db", url);
        assertThat(refused.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(refused.err()).contains("the store holds 3 runs").contains("--force");
        CommandRun forced = cli("store", "restore", backup.toString(), "--db", url, "--force");
        assertThat(forced.code()).as(forced.err()).isEqualTo(ExitCodes.OK);
        assertThat(forced.out()).contains("2 committed runs (" + sampleDay(0) + " .. " + sampleDay(1) + ")");
        try (Store store = openStore(storeDir)) {
            assertThat(store.dump()).isEqualTo(atBackup);
        }
        CommandRun notABackup = cli("store", "restore", dir.resolve("nothing.db").toString(), "--db", url, "--force");
        assertThat(notABackup.code()).isEqualTo(ExitCodes.STORE_UNAVAILABLE);
        assertThat(notABackup.err()).contains("there is no such file");
    }

    @Test
    void anH2StoreOfAnEarlierVersionIsImportedDayForDayAndReadsBackTheSame() throws Exception {
        Path swept = dir.resolve("swept");
        String sweptDump;
        Object sweptRoads;
        try (Store store = openStore(swept)) {
            sweepSamples(store, SAMPLE_DAYS);
            sweep(store, SweepOptions.of(sampleDay(SAMPLE_DAYS - 1)).withReplace(true), sample(sampleDay(SAMPLE_DAYS - 2)));
            sweptDump = store.dump();
            sweptRoads = roads(store, SAMPLE_MERCHANTS);
        }
        // an H2 file as earlier versions made it: the same migrations, the same rows
        String h2 = "jdbc:h2:file:" + dir.resolve("old/alliance").toAbsolutePath();
        Flyway.configure().dataSource(h2, "", "").locations("classpath:db/migration").load().migrate();
        try (Connection from = DriverManager.getConnection(Store.sqliteUrl(swept));
             Connection to = DriverManager.getConnection(h2, "", "")) {
            for (String table : List.of("runs", "run_counts", "merchant_state", "decisions")) {
                copyTable(from, to, table);
            }
        }

        Path target = dir.resolve("imported");
        CommandRun r = cli("store", "import", h2, "--db", Store.sqliteUrl(target));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.OK);
        assertThat(r.out()).contains("store import: 6 runs (" + sampleDay(0) + " .. " + sampleDay(SAMPLE_DAYS - 1) + ")")
                .contains("both read back the same");
        try (Store store = openStore(target)) {
            assertThat(store.dump()).isEqualTo(sweptDump);
            assertThat(roads(store, SAMPLE_MERCHANTS)).isEqualTo(sweptRoads);
        }
        CommandRun twice = cli("store", "import", h2, "--db", Store.sqliteUrl(target));
        assertThat(twice.code()).isEqualTo(ExitCodes.STORE_UNAVAILABLE);
        assertThat(twice.err()).contains("it already holds runs");

        CommandRun missing = cli("store", "import", "jdbc:h2:file:" + dir.resolve("nowhere/alliance"), "--db",
                Store.sqliteUrl(dir.resolve("never")));
        assertThat(missing.code()).isEqualTo(ExitCodes.STORE_UNAVAILABLE);
        assertThat(missing.err()).contains("there is no H2 store there");
        assertOneSentence(missing);
        assertThat(dir.resolve("never")).as("nothing is created for a source that fails").doesNotExist();
    }

    /** Copies a table's rows between two stores' connections, each value as the target column's type wants it. */
    private static void copyTable(Connection from, Connection to, String table) throws SQLException {
        try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery("select * from " + table)) {
            ResultSetMetaData columns = rs.getMetaData();
            int n = columns.getColumnCount();
            int[] types = new int[n + 1];
            try (Statement t = to.createStatement(); ResultSet shape = t.executeQuery("select * from " + table + " where 1 = 0")) {
                for (int i = 1; i <= n; i++) {
                    types[i] = shape.getMetaData().getColumnType(i);
                }
            }
            String marks = String.join(", ", java.util.Collections.nCopies(n, "?"));
            try (PreparedStatement ps = to.prepareStatement("insert into " + table + " values (" + marks + ")")) {
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        Object v = switch (types[i]) {
                            case Types.DATE -> rs.getObject(i, java.time.LocalDate.class);
                            case Types.TIMESTAMP -> rs.getTimestamp(i);
                            case Types.BOOLEAN -> rs.getObject(i) == null ? null : rs.getBoolean(i);
                            default -> rs.getObject(i);
                        };
                        ps.setObject(i, v);
                    }
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
