package org.alliancerules.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.alliancerules.model.DecisionView;
import org.alliancerules.model.GradeState;
import org.alliancerules.model.NextState;

/**
 * One day's writes, in one database transaction: {@link #begin} takes the store's write lock and writes the run
 * as RUNNING, {@link #write} adds each merchant's rows, {@link #commit} writes the counts, makes the run COMMITTED
 * and commits. A crash or a failure before the commit leaves nothing of the day: the database rolls the
 * transaction back (SQLite from its write-ahead log when the store is next opened, PostgreSQL at once), so
 * there is nothing to clean and the next sweep numbers its run as if the day had never begun.
 *
 * <p><b>The write lock</b> is the day's first statement, an update of the one row of {@code sweep_lock}: on
 * SQLite it takes the database's single write lock (another writer waits {@value Store#BUSY_TIMEOUT_MS} ms, then
 * gives up with "locked by another process"), on PostgreSQL the row's lock (another sweep waits for this one to
 * end). Readers are never blocked: they see the store as it was before the day until the commit.
 *
 * <p><b>What was only for H2</b> (issue 19) is gone: the day was written in many small transactions under a
 * RUNNING run because H2 did not recover from a kill inside a large transaction, and a dead run's rows were never
 * deleted and its id never reused because H2 kept index entries of the dead transaction. A store written by an
 * earlier version may still hold such a run: {@link #begin} reports it ({@link #interrupted}) and
 * {@code alliance-rules store prune} removes its rows.
 */
public final class DayTransaction implements AutoCloseable {

    /** Rows per JDBC batch. */
    private static final int BATCH = 2_000;

    private final Store store;
    private final Connection c;
    private final LocalDate day;
    private final long runId;
    private final PreparedStatement insertDecision;
    private final PreparedStatement insertState;
    private int pendingDecisions;
    private int pendingStates;
    private RunRecord replaced;
    private final List<RunRecord> interrupted;
    private boolean done;

    private DayTransaction(Store store, LocalDate day, long runId, List<RunRecord> interrupted) throws SQLException {
        this.store = store;
        this.interrupted = List.copyOf(interrupted);
        this.c = store.connection();
        this.day = day;
        this.runId = runId;
        this.insertDecision = c.prepareStatement("insert into decisions (merchant_id, sweep_day, run_id, seq, decision_type, "
                + "clause, rule_name, reason, interpretation) values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.insertState = c.prepareStatement("insert into merchant_state (merchant_id, sweep_day, run_id, member, admitted_on, "
                + "closures, closed_on, grade_level, grade_changed_on, lv0_since, ladder_violations, ladder_counted_through, "
                + "ladder_traffic_limited_until, ladder_closed_until, ladder_removed) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /**
     * Starts a day: takes the store's write lock, numbers the run and writes it as RUNNING, all in the day's
     * transaction (visible to no one until the commit).
     */
    public static DayTransaction begin(Store store, LocalDate day, RunRecord run) {
        Connection c = store.connection();
        try {
            store.beginWrite(); // the write lock, held to the end
            // under the lock no other sweep runs: a RUNNING run is one an earlier version's dead sweep left
            List<RunRecord> interrupted = store.interruptedRuns();
            long runId;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select coalesce(max(run_id), 0) + 1 from runs")) {
                rs.next();
                runId = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement("insert into runs (run_id, sweep_day, status, snapshot_sha256, "
                    + "snapshot_names, rules_sha256, policy_id, policy_version, policy_sha256, merchants, rejected, "
                    + "started_at) values (?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?, 0, 0, ?)")) {
                ps.setLong(1, runId);
                ps.setObject(2, day);
                ps.setString(3, run.snapshotSha256());
                ps.setString(4, run.snapshotNames());
                ps.setString(5, run.rulesSha256());
                ps.setString(6, run.policyId());
                ps.setString(7, run.policyVersion());
                ps.setString(8, run.policySha256());
                ps.setTimestamp(9, Timestamp.from(run.startedAt()));
                ps.executeUpdate();
            }
            return new DayTransaction(store, day, runId, interrupted);
        } catch (SQLException e) {
            store.endWrite();
            throw Store.unavailable(store.url(), e);
        }
    }

    public long runId() {
        return runId;
    }

    /** The runs that dead sweeps of an earlier version left RUNNING, which {@link #begin} found (and left alone). */
    public List<RunRecord> interrupted() {
        return interrupted;
    }

    /**
     * Re-running a swept day: when this run commits, {@code old} becomes REPLACED in the same transaction,
     * and with it the state rows it wrote stop counting (the state rolls back to the day before).
     */
    public void replace(RunRecord old) {
        this.replaced = old;
    }

    /** Sends the rows written so far to the database, inside the day's transaction (invisible until the commit). */
    public void flush() {
        try {
            if (pendingDecisions > 0) {
                insertDecision.executeBatch();
                pendingDecisions = 0;
            }
            if (pendingStates > 0) {
                insertState.executeBatch();
                pendingStates = 0;
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /**
     * Records one merchant's day: its decisions, and its new state when the merchant is new to the store
     * or its state changed.
     *
     * @param before the stored state before the day, null for a merchant the store has not seen
     */
    public void write(String merchantId, List<DecisionView> decisions, StoredState before, NextState next) {
        try {
            int seq = 0;
            for (DecisionView d : decisions) {
                insertDecision.setString(1, merchantId);
                insertDecision.setObject(2, day);
                insertDecision.setLong(3, runId);
                insertDecision.setInt(4, seq++);
                insertDecision.setString(5, d.type());
                insertDecision.setString(6, d.clause());
                insertDecision.setString(7, d.rule());
                insertDecision.setString(8, d.reason());
                insertDecision.setString(9, d.interpretation());
                insertDecision.addBatch();
                if (++pendingDecisions >= BATCH) {
                    insertDecision.executeBatch();
                    pendingDecisions = 0;
                }
            }
            GradeState grade = StoredState.normalise(next.grade());
            org.alliancerules.model.LadderState ladder = next.ladder();
            if (before == null || !before.alliance().equals(next.alliance()) || !Objects.equals(before.grade(), grade)
                    || !Objects.equals(before.ladder(), ladder)) {
                insertState.setString(1, merchantId);
                insertState.setObject(2, day);
                insertState.setLong(3, runId);
                insertState.setBoolean(4, next.alliance().member());
                Store.setDate(insertState, 5, next.alliance().admittedOn());
                insertState.setInt(6, next.alliance().closures());
                Store.setDate(insertState, 7, next.alliance().closedOn());
                Store.setInt(insertState, 8, grade == null ? null : grade.level());
                Store.setDate(insertState, 9, grade == null ? null : grade.lastChangedOn());
                Store.setDate(insertState, 10, grade == null ? null : grade.lv0Since());
                // the seed-003 profile's violation ladder (V3-VIO-1), null for a merchant without one
                Store.setInt(insertState, 11, ladder == null ? null : ladder.violations());
                Store.setDate(insertState, 12, ladder == null ? null : ladder.countedThrough());
                Store.setDate(insertState, 13, ladder == null ? null : ladder.trafficLimitedUntil());
                Store.setDate(insertState, 14, ladder == null ? null : ladder.closedUntil());
                if (ladder == null) {
                    insertState.setNull(15, java.sql.Types.BOOLEAN);
                } else {
                    insertState.setBoolean(15, ladder.removed());
                }
                insertState.addBatch();
                if (++pendingStates >= BATCH) {
                    insertState.executeBatch();
                    pendingStates = 0;
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** Makes the whole day visible at once: the run becomes COMMITTED with its counts, and the transaction commits. */
    public void commit(long merchants, long rejected, Map<String, Long> counts, Instant finishedAt) {
        flush();
        try {
            try (PreparedStatement ps = c.prepareStatement("insert into run_counts (run_id, decision_type, decisions) "
                    + "values (?, ?, ?)")) {
                for (Map.Entry<String, Long> e : counts.entrySet()) {
                    ps.setLong(1, runId);
                    ps.setString(2, e.getKey());
                    ps.setLong(3, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (replaced != null) {
                try (PreparedStatement ps = c.prepareStatement(
                        "update runs set status = 'REPLACED', replaced_by = ? where run_id = ? and status = 'COMMITTED'")) {
                    ps.setLong(1, runId);
                    ps.setLong(2, replaced.runId());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("update runs set status = 'COMMITTED', merchants = ?, "
                    + "rejected = ?, finished_at = ? where run_id = ?")) {
                ps.setLong(1, merchants);
                ps.setLong(2, rejected);
                ps.setTimestamp(3, Timestamp.from(finishedAt));
                ps.setLong(4, runId);
                ps.executeUpdate();
            }
            c.commit();
            done = true;
            store.endWrite();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private StoreUnavailableException failed(SQLException e) {
        store.endWrite();
        done = true;
        StoreUnavailableException u = Store.unavailable(store.url(), e);
        return new StoreUnavailableException(u.getMessage() + "; nothing of " + day + " was written", e);
    }

    /** Undoes the day unless it was committed: the transaction rolls back, and nothing of the day was ever written. */
    @Override
    public void close() {
        try {
            insertDecision.close();
            insertState.close();
        } catch (SQLException ignored) {
            // closing
        }
        if (!done) {
            done = true;
            store.endWrite();
        }
    }
}
