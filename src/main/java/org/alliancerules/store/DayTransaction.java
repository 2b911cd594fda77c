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
 * One day's writes, in one database transaction: nothing of the day is visible to any reader until
 * {@link #commit}, and a crash (or {@link #close} without commit) leaves the store as it was. The
 * transaction holds the store's sweep lock from {@link #begin} on, so two sweeps never interleave.
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
    private boolean done;

    private DayTransaction(Store store, LocalDate day, long runId) throws SQLException {
        this.store = store;
        this.c = store.connection();
        this.day = day;
        this.runId = runId;
        this.insertDecision = c.prepareStatement("insert into decisions (merchant_id, sweep_day, run_id, seq, decision_type, "
                + "clause, rule_name, reason, interpretation) values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.insertState = c.prepareStatement("insert into merchant_state (merchant_id, sweep_day, run_id, member, admitted_on, "
                + "closures, closed_on, grade_level, grade_changed_on, lv0_since) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /**
     * Starts a day: takes the sweep lock, numbers the run and writes it as RUNNING (visible to no one
     * until the commit).
     */
    public static DayTransaction begin(Store store, LocalDate day, RunRecord run) {
        Connection c = store.connection();
        try {
            c.rollback(); // start clean: whatever this connection read before is not part of the day
            try (Statement st = c.createStatement()) {
                st.executeQuery("select id from sweep_lock where id = 1 for update").close();
            }
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
            return new DayTransaction(store, day, runId);
        } catch (SQLException e) {
            rollbackQuietly(c);
            throw Store.unavailable(store.url(), e);
        }
    }

    public long runId() {
        return runId;
    }

    /** Re-running a swept day: its run becomes REPLACED and the state rows it wrote are rolled back. */
    public void replace(RunRecord old) {
        try {
            try (PreparedStatement ps = c.prepareStatement(
                    "update runs set status = 'REPLACED', replaced_by = ? where run_id = ?")) {
                ps.setLong(1, runId);
                ps.setLong(2, old.runId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("delete from merchant_state where sweep_day = ?")) {
                ps.setObject(1, day);
                ps.executeUpdate();
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
            if (before == null || !before.alliance().equals(next.alliance()) || !Objects.equals(before.grade(), grade)) {
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

    /** Makes the whole day visible at once: the run becomes COMMITTED with its counts. */
    public void commit(long merchants, long rejected, Map<String, Long> counts, Instant finishedAt) {
        try {
            if (pendingDecisions > 0) {
                insertDecision.executeBatch();
            }
            if (pendingStates > 0) {
                insertState.executeBatch();
            }
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

    /** Rolls the day back unless it was committed. */
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
        }
    }
}
