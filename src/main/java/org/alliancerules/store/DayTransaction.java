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
 * One day's writes. The rows are written in many small transactions under a run that stays RUNNING;
 * {@link #commit} makes the run COMMITTED in one last small transaction. Every reader of the store looks
 * only at rows of committed runs, so nothing of the day is visible before the commit and all of it after.
 * {@link #close} without commit deletes the run's rows and the run. (One transaction for the whole day was the
 * first design: H2 did not always recover a store killed in the middle of a transaction of a million rows.)
 *
 * <p><b>A run whose process died is left alone.</b> A crash leaves a run RUNNING with some of its rows; no reader
 * ever looks at them, and the next {@link #begin} reports the run ({@link #interrupted}), numbers its own run past
 * it and touches none of the dead run's rows. H2 2.5.252 can reopen a store killed in the middle of a batch with
 * index entries of the dead transaction that no rollback removes: deleting those rows, or inserting a row with
 * the same key, fails with "concurrent update" and H2 retries it until its lock timeout, row after row (the
 * crash test's rerun ran for hours, first in the inserts of a reused run id, then in the deletion of the dead
 * run's rows). Every key of decisions, merchant_state and run_counts starts with its run id, so a run id that is
 * never used again never meets such an entry. The price is the dead run's rows on disk.
 * The store's sweep lock is held on a connection of its own from {@link #begin} to the end, so two sweeps
 * never interleave.
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
    private final Connection lock;
    private int pendingDecisions;
    private int pendingStates;
    private RunRecord replaced;
    private final List<RunRecord> interrupted;
    private boolean done;

    private DayTransaction(Store store, Connection lock, LocalDate day, long runId, List<RunRecord> interrupted)
            throws SQLException {
        this.store = store;
        this.interrupted = List.copyOf(interrupted);
        this.lock = lock;
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
     * Starts a day: takes the sweep lock, numbers the run and writes it as RUNNING (visible to no one
     * until the commit).
     */
    public static DayTransaction begin(Store store, LocalDate day, RunRecord run) {
        Connection c = store.connection();
        Connection lock = null;
        try {
            lock = store.newConnection();
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                st.executeQuery("select id from sweep_lock where id = 1 for update").close();
            }
            c.rollback(); // start clean: whatever this connection read before is not part of the day
            // under the lock no other sweep runs: a RUNNING run is one whose process died
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
            c.commit();
            return new DayTransaction(store, lock, day, runId, interrupted);
        } catch (SQLException e) {
            rollbackQuietly(c);
            release(lock);
            throw Store.unavailable(store.url(), e);
        }
    }

    /**
     * Undoes this live run that did not commit: its rows and the run itself go. (This process rolled its open
     * transaction back properly, so no stray index entry holds the run's keys; a later run may use its id.)
     */
    private void deleteThisRun() throws SQLException {
        for (String table : List.of("decisions", "merchant_state", "run_counts", "runs")) {
            try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where run_id = ?"
                    + (table.equals("runs") ? " and status = '" + RunRecord.RUNNING + "'" : ""))) {
                ps.setLong(1, runId);
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    private static void release(Connection lock) {
        if (lock == null) {
            return;
        }
        try {
            lock.rollback();
            lock.close();
        } catch (SQLException ignored) {
            // the database releases the lock with the connection
        }
    }

    public long runId() {
        return runId;
    }

    /** The runs that dead sweeps left RUNNING, which {@link #begin} found (and left alone). */
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

    /** Makes the rows written so far durable (still invisible to readers: the run is RUNNING). */
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
            c.commit();
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

    /** Makes the whole day visible at once: the run becomes COMMITTED with its counts, in one small transaction. */
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
            if (store.isH2()) {
                // H2 writes committed changes to its file in the background; make this day durable now
                try (Statement st = c.createStatement()) {
                    st.execute("checkpoint sync");
                }
            }
        } catch (SQLException e) {
            throw failed(e);
        } finally {
            if (done) {
                release(lock);
            }
        }
    }

    private StoreUnavailableException failed(SQLException e) {
        rollbackQuietly(c);
        done = true;
        StoreUnavailableException u = Store.unavailable(store.url(), e);
        return new StoreUnavailableException(u.getMessage() + "; nothing of " + day + " was written", e);
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: the database rolls the transaction back itself
        }
    }

    /**
     * Undoes the day unless it was committed: its rows and run are deleted (or, if that fails, they stay under a
     * RUNNING run that no reader looks at and the next sweep reports).
     */
    @Override
    public void close() {
        try {
            insertDecision.close();
            insertState.close();
        } catch (SQLException ignored) {
            // closing
        }
        if (!done) {
            rollbackQuietly(c);
            try {
                deleteThisRun();
            } catch (SQLException ignored) {
                // the rows stay invisible under a RUNNING run, which the next sweep reports and leaves alone
                rollbackQuietly(c);
            }
        }
        release(lock);
    }
}
