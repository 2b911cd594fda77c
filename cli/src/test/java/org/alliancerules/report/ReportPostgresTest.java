package org.alliancerules.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.alliancerules.cli.CommandRun;
import org.junit.jupiter.api.Test;

/**
 * The report's queries are portable: the demo's sample days swept into a real PostgreSQL server (zonky's
 * embedded PostgreSQL) give the same charts as the same days in the embedded SQLite store.
 */
class ReportPostgresTest {

    @Test
    void theSampleDaysInPostgresqlGiveTheSameChartsAsInSqlite() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("create database report");
            }
            String url = pg.getJdbcUrl("postgres", "report");
            CommandRun r = CommandRun.of("demo", "--db", url);
            assertThat(r.code()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            Matcher m = Pattern.compile("(/\\S+\\.html)$").matcher(lines.get(lines.size() - 1));
            assertThat(m.find()).isTrue();
            String fromPostgres = Files.readString(Path.of(m.group(1)));
            String fromSqlite = Files.readString(DemoReport.path());
            assertThat(fromPostgres).contains("store jdbc:postgresql:");
            assertThat(DemoReport.data(fromPostgres)).isEqualTo(DemoReport.data(fromSqlite));
        }
    }
}
