package org.alliancerules.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.cli.CommandRun;
import org.alliancerules.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of 1,000,000 merchants over 30 swept days gives a report under 5 MB: the population charts are
 * aggregated by the database and the roads are a bounded selection. The store is written directly in SQL
 * (a sweep of 30 million merchant-days would take too long for the suite): every merchant first seen on
 * day 1 (a tenth of them graded), then each day 2,000 closures, 300 bans, 5,000 admission denials and
 * 1,000 grade changes.
 */
class ReportScaleTest {

    static final int MERCHANTS = 1_000_000;
    static final int DAYS = 30;

    /** The numbers 1..n as rows of r(x), ahead of a statement (SQLite's recursive common table expression). */
    private static String range(int n) {
        return "with recursive r(x) as (select 1 union all select x + 1 from r where x < " + n + ") ";
    }

    @Test
    void aMillionMerchantsOverThirtyDaysMakeAReportUnder5Mb(@TempDir Path dir) throws Exception {
        String url = Store.sqliteUrl(dir.resolve("store"));
        Store.open(url, "", "").close(); // migrated
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            LocalDate first = LocalDate.of(2026, 11, 1);
            long startedAt = first.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
            for (int d = 0; d < DAYS; d++) {
                String day = "'" + first.plusDays(d) + "'";
                st.execute("insert into runs (run_id, sweep_day, status, snapshot_sha256, snapshot_names, rules_sha256, policy_id, "
                        + "policy_version, policy_sha256, merchants, rejected, started_at, finished_at) values (" + (d + 1) + ", "
                        + day + ", 'COMMITTED', 'x', 'gone/day-" + d + ".csv', 'r', 'default', '2022-12-30', 'p', " + MERCHANTS
                        + ", 0, " + startedAt + ", " + (startedAt + 600_000) + ")");
                st.execute("insert into run_counts values (" + (d + 1) + ", 'ALLIANCE_CLOSED', 2000), (" + (d + 1)
                        + ", 'PERMANENTLY_BANNED', 300), (" + (d + 1) + ", 'ADMISSION_DENIED', 5000), (" + (d + 1) + ", 'GRADE_UP', 1000)");
            }
            st.execute(range(MERCHANTS) + "insert into merchant_state (merchant_id, sweep_day, run_id, member, closures, grade_level) "
                    + "select 'm-' || x, '" + first + "', 1, 1, 0, case when x % 10 = 0 then x % 8 else null end from r");
            for (int d = 1; d < DAYS; d++) {
                String day = "'" + first.plusDays(d) + "'";
                int run = d + 1;
                // 2,000 closures a day: the merchants reach 1 then 2 closures (one away from the ban)
                st.execute(range(2000) + "insert into merchant_state (merchant_id, sweep_day, run_id, member, closures, closed_on) "
                        + "select 'm-' || (x + " + (d * 2000 % 20000) + "), " + day + ", " + run + ", 0, " + (d % 2 + 1) + ", " + day
                        + " from r");
                st.execute(range(2000) + "insert into decisions select 'm-' || (x + " + (d * 2000 % 20000) + "), " + day + ", " + run
                        + ", 0, 'ALLIANCE_CLOSED', 'CHK-2', 'Close', 'experience score 3.40 < 3.50', null from r");
                st.execute(range(5000) + "insert into decisions select 'm-' || (x + 500000), " + day + ", " + run
                        + ", 0, 'ADMISSION_DENIED', 'ADM-' || (3 + x % 5), 'Deny', 'experience score 3.90 < 4.00', null from r");
                st.execute(range(300) + "insert into decisions select 'm-' || (x * 10 + " + d + "), " + day + ", " + run
                        + ", 1, 'PERMANENTLY_BANNED', 'STR-2', 'Ban', 'closures 3 >= 3', null from r");
                st.execute(range(1000) + "insert into merchant_state (merchant_id, sweep_day, run_id, member, closures, grade_level) "
                        + "select 'm-' || (x * 10 + 700000), " + day + ", " + run + ", 1, 0, " + (d % 8) + " from r");
            }
            c.commit();
        }
        Path out = dir.resolve("big.html");
        long t0 = System.nanoTime();
        System.err.println("TIMING store written");
        CommandRun r = CommandRun.of("report", "--db", url, "-o", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        long size = Files.size(out);
        System.err.println("TIMING report " + (System.nanoTime() - t0) / 1_000_000 + " ms, " + size + " bytes");
        assertThat(size).isLessThan(5L << 20);

        String html = Files.readString(out);
        JsonNode data = DemoReport.data(html);
        JsonNode grades = DemoReport.chart(data, "store-grades");
        long first = 0;
        for (JsonNode s : grades.get("series")) {
            first += s.get("data").get(0).asLong();
        }
        assertThat(first).isEqualTo(MERCHANTS / 10); // a tenth graded on day 1
        assertThat(DemoReport.chart(data, "store-decisions").at("/xAxis/data")).hasSize(DAYS);
        // the default selection is bounded, and the scores of snapshots that are gone are gaps, said so
        assertThat(data.get("charts").size()).isEqualTo(3 + 2 * StoreReport.DEFAULT_SELECTION);
        assertThat(html).contains("no scores (gone/day-0.csv is not there)");
        assertThat(html).contains("merchant(s) had 2 closures after the last day");
    }
}
