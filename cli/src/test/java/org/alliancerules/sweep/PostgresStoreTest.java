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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.alliancerules.store.RunRecord;
import org.alliancerules.store.Store;
import org.alliancerules.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's Flyway migration and the daily sweep against a real PostgreSQL server (zonky's embedded
 * PostgreSQL: the server binaries come from a Maven artifact and run in a temporary directory): the same
 * days swept into PostgreSQL and into the embedded SQLite store give the same runs, states, audit log and histories.
 */
class PostgresStoreTest {

    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws IOException {
        pg = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (pg != null) {
            pg.close();
        }
    }

    /** A fresh database on the server for one test, so tests do not see each other's days. */
    private static String freshDatabase(String name) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("drop database if exists " + name);
            st.execute("create database " + name);
        }
        return pg.getJdbcUrl("postgres", name);
    }

    @Test
    void theMigrationCreatesTheStoreTablesOnPostgresql() throws Exception {
        String url = freshDatabase("migrated");
        try (Store store = Store.open(url, "postgres", "postgres")) {
            assertThat(store.lastCommittedRun()).isEmpty();
            assertThat(store.allRuns()).isEmpty();
        }
        List<String> tables = new ArrayList<>();
        try (Connection c = pg.getDatabase("postgres", "migrated").getConnection();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select table_name from information_schema.tables "
                     + "where table_schema = 'public' order by table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertThat(tables).contains("sweep_lock", "runs", "run_counts", "merchant_state", "decisions", "audit_log",
                "flyway_schema_history");
        // opening a migrated store again migrates nothing and keeps it usable
        try (Store again = Store.open(url, "postgres", "postgres")) {
            assertThat(again.allRuns()).isEmpty();
        }
    }

    @Test
    void theSampleDaysGiveTheSameStoreOnPostgresqlAsOnSqlite(@TempDir Path dir) throws Exception {
        String url = freshDatabase("samples");
        String sqliteDump;
        var sqliteRoads = (Object) null;
        try (Store sqlite = openStore(dir.resolve("sqlite"))) {
            sweepSamples(sqlite, SAMPLE_DAYS);
            sqliteDump = sqlite.dump();
            sqliteRoads = roads(sqlite, SAMPLE_MERCHANTS);
        }
        try (Store postgres = Store.open(url, "postgres", "postgres")) {
            sweepSamples(postgres, SAMPLE_DAYS);
            assertThat(roads(postgres, SAMPLE_MERCHANTS)).isEqualTo(sqliteRoads);
            assertThat(postgres.dump()).isEqualTo(sqliteDump);
            assertThat(postgres.allRuns()).extracting(RunRecord::status).containsOnly(RunRecord.COMMITTED).hasSize(SAMPLE_DAYS);

            // the same day again with the same snapshot is a no-op on PostgreSQL too
            SweepReport again = sweep(postgres, sampleDay(SAMPLE_DAYS - 1), sample(sampleDay(SAMPLE_DAYS - 1)));
            assertThat(again.unchanged()).isTrue();
            assertThat(postgres.dump()).isEqualTo(sqliteDump);
        }
    }

    @Test
    void replacingTheLastDayRollsItBackOnPostgresqlAsOnSqlite(@TempDir Path dir) throws Exception {
        Path changed = dir.resolve("2026-11-21-changed.csv");
        // m-road keeps its score above the closure line: the replaced day has no closure
        Files.writeString(changed, Files.readString(sample(sampleDay(1))).replace(",3.4,", ",3.6,"));
        String url = freshDatabase("replaced");
        String sqliteDump;
        Object sqliteRoads;
        try (Store sqlite = openStore(dir.resolve("sqlite"))) {
            sweepSamples(sqlite, 2);
            sweep(sqlite, SweepOptions.of(sampleDay(1)).withReplace(true), changed);
            sqliteDump = sqlite.dump();
            sqliteRoads = roads(sqlite, SAMPLE_MERCHANTS);
        }
        try (Store postgres = Store.open(url, "postgres", "postgres")) {
            sweepSamples(postgres, 2);
            SweepReport replaced = sweep(postgres, SweepOptions.of(sampleDay(1)).withReplace(true), changed);
            assertThat(replaced.replaced()).isEqualTo(2);
            assertThat(roads(postgres, SAMPLE_MERCHANTS)).isEqualTo(sqliteRoads);
            // the dump names the snapshot by its path: both stores were given the same path
            assertThat(postgres.dump()).isEqualTo(sqliteDump);
        }
    }

    @Test
    void anUnknownUserIsStoreUnavailableWithOneSentence() {
        // the embedded server trusts local connections whatever the password: a user it does not know is refused
        assertThatThrownBy(() -> Store.open(pg.getJdbcUrl("no_such_user", "postgres"), "no_such_user", "secret").close())
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("user name or password")
                .hasMessageNotContaining("secret")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
