package org.alliancerules.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.alliancerules.model.DecisionView;
import org.alliancerules.policy.Policy;
import org.alliancerules.store.HistoryEntry;
import org.alliancerules.store.Store;
import org.alliancerules.store.StoredState;

/**
 * The report's reading of a sweep store: read-only queries on committed runs. The population charts are
 * aggregated by the database (GROUP BY and window functions, portable between SQLite and PostgreSQL), so a store
 * of a million merchants hands the report a few hundred numbers; the per-merchant roads read only the
 * merchants asked for (or a bounded default selection, {@link #DEFAULT_SELECTION}).
 */
public final class StoreReport {

    /** Merchants shown when none is asked for: those with the most closures (the ban first) in the period. */
    public static final int DEFAULT_SELECTION = 12;

    /** The decision types a road marks on its score chart, and the marker kind of each. */
    static final Map<String, String> MARKED = new LinkedHashMap<>();

    static {
        MARKED.put("ALLIANCE_WARNING", "warning");
        MARKED.put("ALLIANCE_CLOSED", "closure");
        MARKED.put("PERMANENTLY_BANNED", "ban");
        MARKED.put("CLEARED_OUT", "clearance");
        MARKED.put("ADMITTED", "admitted");
    }

    /** One committed day of the period and the policy it was swept under. */
    public record Day(LocalDate day, String policy, String snapshotNames, String snapshotSha256) {
    }

    private final Store store;
    private final Connection db;
    private final PolicyLines policies;
    private final LocalDate from;
    private final LocalDate to;
    private final List<Day> days;

    public StoreReport(Store store, PolicyLines policies, LocalDate from, LocalDate to) {
        this.store = store;
        this.db = store.readOnlyConnection();
        this.policies = policies;
        this.from = from == null ? LocalDate.of(1, 1, 1) : from;
        this.to = to == null ? LocalDate.of(9999, 12, 31) : to;
        this.days = query("select sweep_day, policy_id, policy_version, snapshot_names, snapshot_sha256 from runs "
                + "where status = 'COMMITTED' and sweep_day >= ? and sweep_day <= ? order by sweep_day", rs -> new Day(
                rs.getObject(1, LocalDate.class), rs.getString(2) + "@" + rs.getString(3), rs.getString(4), rs.getString(5)),
                this.from, this.to);
    }

    /** The committed days of the period, oldest first. */
    public List<Day> days() {
        return days;
    }

    private List<String> dayNames() {
        return days.stream().map(d -> d.day().toString()).toList();
    }

    // ---------------------------------------------------------------- population

    public Population population() {
        List<String> names = dayNames();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        List<String> notes = new ArrayList<>();

        // decisions per day by type: the runs' own counts
        Map<String, List<Long>> byType = new TreeMap<>();
        for (Object[] r : query("select r.sweep_day, c.decision_type, c.decisions from run_counts c "
                        + "join runs r on r.run_id = c.run_id where r.status = 'COMMITTED' and r.sweep_day >= ? and r.sweep_day <= ?",
                rs -> new Object[] {rs.getObject(1, LocalDate.class).toString(), rs.getString(2), rs.getLong(3)}, from, to)) {
            byType.computeIfAbsent((String) r[1], k -> zeros(names.size())).set(index.get((String) r[0]), (Long) r[2]);
        }

        // grades per day: the store keeps a merchant's state row the day it is first seen and each day it
        // changes; the database counts, per day, the moves from one level to another (ungraded: -1)
        Map<String, List<Long>> grades = new LinkedHashMap<>();
        for (int level = 0; level <= 7; level++) {
            grades.put("LV" + level, zeros(names.size()));
        }
        List<Object[]> moves = query("select sweep_day, seen, prev_level, level, count(*) from ("
                        + "select s.sweep_day, coalesce(s.grade_level, -1) as level, "
                        + "coalesce(lag(s.grade_level) over (partition by s.merchant_id order by s.sweep_day), -1) as prev_level, "
                        + "case when lag(s.sweep_day) over (partition by s.merchant_id order by s.sweep_day) is null then 0 else 1 end as seen "
                        + "from merchant_state s join runs r on r.run_id = s.run_id and r.status = 'COMMITTED' "
                        + "where s.sweep_day <= ?) t "
                        + "where seen = 0 or prev_level <> level "
                        + "group by sweep_day, seen, prev_level, level order by sweep_day",
                rs -> new Object[] {rs.getObject(1, LocalDate.class), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getLong(5)}, to);
        long[] counts = new long[9]; // index level + 1 (0: ungraded)
        int m = 0;
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = days.get(i).day();
            while (m < moves.size() && !((LocalDate) moves.get(m)[0]).isAfter(day)) {
                Object[] mv = moves.get(m++);
                long n = (Long) mv[4];
                if ((Integer) mv[1] == 1) {
                    counts[clamp((Integer) mv[2]) + 1] -= n;
                }
                counts[clamp((Integer) mv[3]) + 1] += n;
            }
            for (int level = 0; level <= 7; level++) {
                grades.get("LV" + level).set(i, counts[level + 1]);
            }
        }

        // one closure away from the ban: each merchant's latest state on or before the last day
        LocalDate last = days.isEmpty() ? to : days.get(days.size() - 1).day();
        Policy policy = days.isEmpty() ? null : policies.find(days.get(days.size() - 1).policy());
        int banAt = policy == null ? 0 : policy.strikes().banAtClosures();
        long total = 0;
        List<Population.Away> away = new ArrayList<>();
        if (policy == null) {
            if (!days.isEmpty()) {
                notes.add("policy " + days.get(days.size() - 1).policy()
                        + " is not among the packaged profiles: the closures that ban are unknown, no list of merchants one closure away");
            }
        } else {
            // a state row with that many closures and no later row up to the last day (the key's index answers
            // "no later row"; a window over every merchant's rows was three times slower on H2)
            try (PreparedStatement ps = db.prepareStatement("select s.merchant_id, s.closures, s.closed_on, s.member "
                    + "from merchant_state s join runs r on r.run_id = s.run_id and r.status = 'COMMITTED' "
                    + "where s.closures = ? and s.sweep_day <= ? and not exists (select 1 from merchant_state s2 "
                    + "join runs r2 on r2.run_id = s2.run_id and r2.status = 'COMMITTED' "
                    + "where s2.merchant_id = s.merchant_id and s2.sweep_day > s.sweep_day and s2.sweep_day <= ?) "
                    + "order by s.closed_on desc, s.merchant_id")) {
                ps.setInt(1, banAt - 1);
                ps.setObject(2, last);
                ps.setObject(3, last);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        total++;
                        if (away.size() < Population.LIST_LIMIT) {
                            LocalDate closed = rs.getObject(3, LocalDate.class);
                            away.add(new Population.Away(rs.getString(1), rs.getInt(2),
                                    closed == null ? "" : closed.toString(), rs.getBoolean(4)));
                        }
                    }
                }
            } catch (SQLException e) {
                throw store.failure(e);
            }
        }

        List<Population.Denials> denials = query("select clause, count(*), count(distinct merchant_id) from audit_log "
                        + "where decision_type = 'ADMISSION_DENIED' and sweep_day >= ? and sweep_day <= ? group by clause order by clause",
                rs -> new Population.Denials(rs.getString(1), rs.getLong(2), rs.getLong(3)), from, to);
        return new Population(names, byType, grades, banAt, total, away, denials, notes);
    }

    private static int clamp(int level) {
        return Math.max(-1, Math.min(7, level));
    }

    private static List<Long> zeros(int n) {
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(0L);
        }
        return out;
    }

    // ---------------------------------------------------------------- roads

    /** The merchants a report shows when none is asked for, with why; at most {@link #DEFAULT_SELECTION}. */
    public Map<String, String> defaultSelection() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Object[] r : query("select merchant_id, sum(case when decision_type = 'ALLIANCE_CLOSED' then 1 else 0 end) as closed, "
                        + "max(case when decision_type = 'PERMANENTLY_BANNED' then 1 else 0 end) as banned from audit_log "
                        + "where decision_type in ('ALLIANCE_CLOSED', 'PERMANENTLY_BANNED') and sweep_day >= ? and sweep_day <= ? "
                        + "group by merchant_id order by banned desc, closed desc, merchant_id limit " + DEFAULT_SELECTION,
                rs -> new Object[] {rs.getString(1), rs.getLong(2), rs.getInt(3)}, from, to)) {
            long closed = (Long) r[1];
            out.put((String) r[0], closed + " closure" + (closed == 1 ? "" : "s") + " in the period"
                    + ((Integer) r[2] == 1 ? ", banned" : ""));
        }
        return out;
    }

    /** A merchant's road over the period; its scores from {@code scores} (day to score). */
    public Road road(String merchantId, String why, Map<String, Double> scores, String scoreSource, List<String> scoreNotes) {
        List<String> names = dayNames();
        List<HistoryEntry> history = store.history(merchantId, null, days.isEmpty() ? to : days.get(days.size() - 1).day());
        Map<String, HistoryEntry> byDay = new HashMap<>();
        for (HistoryEntry h : history) {
            byDay.put(h.day().toString(), h);
        }
        StoredState state = null;
        int h = 0;
        List<Double> scoreList = new ArrayList<>();
        List<Integer> gradeList = new ArrayList<>();
        List<Road.Marker> markers = new ArrayList<>();
        List<Road.Row> rows = new ArrayList<>();
        for (Day d : days) {
            while (h < history.size() && !history.get(h).day().isAfter(d.day())) {
                if (history.get(h).state() != null) {
                    state = history.get(h).state();
                }
                h++;
            }
            String day = d.day().toString();
            scoreList.add(scores.get(day));
            gradeList.add(state == null || state.grade() == null ? null : state.grade().level());
            HistoryEntry e = byDay.get(day);
            if (e != null) {
                for (DecisionView v : e.decisions()) {
                    rows.add(new Road.Row(day, v.type(), v.clause(), v.rule(), v.reason(), e.policy()));
                    String kind = MARKED.get(v.type());
                    if (kind != null) {
                        markers.add(new Road.Marker(kind, day, v.type(), v.clause(), v.reason()));
                    }
                }
            }
        }
        List<String> notes = new ArrayList<>(scoreNotes);
        List<PolicyLines.Segment> lines = policies.segments(names, days.stream().map(Day::policy).toList(), notes);
        return new Road(merchantId, why, names, scoreList, gradeList, lines, markers, rows, scoreSource, notes,
                org.alliancerules.report.States.describe(state));
    }

    // ---------------------------------------------------------------- plumbing

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(mapper.map(rs));
                }
            }
        } catch (SQLException e) {
            throw store.failure(e);
        }
        return out;
    }
}
