package org.alliancerules.store;

import java.nio.file.Files;
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
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteException;

/**
 * The sweep's store: merchant state per day, the decisions of every run (the audit log) and the runs, in an
 * embedded SQLite file by default ({@code ./alliance-data/alliance.db}) or in PostgreSQL. Opening a store
 * creates and migrates it with Flyway ({@code db/migration}, the same SQL on both). One store is one
 * connection for writing and reading plus one for reading beside a day being written: not for use by several
 * threads at once.
 *
 * <p><b>SQLite settings</b> (every connection): WAL journal, {@code synchronous=FULL} (a commit is on disk when
 * it returns, power loss included; the sweep commits once a day, so the fsync costs nothing measurable),
 * foreign keys enforced, a busy timeout of {@value #BUSY_TIMEOUT_MS} ms for the write lock. Representation:
 * dates are ISO-8601 TEXT ({@code 2026-11-22}: they sort and compare as dates), times (a run's start and end)
 * are INTEGER milliseconds since the epoch, UTC (sqlite-jdbc's own), booleans INTEGER 0/1.
 *
 * <p>H2 is no longer a store: an H2 file can be left unopenable by a crash (issue 19). An H2 URL is refused with
 * the way to copy its days into a store ({@code alliance-rules store import}).
 */
public final class Store implements AutoCloseable {

    /** Where the default embedded store lives, relative to the working directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("alliance-data");
    /** The file of an embedded store in its directory. */
    public static final String FILE_NAME = "alliance.db";
    /** How long a writer waits for SQLite's write lock (another sweep, a prune, a restore) before giving up. */
    static final int BUSY_TIMEOUT_MS = 10_000;

    /** The databases a store may live in. */
    public enum Kind { SQLITE, POSTGRESQL, OTHER }

    static {
        NativeLibrary.keepOutOfTmp();
    }

    private final Connection connection;
    /** A second connection for reading committed state while the day's transaction writes (opened on first use). */
    private Connection reads;
    private final String url;
    private final String user;
    private final String password;
    private final Kind kind;
    /** Deleted with the store when it closes (a temporary store's folder), or null. */
    private final Path temporaryFolder;

    private Store(Connection connection, String url, String user, String password, Path temporaryFolder) {
        this.connection = connection;
        this.url = url;
        this.user = user;
        this.password = password;
        this.kind = kindOf(url);
        this.temporaryFolder = temporaryFolder;
    }

    /** The JDBC URL of an embedded SQLite store in {@code directory} ({@value #FILE_NAME} in it). */
    public static String sqliteUrl(Path directory) {
        return "jdbc:sqlite:" + directory.toAbsolutePath().normalize().resolve(FILE_NAME);
    }

    /** The JDBC URL of an SQLite file. */
    public static String sqliteUrlOf(Path file) {
        return "jdbc:sqlite:" + file.toAbsolutePath().normalize();
    }

    /** The JDBC URL of the default store, {@code ./alliance-data/alliance.db}. */
    public static String defaultUrl() {
        return sqliteUrl(DEFAULT_DIRECTORY);
    }

    /** The kind of database a JDBC URL names. */
    public static Kind kindOf(String url) {
        String u = url == null ? "" : url.toLowerCase(Locale.ROOT);
        if (u.startsWith("jdbc:sqlite:")) {
            return Kind.SQLITE;
        }
        if (u.startsWith("jdbc:postgresql:")) {
            return Kind.POSTGRESQL;
        }
        return Kind.OTHER;
    }

    /** The file of an SQLite URL ({@code jdbc:sqlite:PATH[?params]}), or null for another kind or an in-memory one. */
    public static Path sqliteFile(String url) {
        if (kindOf(url) != Kind.SQLITE) {
            return null;
        }
        String rest = url.substring("jdbc:sqlite:".length());
        int q = rest.indexOf('?');
        if (q >= 0) {
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.isEmpty() || rest.equals(":memory:") || rest.startsWith(":resource:")) {
            return null;
        }
        return Path.of(rest);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Opens (creating and migrating on first use) the store at a JDBC URL.
     *
     * @throws StoreUnavailableException when the database cannot be reached, refuses the credentials, is
     *                                   locked by another process, is not a store, or cannot be migrated
     */
    public static Store open(String url, String user, String password) {
        return open(url, user, password, true, SQLiteConfig.SynchronousMode.FULL, null);
    }

    /** Opens a store that must already exist: an embedded file is not created by a reader. */
    public static Store openExisting(String url, String user, String password) {
        return open(url, user, password, false, SQLiteConfig.SynchronousMode.FULL, null);
    }

    /**
     * A store in a new temporary folder, deleted when the store closes (a simulation's: nothing durable is at
     * stake, so commits are not synced).
     */
    public static Store temporary() {
        Path folder;
        try {
            folder = Files.createTempDirectory("alliance-store-");
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("cannot create a temporary store: " + e.getMessage(), e);
        }
        return open(sqliteUrl(folder), "", "", true, SQLiteConfig.SynchronousMode.OFF, folder);
    }

    private static Store open(String url, String user, String password, boolean create,
                              SQLiteConfig.SynchronousMode sync, Path temporaryFolder) {
        if (url != null && url.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length())) {
            throw h2Refused(url);
        }
        String who = user == null ? "" : user;
        String secret = password == null ? "" : password;
        Kind kind = kindOf(url);
        SQLiteConfig sqlite = kind == Kind.SQLITE ? sqliteConfig(sync) : null;
        if (kind == Kind.SQLITE) {
            Path file = sqliteFile(url);
            if (file != null) {
                if (!create && !Files.exists(file)) {
                    throw new StoreUnavailableException("cannot use the store at " + redact(url)
                            + ": there is no store there yet (sweep a day first, or pass --db with the store's URL)", null);
                }
                if (Files.isDirectory(file)) {
                    throw new StoreUnavailableException("cannot use the store at " + redact(url) + ": " + file
                            + " is a folder, not a store's file (the default store is alliance-data/" + FILE_NAME + ")", null);
                }
                try {
                    Path parent = file.toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                } catch (java.io.IOException e) {
                    throw new StoreUnavailableException("cannot use the store at " + redact(url)
                            + ": cannot create its folder (" + e.getMessage() + ")", e);
                }
            }
        }
        try {
            var flyway = Flyway.configure().locations("classpath:db/migration").loggers("slf4j");
            if (kind == Kind.SQLITE) {
                SQLiteDataSource ds = new SQLiteDataSource(sqlite);
                ds.setUrl(url);
                flyway.dataSource(ds);
            } else {
                flyway.dataSource(url, who, secret);
            }
            flyway.load().migrate();
        } catch (FlywayException e) {
            throw unavailable(url, e);
        }
        try {
            Connection c = connect(url, who, secret, sqlite);
            c.setAutoCommit(true); // reads never hold a snapshot open; a day's writes are one transaction
            return new Store(c, url, who, secret, temporaryFolder);
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
    }

    static SQLiteConfig sqliteConfig(SQLiteConfig.SynchronousMode sync) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(sync);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        return config;
    }

    private static Connection connect(String url, String user, String password, SQLiteConfig sqlite) throws SQLException {
        if (sqlite != null) {
            return DriverManager.getConnection(url, sqlite.toProperties());
        }
        return DriverManager.getConnection(url, user, password);
    }

    /** The one sentence for an H2 URL: no longer a store, and how to bring its days over. */
    static StoreUnavailableException h2Refused(String url) {
        String shown = redact(url).replaceAll("(?i);(IFEXISTS|ACCESS_MODE_DATA)=[^;]*", "");
        return new StoreUnavailableException("cannot use the store at " + shown + ": H2 is no longer a store "
                + "alliance-rules writes (a crash can leave an H2 file unopenable); copy its days into the default "
                + "store with: alliance-rules store import " + shown, null);
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
        String message = String.valueOf(sql != null && sql.getMessage() != null ? sql.getMessage() : e.getMessage());
        int code = sql == null ? 0 : sql.getErrorCode();
        if (sql instanceof SQLiteException || message.startsWith("[SQLITE_")) {
            why = sqliteReason(code & 0xff, message);
        } else if (e instanceof FlywayException && String.valueOf(e.getMessage()).contains("non-empty schema")) {
            why = "the database holds tables but is not an alliance-rules store (it has no schema history): "
                    + "give --db a store, or an empty database";
        } else if (e instanceof FlywayException && String.valueOf(e.getMessage()).contains("not resolved locally")) {
            why = "the store was migrated by a newer alliance-rules than this one (its schema has migrations this "
                    + "version does not know)";
        } else if (state.startsWith("28") || code == 28000) {
            why = "the database refused the user name or password";
        } else if (state.startsWith("08")) {
            why = "the database cannot be reached";
        } else if (message.startsWith("No suitable driver")) {
            why = "no JDBC driver knows this URL (use jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)";
        } else {
            why = firstLine(message);
        }
        return new StoreUnavailableException("cannot use the store at " + shown + ": " + why, e);
    }

    private static String sqliteReason(int primary, String message) {
        return switch (primary) {
            case 5, 6 -> "the database file is locked by another process (is another sweep running?)";
            case 11 -> "the database file is corrupt (SQLite: " + detail(message) + "); restore it from a backup "
                    + "(alliance-rules store restore)";
            case 26 -> "the file is not an SQLite database (is --db naming the right file?)";
            case 14 -> "the database file cannot be opened (" + detail(message) + ")";
            case 8 -> "the database file is read-only here";
            case 13 -> "the disk is full";
            case 10 -> "the disk failed to read or write (" + detail(message) + ")";
            default -> firstLine(message);
        };
    }

    /** SQLite's own words: what follows the code in "[SQLITE_X] words (detail)". */
    private static String detail(String message) {
        int open = message.lastIndexOf('(');
        int close = message.lastIndexOf(')');
        return open >= 0 && close > open ? message.substring(open + 1, close) : firstLine(message);
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

    /** A new connection to the store's database, with the store's settings. */
    Connection newConnection() throws SQLException {
        return connect(url, user, password, kind == Kind.SQLITE ? sqliteConfig(SQLiteConfig.SynchronousMode.FULL) : null);
    }

    private Connection reads() throws SQLException {
        if (reads == null) {
            reads = newConnection();
            reads.setAutoCommit(true);
            if (kind != Kind.SQLITE) {
                reads.setReadOnly(true); // sqlite-jdbc takes read-only only when it connects; the reads only read
            }
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

    /** The store's connection: auto-commit for reads, one transaction between {@link #beginWrite} and {@link #endWrite}. */
    Connection connection() {
        return connection;
    }

    /**
     * Starts a writing transaction and takes the store's write lock as its first statement, an update of the one
     * row of {@code sweep_lock}: SQLite's single write lock (another writer waits {@value #BUSY_TIMEOUT_MS} ms, then
     * gives up), on PostgreSQL the row's lock. Held until {@link #endWrite} (the day, a prune, an import).
     */
    void beginWrite() throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.executeUpdate("update sweep_lock set id = 1 where id = 1");
        }
    }

    /** Rolls back what was not committed, releasing the write lock, and returns the connection to reading. */
    void endWrite() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is gone: the database rolls the transaction back itself
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is gone
        }
    }


    @Override
    public void close() {
        try {
            if (reads != null) {
                reads.close();
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            connection.close();
        } catch (SQLException e) {
            // closing: nothing is left to save
        }
        if (temporaryFolder != null) {
            deleteFolder(temporaryFolder);
        }
    }

    private static void deleteFolder(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            // a temporary folder left behind is only disk space
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
                        + "where s.merchant_id = ? limit 1")) {
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
        try {
            return dump(connection);
        } catch (SQLException e) {
            throw unavailable(url, e);
        }
    }

    /** {@link #dump()} of any connection to a store (an old H2 store's included). */
    static String dump(Connection connection) throws SQLException {
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
        }
        return out.toString();
    }

    /** The store's boolean columns (SQLite keeps them as 0/1 and reports their declared type only for tables). */
    private static final java.util.Set<String> BOOLEAN_COLUMNS = java.util.Set.of("member", "ladder_removed");

    private static void dumpQuery(Statement st, StringBuilder out, String table, String sql, Map<String, String> rank)
            throws SQLException {
        out.append("## ").append(table).append('\n');
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            boolean[] runIds = new boolean[n + 1];
            boolean[] booleans = new boolean[n + 1];
            for (int i = 1; i <= n; i++) {
                String column = rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT);
                runIds[i] = column.equals("run_id") || column.equals("replaced_by");
                booleans[i] = BOOLEAN_COLUMNS.contains(column);
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
                        // booleans as Java spells them: SQLite keeps 1, PostgreSQL says t, and the dumps must compare equal
                        out.append(booleans[i] && text != null ? Boolean.toString(rs.getBoolean(i))
                                : value instanceof Boolean b ? b.toString() : text);
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
        Integer level = nullableInt(rs, "grade_level");
        GradeState grade = StoredState.normalise(new GradeState(level, rs.getObject("grade_changed_on", LocalDate.class),
                rs.getObject("lv0_since", LocalDate.class)));
        Integer violations = nullableInt(rs, "ladder_violations");
        org.alliancerules.model.LadderState ladder = violations == null ? null
                : new org.alliancerules.model.LadderState(violations, rs.getObject("ladder_counted_through", LocalDate.class),
                        rs.getObject("ladder_traffic_limited_until", LocalDate.class),
                        rs.getObject("ladder_closed_until", LocalDate.class), rs.getBoolean("ladder_removed"));
        return new StoredState(rs.getString("merchant_id"), rs.getObject("sweep_day", LocalDate.class), rs.getLong("run_id"),
                alliance, grade, ladder);
    }

    /** An integer column that may be null (sqlite-jdbc refuses getObject(column, Integer.class) of a null). */
    private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
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
