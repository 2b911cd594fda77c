package org.alliancerules.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.GradeState;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The sweep's store: merchant state per day, the decisions of every run (the audit log) and the runs,
 * in any JDBC database; an embedded H2 file by default. Opening a store creates and migrates it with
 * Flyway ({@code db/migration}). One store is one connection: not for use by several threads at once.
 */
public final class Store implements AutoCloseable {

    /** Where the default embedded store lives, relative to the working directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("alliance-data");

    private final Connection connection;
    /** A second connection for reading committed state while the day's transaction writes (opened on first use). */
    private Connection reads;
    private final String url;
    private final String user;
    private final String password;
    private final boolean h2;

    private Store(Connection connection, String url, String user, String password) throws SQLException {
        this.connection = connection;
        this.url = url;
        this.user = user;
        this.password = password;
        this.h2 = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
    }

    /** The JDBC URL of an embedded H2 store in {@code directory}. */
    public static String h2Url(Path directory) {
        return "jdbc:h2:file:" + directory.toAbsolutePath().normalize().resolve("alliance");
    }

    /** The JDBC URL of the default store, {@code ./alliance-data/}. */
    public static String defaultUrl() {
        return h2Url(DEFAULT_DIRECTORY);
    }

    /**
     * Opens (creating and migrating on first use) the store at a JDBC URL.
     *
     * @throws StoreUnavailableException when the database cannot be reached, refuses the credentials, is
     *                                   locked by another process or cannot be migrated
     */
    public static Store open(String url, String user, String password) {
        String who = user == null ? "" : user;
        String secret = password == null ? "" : password;
        try {
            Flyway.configure()
                    .dataSource(url, who, secret)
                    .locations("classpath:db/migration")
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw unavailable(url, e);
        }
        try {
            Connection c = DriverManager.getConnection(url, who, secret);
            c.setAutoCommit(false);
            return new Store(c, url, who, secret);
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
    }

    /** One sentence for a person on why the database at {@code url} cannot be used. */
    static StoreUnavailableException unavailable(String url, Throwable e) {
        SQLException sql = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                sql = s;
            }
        }
        String shown = redact(url);
        String why;
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        int code = sql == null ? 0 : sql.getErrorCode();
        if (code == 90020 || (sql != null && String.valueOf(sql.getMessage()).contains("already in use"))) {
            why = "the database file is locked by another process (is another sweep running?)";
        } else if (code == 90146 || code == 90013) {
            why = "there is no store there yet (sweep a day first, or pass --db with the store's URL)";
        } else if (state.startsWith("28") || code == 28000) {
            why = "the database refused the user name or password";
        } else if (state.startsWith("08")) {
            why = "the database cannot be reached";
        } else if (sql != null && sql.getMessage() != null && sql.getMessage().startsWith("No suitable driver")) {
            why = "no JDBC driver knows this URL (use jdbc:h2:... or jdbc:postgresql://...)";
        } else {
            String message = sql != null && sql.getMessage() != null ? sql.getMessage() : String.valueOf(e.getMessage());
            why = firstLine(message);
        }
        return new StoreUnavailableException("cannot use the store at " + shown + ": " + why, e);
    }

    private static String firstLine(String message) {
        String line = message.strip().split("\\R", 2)[0];
        return line.replaceAll(" \\[\\d+-\\d+]$", "");
    }

    /** A JDBC URL without its password parameter. */
    public static String redact(String url) {
        return url == null ? "" : url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("(?i);IFEXISTS=TRUE", "");
    }

    public String url() {
        return redact(url);
    }

    /** A new connection to the store's database (the sweep lock holds one). */
    Connection newConnection() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    private Connection reads() throws SQLException {
        if (reads == null) {
            reads = newConnection();
            reads.setAutoCommit(true);
            reads.setReadOnly(true);
        }
        return reads;
    }

    /**
     * A read-only connection to the store's committed data, for reports' aggregate queries (opened on first
     * use, closed with the store; not for use beside a day being swept on another thread).
     */
    public Connection readOnlyConnection() {
        try {
            return reads();
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
    }

    /** The one sentence for a person when a query on the store fails (exit 4). */
    public StoreUnavailableException failure(SQLException e) {
        return unavailable(url, e);
    }

    /** The connection, in manual-commit mode (the sweep's transaction). */
    Connection connection() {
        return connection;
    }

    boolean isH2() {
        return h2;
    }

    /** Drops an in-memory database (a simulation's) with its last connection. */
    public void dropIfInMemory() {
        if (h2 && url.startsWith("jdbc:h2:mem:")) {
            try (Statement st = connection.createStatement()) {
                st.execute("shutdown");
            } catch (SQLException e) {
                // already gone
            }
        }
    }

    @Override
    public void close() {
        try {
            if (reads != null) {
                reads.close();
            }
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            // closing: nothing is left to save
        }
    }

    // ---------------------------------------------------------------- reading

    /** The last committed day, if any day was swept. */
    public Optional<RunRecord> lastCommittedRun() {
        return runs("select * from runs where status = 'COMMITTED' order by sweep_day desc, run_id desc", ps -> { }, 1)
                .stream().findFirst();
    }

    /** The committed run of a day, if the day was swept. */
    public Optional<RunRecord> committedRun(LocalDate day) {
        return runs("select * from runs where status = 'COMMITTED' and sweep_day = ?",
                ps -> ps.setObject(1, day), 1).stream().findFirst();
    }

    /** Every run (committed and replaced), oldest first. */
    public List<RunRecord> allRuns() {
        return runs("select * from runs where status in ('" + RunRecord.COMMITTED + "', '" + RunRecord.REPLACED
                + "') order by run_id", ps -> { }, Integer.MAX_VALUE);
    }

    /**
     * The runs still RUNNING, oldest first: when no sweep is running, those whose process died before the commit
     * (their rows stay in the store, read by no one).
     */
    public List<RunRecord> interruptedRuns() {
        return runs("select * from runs where status = '" + RunRecord.RUNNING + "' order by run_id", ps -> { },
                Integer.MAX_VALUE);
    }

    /**
     * The latest stored state before {@code day} of each merchant in {@code ids} that the store knows;
     * merchants it does not know are absent from the map. Reads committed data on a connection of its
     * own, so it may run beside a {@link DayTransaction} of {@code day} (which writes only rows of that
     * day) on another thread; not on two threads at once.
     */
    public Map<String, StoredState> statesBefore(Collection<String> ids, LocalDate day) {
        Map<String, StoredState> out = new HashMap<>(ids.size() * 2);
        if (ids.isEmpty()) {
            return out;
        }
        List<String> all = new ArrayList<>(ids);
        int chunk = 500;
        try {
            for (int from = 0; from < all.size(); from += chunk) {
                List<String> part = all.subList(from, Math.min(all.size(), from + chunk));
                String marks = String.join(",", java.util.Collections.nCopies(part.size(), "?"));
                try (PreparedStatement ps = reads().prepareStatement(
                        "select s.* from merchant_state s join runs r on r.run_id = s.run_id and r.status = 'COMMITTED' "
                                + "where s.merchant_id in (" + marks + ") and s.sweep_day < ? "
                                + "order by s.merchant_id, s.sweep_day")) {
                    int i = 1;
                    for (String id : part) {
                        ps.setString(i++, id);
                    }
                    ps.setObject(i, day);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            StoredState s = state(rs);
                            out.put(s.merchantId(), s); // ordered by day: the last one wins
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
        return out;
    }

    /**
     * A merchant's road from {@code from} to {@code to} (inclusive, either may be null): each day with a
     * decision or a change of state, oldest first.
     */
    public List<HistoryEntry> history(String merchantId, LocalDate from, LocalDate to) {
        LocalDate lo = from == null ? LocalDate.of(1, 1, 1) : from;
        LocalDate hi = to == null ? LocalDate.of(9999, 12, 31) : to;
        try {
            List<StoredState> states = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "select s.* from merchant_state s join runs r on r.run_id = s.run_id and r.status = 'COMMITTED' "
                            + "where s.merchant_id = ? and s.sweep_day <= ? order by s.sweep_day")) {
                ps.setString(1, merchantId);
                ps.setObject(2, hi);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        states.add(state(rs));
                    }
                }
            }
            Map<LocalDate, List<DecisionView>> decisions = new TreeMap<>();
            Map<LocalDate, String> policies = new HashMap<>();
            try (PreparedStatement ps = connection.prepareStatement(
                    "select sweep_day, decision_type, clause, rule_name, reason, interpretation, policy_id, policy_version "
                            + "from audit_log where merchant_id = ? and sweep_day >= ? and sweep_day <= ? order by sweep_day, seq")) {
                ps.setString(1, merchantId);
                ps.setObject(2, lo);
                ps.setObject(3, hi);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        LocalDate day = rs.getObject(1, LocalDate.class);
                        decisions.computeIfAbsent(day, k -> new ArrayList<>()).add(new DecisionView(
                                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                        policies.put(day, rs.getString(7) + "@" + rs.getString(8));
                    }
                }
            }
            TreeMap<LocalDate, Boolean> days = new TreeMap<>();
            decisions.keySet().forEach(d -> days.put(d, true));
            for (StoredState s : states) {
                if (!s.day().isBefore(lo)) {
                    days.put(s.day(), true);
                }
            }
            List<HistoryEntry> out = new ArrayList<>();
            for (LocalDate day : days.keySet()) {
                StoredState after = null;
                boolean changed = false;
                for (StoredState s : states) {
                    if (s.day().isAfter(day)) {
                        break;
                    }
                    after = s;
                    changed = s.day().equals(day);
                }
                boolean firstSeen = !states.isEmpty() && states.get(0).day().equals(day);
                out.add(new HistoryEntry(day, policies.get(day), decisions.getOrDefault(day, List.of()), after,
                        firstSeen, changed));
            }
            return out;
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
    }

    /** Whether the store has ever seen the merchant. */
    public boolean knows(String merchantId) {
        try (PreparedStatement ps = connection.prepareStatement(
                "select 1 from merchant_state s join runs r on r.run_id = s.run_id and r.status = 'COMMITTED' "
                        + "where s.merchant_id = ? fetch first 1 rows only")) {
            ps.setString(1, merchantId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
    }

    /**
     * Every row a reader can see (rows of committed and replaced runs, not of a RUNNING one) as text, in key
     * order, leaving out what differs between two runs of the same work (start and finish times) and showing
     * each run id as its rank among those runs (a run interrupted by a crash keeps its id, so ids can have
     * gaps): two stores with equal dumps hold the same days.
     */
    public String dump() {
        StringBuilder out = new StringBuilder();
        String visible = "status in ('" + RunRecord.COMMITTED + "', '" + RunRecord.REPLACED + "')";
        try (Statement st = connection.createStatement()) {
            Map<String, String> rank = new HashMap<>();
            try (ResultSet rs = st.executeQuery("select run_id from runs where " + visible + " order by run_id")) {
                while (rs.next()) {
                    rank.put(rs.getString(1), Integer.toString(rank.size() + 1));
                }
            }
            dumpQuery(st, out, "runs", "select run_id, sweep_day, status, snapshot_sha256, snapshot_names, rules_sha256, "
                    + "policy_id, policy_version, policy_sha256, merchants, rejected, replaced_by from runs "
                    + "where " + visible + " order by run_id", rank);
            String seen = " where run_id in (select run_id from runs where " + visible + ")";
            dumpQuery(st, out, "run_counts", "select * from run_counts" + seen + " order by run_id, decision_type", rank);
            dumpQuery(st, out, "merchant_state", "select * from merchant_state" + seen + " order by merchant_id, sweep_day, run_id", rank);
            dumpQuery(st, out, "decisions", "select * from decisions" + seen + " order by merchant_id, sweep_day, run_id, seq", rank);
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
        return out.toString();
    }

    private static void dumpQuery(Statement st, StringBuilder out, String table, String sql, Map<String, String> rank)
            throws SQLException {
        out.append("## ").append(table).append('\n');
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            boolean[] runIds = new boolean[n + 1];
            for (int i = 1; i <= n; i++) {
                String column = rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT);
                runIds[i] = column.equals("run_id") || column.equals("replaced_by");
            }
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    if (i > 1) {
                        out.append('|');
                    }
                    Object value = rs.getObject(i);
                    String text = rs.getString(i);
                    if (runIds[i] && text != null) {
                        out.append('#').append(rank.getOrDefault(text, "?" + text));
                    } else {
                        // booleans as Java spells them: H2 says TRUE, PostgreSQL t, and the dumps must compare equal
                        out.append(value instanceof Boolean b ? b.toString() : text);
                    }
                }
                out.append('\n');
            }
        }
    }

    // ---------------------------------------------------------------- rows

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private List<RunRecord> runs(String sql, Binder binder, int limit) {
        List<RunRecord> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && out.size() < limit) {
                    out.add(new RunRecord(rs.getLong("run_id"), rs.getObject("sweep_day", LocalDate.class),
                            rs.getString("status"), rs.getString("snapshot_sha256"), rs.getString("snapshot_names"),
                            rs.getString("rules_sha256"), rs.getString("policy_id"), rs.getString("policy_version"),
                            rs.getString("policy_sha256"), rs.getLong("merchants"), rs.getLong("rejected"),
                            instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")),
                            Map.of()));
                }
            }
            List<RunRecord> withCounts = new ArrayList<>(out.size());
            for (RunRecord r : out) {
                withCounts.add(new RunRecord(r.runId(), r.day(), r.status(), r.snapshotSha256(), r.snapshotNames(),
                        r.rulesSha256(), r.policyId(), r.policyVersion(), r.policySha256(), r.merchants(),
                        r.rejected(), r.startedAt(), r.finishedAt(), counts(r.runId())));
            }
            return withCounts;
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
    }

    private Map<String, Long> counts(long runId) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "select decision_type, decisions from run_counts where run_id = ? order by decision_type")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return counts;
    }

    private static java.time.Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static StoredState state(ResultSet rs) throws SQLException {
        AllianceState alliance = new AllianceState(rs.getBoolean("member"), rs.getObject("admitted_on", LocalDate.class),
                rs.getInt("closures"), rs.getObject("closed_on", LocalDate.class));
        Integer level = (Integer) rs.getObject("grade_level", Integer.class);
        GradeState grade = StoredState.normalise(new GradeState(level, rs.getObject("grade_changed_on", LocalDate.class),
                rs.getObject("lv0_since", LocalDate.class)));
        Integer violations = (Integer) rs.getObject("ladder_violations", Integer.class);
        org.alliancerules.model.LadderState ladder = violations == null ? null
                : new org.alliancerules.model.LadderState(violations, rs.getObject("ladder_counted_through", LocalDate.class),
                        rs.getObject("ladder_traffic_limited_until", LocalDate.class),
                        rs.getObject("ladder_closed_until", LocalDate.class), rs.getBoolean("ladder_removed"));
        return new StoredState(rs.getString("merchant_id"), rs.getObject("sweep_day", LocalDate.class), rs.getLong("run_id"),
                alliance, grade, ladder);
    }

    static void setDate(PreparedStatement ps, int index, LocalDate date) throws SQLException {
        if (date == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setObject(index, date);
        }
    }

    static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
