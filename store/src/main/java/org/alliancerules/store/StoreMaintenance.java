package org.alliancerules.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.sqlite.SQLiteConfig;

/**
 * Operations' tools on a store (issue 19): {@link #check} (the database's own integrity check and the store's
 * consistency), {@link #prune} (the rows of runs dead sweeps of an earlier version left), {@link #backup} and
 * {@link #restore} (an SQLite store, online), and {@link #importFrom} (every visible day of another store, an old
 * H2 file included, into an empty one).
 */
public final class StoreMaintenance {

    private StoreMaintenance() {
    }

    // ---------------------------------------------------------------- check

    /** A run that a dead sweep left RUNNING and the rows it holds (read by no one). */
    public record DeadRun(RunRecord run, long decisions, long states, long counts) {
    }

    /**
     * What {@link #check} found.
     *
     * @param database        the database and its version
     * @param schemaVersion   the last migration applied (Flyway), or "none"
     * @param integrity       the database's own check: "ok", or its complaints; empty when the database has none
     * @param inconsistencies what does not hold between the store's tables (each a sentence), empty when it is whole
     * @param dead            runs left RUNNING by dead sweeps (reported, not an error: {@code store prune} removes them)
     */
    public record Check(String url, String database, String schemaVersion, List<String> integrity,
                        List<String> inconsistencies, long committed, long replaced, LocalDate firstDay,
                        LocalDate lastDay, List<DeadRun> dead) {

        /** Whether the store is whole: the database's check passed and the tables agree. */
        public boolean ok() {
            return (integrity.isEmpty() || integrity.equals(List.of("ok"))) && inconsistencies.isEmpty();
        }
    }

    /** Checks a store: the database's integrity check (SQLite), then the store's own consistency. */
    public static Check check(Store store) {
        Connection c = store.connection();
        try {
            String database = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            List<String> integrity = new ArrayList<>();
            if (store.kind() == Store.Kind.SQLITE) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("pragma integrity_check")) {
                    while (rs.next()) {
                        // a row may hold several lines, under a "*** in database main ***" heading
                        for (String line : rs.getString(1).split("\\R")) {
                            if (!line.isBlank() && !line.startsWith("*** ")) {
                                integrity.add(line.strip());
                            }
                        }
                    }
                }
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("pragma foreign_key_check")) {
                    while (rs.next()) {
                        integrity.add("foreign key: a row of " + rs.getString(1) + " (rowid " + rs.getString(2)
                                + ") names a missing row of " + rs.getString(3));
                    }
                }
                if (integrity.size() > 1 && integrity.get(0).equals("ok")) {
                    integrity.remove(0);
                }
            }
            List<String> problems = new ArrayList<>();
            Map<Long, String> status = new HashMap<>();
            Map<Long, Long> counted = new HashMap<>();
            long committed = 0;
            long replaced = 0;
            LocalDate first = null;
            LocalDate last = null;
            Map<LocalDate, Integer> committedPerDay = new HashMap<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select run_id, sweep_day, status, replaced_by from runs order by run_id")) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    LocalDate day = rs.getObject(2, LocalDate.class);
                    String s = rs.getString(3);
                    status.put(id, s);
                    switch (s) {
                        case RunRecord.COMMITTED -> {
                            committed++;
                            committedPerDay.merge(day, 1, Integer::sum);
                            first = first == null || day.isBefore(first) ? day : first;
                            last = last == null || day.isAfter(last) ? day : last;
                        }
                        case RunRecord.REPLACED -> {
                            replaced++;
                            long by = rs.getLong(4);
                            if (rs.wasNull()) {
                                problems.add("run " + id + " (" + day + ") is REPLACED but names no run that replaced it");
                            }
                        }
                        case RunRecord.RUNNING -> {
                        }
                        default -> problems.add("run " + id + " (" + day + ") has an unknown status '" + s + "'");
                    }
                }
            }
            committedPerDay.forEach((day, n) -> {
                if (n > 1) {
                    problems.add(day + " has " + n + " committed runs (one at most)");
                }
            });
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select run_id, sum(decisions) from run_counts group by run_id")) {
                while (rs.next()) {
                    counted.put(rs.getLong(1), rs.getLong(2));
                }
            }
            Map<Long, Long> decisions = perRun(c, "decisions");
            Map<Long, Long> states = perRun(c, "merchant_state");
            for (Map.Entry<Long, String> run : status.entrySet()) {
                long id = run.getKey();
                if (run.getValue().equals(RunRecord.RUNNING)) {
                    continue;
                }
                long expected = counted.getOrDefault(id, 0L);
                long actual = decisions.getOrDefault(id, 0L);
                if (expected != actual) {
                    problems.add("run " + id + " counts " + expected + " decisions but the audit log holds " + actual);
                }
            }
            for (Map.Entry<String, Map<Long, Long>> table : Map.of("decisions", decisions, "merchant_state", states,
                    "run_counts", counted).entrySet()) {
                for (Map.Entry<Long, Long> e : table.getValue().entrySet()) {
                    if (!status.containsKey(e.getKey())) {
                        problems.add(table.getKey() + " holds " + e.getValue() + " rows of run " + e.getKey()
                                + ", which the runs table does not know");
                    }
                }
            }
            List<DeadRun> dead = new ArrayList<>();
            for (RunRecord r : store.interruptedRuns()) {
                dead.add(new DeadRun(r, decisions.getOrDefault(r.runId(), 0L), states.getOrDefault(r.runId(), 0L),
                        rowsOf(c, "run_counts", r.runId())));
            }
            problems.sort(null);
            return new Check(store.url(), database, schemaVersion(c), integrity, problems, committed, replaced, first,
                    last, dead);
        } catch (SQLException e) {
            throw store.failure(e);
        }
    }

    private static Map<Long, Long> perRun(Connection c, String table) throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select run_id, count(*) from " + table + " group by run_id")) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static long rowsOf(Connection c, String table, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from " + table + " where run_id = ?")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The last migration Flyway applied, or "none". */
    static String schemaVersion(Connection c) throws SQLException {
        String best = "none";
        int bestRank = -1;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select installed_rank, version, success from flyway_schema_history")) {
            while (rs.next()) {
                if (rs.getBoolean(3) && rs.getString(2) != null && rs.getInt(1) > bestRank) {
                    bestRank = rs.getInt(1);
                    best = rs.getString(2);
                }
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- prune

    /**
     * Removes the rows of every run a dead sweep left RUNNING, and the runs, under the store's write lock (so never
     * beside a sweep); returns what was removed.
     */
    public static List<DeadRun> prune(Store store) {
        Connection c = store.connection();
        List<DeadRun> removed = new ArrayList<>();
        try {
            store.beginWrite();
            for (RunRecord r : store.interruptedRuns()) {
                long[] n = new long[3];
                int i = 0;
                for (String table : List.of("decisions", "merchant_state", "run_counts")) {
                    try (PreparedStatement ps = c.prepareStatement("delete from " + table + " where run_id = ?")) {
                        ps.setLong(1, r.runId());
                        n[i++] = ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("delete from runs where run_id = ? and status = ?")) {
                    ps.setLong(1, r.runId());
                    ps.setString(2, RunRecord.RUNNING);
                    ps.executeUpdate();
                }
                removed.add(new DeadRun(r, n[0], n[1], n[2]));
            }
            c.commit();
            return removed;
        } catch (SQLException e) {
            throw store.failure(e);
        } finally {
            store.endWrite();
        }
    }

    // ---------------------------------------------------------------- backup and restore (SQLite)

    /**
     * Writes a consistent copy of an SQLite store to {@code file} while the store stays in use ({@code VACUUM
     * INTO}: one read transaction, so a sweep may run beside it and the copy holds the days committed when it
     * began), then checks the copy.
     *
     * @throws StoreUnavailableException when the store is not SQLite, or the copy cannot be written
     */
    public static Check backup(Store store, Path file) {
        if (store.kind() != Store.Kind.SQLITE) {
            throw new StoreUnavailableException("store backup copies an embedded SQLite store; the store at "
                    + store.url() + " is not one (for PostgreSQL use pg_dump and pg_restore)", null);
        }
        Path target = file.toAbsolutePath().normalize();
        try {
            Path parent = target.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot write the backup " + file + ": " + e.getMessage(), e);
        }
        try (Statement st = store.connection().createStatement()) {
            st.executeUpdate("vacuum into '" + target.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw store.failure(e);
        }
        try (Store copy = Store.openExisting(Store.sqliteUrlOf(target), "", "")) {
            return check(copy);
        }
    }

    /** What {@link #restore} did. */
    public record Restored(Check check, Path setAside) {
    }

    /**
     * Replaces the SQLite store at {@code targetUrl} with the backup {@code file}, which must be a whole store (it
     * is checked first and never changed). A whole target is overwritten in place with SQLite's backup API, under
     * its write lock (never beside a sweep); a target that does not open or fails its check (corrupt, not a
     * database) is first moved aside, next to it, and kept.
     *
     * @param whole the target as {@link #wholeStore} found it
     * @throws StoreUnavailableException when the backup is not a whole store, or the target cannot be written
     */
    public static Restored restore(Path file, String targetUrl, Optional<Check> whole) {
        Path target = Store.sqliteFile(targetUrl);
        if (target == null) {
            throw new StoreUnavailableException("store restore writes an embedded SQLite store; " + Store.redact(targetUrl)
                    + " is not one (for PostgreSQL use pg_restore)", null);
        }
        if (!Files.isRegularFile(file)) {
            throw new StoreUnavailableException("cannot restore from " + file + ": there is no such file", null);
        }
        verifyBackup(file);
        Path setAside = Files.exists(target) && whole.isEmpty() ? setAside(target) : null;
        SQLiteConfig config = Store.sqliteConfig(SQLiteConfig.SynchronousMode.FULL);
        try (Connection c = DriverManager.getConnection(Store.sqliteUrlOf(target), config.toProperties());
             Statement st = c.createStatement()) {
            st.executeUpdate("restore from '" + file.toAbsolutePath().toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw Store.unavailable(targetUrl, e);
        }
        try (Store restored = Store.openExisting(targetUrl, "", "")) {
            return new Restored(check(restored), setAside);
        }
    }

    /**
     * The SQLite store at {@code url} as a restore finds it: its check when it opens and is whole; empty when there
     * is no file, or the file does not open or fails its check (the restore moves it aside).
     *
     * @throws StoreUnavailableException when another process is writing the store
     */
    public static Optional<Check> wholeStore(String url) {
        Path file = Store.sqliteFile(url);
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        try (Store existing = Store.openExisting(url, "", "")) {
            Check check = check(existing);
            return check.ok() ? Optional.of(check) : Optional.empty();
        } catch (StoreUnavailableException e) {
            if (e.getMessage().contains("locked by another process")) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** Refuses a backup that is not a whole store, without changing it (opened read-only, not migrated). */
    private static void verifyBackup(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        String url = Store.sqliteUrlOf(file.toAbsolutePath());
        try (Connection c = DriverManager.getConnection(url, config.toProperties()); Statement st = c.createStatement()) {
            List<String> integrity = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("pragma integrity_check")) {
                while (rs.next()) {
                    integrity.add(rs.getString(1));
                }
            }
            if (!integrity.equals(List.of("ok"))) {
                throw new StoreUnavailableException("cannot restore from " + file + ": the backup fails SQLite's integrity "
                        + "check (" + integrity.get(0) + (integrity.size() > 1 ? ", and " + (integrity.size() - 1)
                        + " more" : "") + ")", null);
            }
            Set<String> tables = new HashSet<>();
            try (ResultSet rs = st.executeQuery("select name from sqlite_master where type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
            if (!tables.containsAll(List.of("runs", "decisions", "merchant_state", "flyway_schema_history"))) {
                throw new StoreUnavailableException("cannot restore from " + file + ": it is an SQLite database but not "
                        + "an alliance-rules store (no runs, decisions or schema history)", null);
            }
        } catch (SQLException e) {
            throw Store.unavailable(url, e);
        }
    }

    private static Path setAside(Path target) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path aside = target.resolveSibling(target.getFileName() + ".unusable-" + stamp);
        try {
            Files.move(target, aside, StandardCopyOption.ATOMIC_MOVE);
            for (String suffix : List.of("-wal", "-shm")) {
                Path f = target.resolveSibling(target.getFileName() + suffix);
                if (Files.exists(f)) {
                    Files.move(f, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot move the unusable store " + target + " aside: " + e.getMessage(), e);
        }
        return aside;
    }

    // ---------------------------------------------------------------- import

    /** What {@link #importFrom} copied: rows per table, and the runs. */
    public record Imported(String source, Map<String, Long> rows, long runs, LocalDate firstDay, LocalDate lastDay) {
    }

    /** The store's tables and their columns' kinds, in the order rows are copied. */
    private static final Map<String, String[][]> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("runs", new String[][] {{"run_id", "L"}, {"sweep_day", "D"}, {"status", "S"}, {"snapshot_sha256", "S"},
            {"snapshot_names", "S"}, {"rules_sha256", "S"}, {"policy_id", "S"}, {"policy_version", "S"},
            {"policy_sha256", "S"}, {"merchants", "L"}, {"rejected", "L"}, {"started_at", "T"}, {"finished_at", "T"},
            {"replaced_by", "L"}});
        TABLES.put("run_counts", new String[][] {{"run_id", "L"}, {"decision_type", "S"}, {"decisions", "L"}});
        TABLES.put("merchant_state", new String[][] {{"merchant_id", "S"}, {"sweep_day", "D"}, {"run_id", "L"},
            {"member", "B"}, {"admitted_on", "D"}, {"closures", "L"}, {"closed_on", "D"}, {"grade_level", "L"},
            {"grade_changed_on", "D"}, {"lv0_since", "D"}, {"ladder_violations", "L"}, {"ladder_counted_through", "D"},
            {"ladder_traffic_limited_until", "D"}, {"ladder_closed_until", "D"}, {"ladder_removed", "B"}});
        TABLES.put("decisions", new String[][] {{"merchant_id", "S"}, {"sweep_day", "D"}, {"run_id", "L"}, {"seq", "L"},
            {"decision_type", "S"}, {"clause", "S"}, {"rule_name", "S"}, {"reason", "S"}, {"interpretation", "S"}});
    }

    /** Rows per batch of an import. */
    private static final int IMPORT_BATCH = 5_000;

    /**
     * Copies every day a reader of the store at {@code sourceUrl} sees (committed and replaced runs, with their run
     * ids, counts, states and decisions; not the rows of dead runs) into {@code target}, which must hold no run yet,
     * in one transaction. The source is only read: an H2 file of an earlier version is opened read-only, another
     * store as it is. Afterwards both stores' {@link Store#dump() dumps} are compared.
     *
     * @throws StoreUnavailableException when a store cannot be used, the target is not empty, or the copy differs
     */
    public static Imported importFrom(String sourceUrl, String user, String password, Store target) {
        if (!target.allRuns().isEmpty() || !target.interruptedRuns().isEmpty()) {
            throw new StoreUnavailableException("cannot import into the store at " + target.url() + ": it already holds "
                    + "runs; import into a new store (another --db, or move alliance-data/ aside)", null);
        }
        String shown = Store.redact(sourceUrl);
        boolean h2 = sourceUrl.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length());
        Store sourceStore = null;
        Connection source = null;
        try {
            if (h2) {
                source = openH2(sourceUrl, user, password);
            } else {
                sourceStore = Store.openExisting(sourceUrl, user, password);
                source = sourceStore.connection();
            }
            Connection c = target.connection();
            Map<String, Long> rows = new LinkedHashMap<>();
            target.beginWrite();
            String visible = "run_id in (select run_id from runs where status in ('" + RunRecord.COMMITTED + "', '"
                    + RunRecord.REPLACED + "'))";
            for (Map.Entry<String, String[][]> table : TABLES.entrySet()) {
                rows.put(table.getKey(), copy(source, c, table.getKey(), table.getValue(), visible));
            }
            c.commit();
            target.endWrite();
            String sourceDump = Store.dump(source);
            String targetDump = target.dump();
            if (!sourceDump.equals(targetDump)) {
                throw new StoreUnavailableException("the import from " + shown + " into " + target.url()
                        + " does not read back as its source did (compare alliance-rules store check on both)", null);
            }
            List<RunRecord> runs = target.allRuns();
            LocalDate first = runs.stream().map(RunRecord::day).min(LocalDate::compareTo).orElse(null);
            LocalDate last = runs.stream().map(RunRecord::day).max(LocalDate::compareTo).orElse(null);
            return new Imported(shown, rows, runs.size(), first, last);
        } catch (SQLException e) {
            throw Store.unavailable(source == null ? sourceUrl : target.url(), e);
        } finally {
            target.endWrite();
            if (sourceStore != null) {
                sourceStore.close();
            } else if (source != null) {
                try {
                    source.close();
                } catch (SQLException ignored) {
                    // read only
                }
            }
        }
    }

    /**
     * Refuses a source that cannot be read, before anything is created: an H2 URL without its file, another store
     * that does not open.
     */
    public static void checkSource(String sourceUrl, String user, String password) {
        if (sourceUrl.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length())) {
            try {
                openH2(sourceUrl, user, password).close();
            } catch (SQLException ignored) {
                // closing a read-only connection
            }
        } else {
            Store.openExisting(sourceUrl, user, password).close();
        }
    }

    /** An H2 store of an earlier version, opened read-only and only if its file exists. */
    private static Connection openH2(String url, String user, String password) {
        String u = url;
        if (u.regionMatches(true, 0, "jdbc:h2:file:", 0, "jdbc:h2:file:".length())) {
            String path = u.substring("jdbc:h2:file:".length()).split(";", 2)[0];
            if (!Files.exists(Path.of(path + ".mv.db"))) {
                throw new StoreUnavailableException("cannot import from " + Store.redact(url) + ": there is no H2 store "
                        + "there (no " + path + ".mv.db)", null);
            }
        }
        if (!u.toUpperCase(Locale.ROOT).contains("ACCESS_MODE_DATA")) {
            u = u + ";ACCESS_MODE_DATA=r";
        }
        if (!u.toUpperCase(Locale.ROOT).contains("IFEXISTS")) {
            u = u + ";IFEXISTS=TRUE";
        }
        try {
            return DriverManager.getConnection(u, user == null ? "" : user, password == null ? "" : password);
        } catch (SQLException e) {
            throw Store.unavailable(url, e);
        }
    }

    private static long copy(Connection from, Connection to, String table, String[][] columns, String visible)
            throws SQLException {
        Set<String> present = new HashSet<>();
        try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery("select * from " + table + " where 1 = 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                present.add(rs.getMetaData().getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
        }
        StringBuilder select = new StringBuilder("select ");
        StringBuilder insert = new StringBuilder("insert into ").append(table).append(" (");
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < columns.length; i++) {
            String name = columns[i][0];
            select.append(i > 0 ? ", " : "").append(present.contains(name) ? name : "null as " + name);
            insert.append(i > 0 ? ", " : "").append(name);
            marks.append(i > 0 ? ", ?" : "?");
        }
        select.append(" from ").append(table).append(" where ").append(table.equals("runs")
                ? "status in ('" + RunRecord.COMMITTED + "', '" + RunRecord.REPLACED + "')" : visible);
        insert.append(") values (").append(marks).append(')');
        long n = 0;
        try (Statement st = from.createStatement(); ResultSet rs = st.executeQuery(select.toString());
             PreparedStatement ps = to.prepareStatement(insert.toString())) {
            int pending = 0;
            while (rs.next()) {
                for (int i = 0; i < columns.length; i++) {
                    int at = i + 1;
                    switch (columns[i][1]) {
                        case "D" -> {
                            LocalDate d = rs.getObject(at, LocalDate.class);
                            if (d == null) {
                                ps.setNull(at, Types.DATE);
                            } else {
                                ps.setObject(at, d);
                            }
                        }
                        case "T" -> {
                            Timestamp t = rs.getTimestamp(at);
                            if (t == null) {
                                ps.setNull(at, Types.TIMESTAMP);
                            } else {
                                ps.setTimestamp(at, t);
                            }
                        }
                        case "B" -> {
                            boolean b = rs.getBoolean(at);
                            if (rs.wasNull()) {
                                ps.setNull(at, Types.BOOLEAN);
                            } else {
                                ps.setBoolean(at, b);
                            }
                        }
                        case "L" -> {
                            long l = rs.getLong(at);
                            if (rs.wasNull()) {
                                ps.setNull(at, Types.BIGINT);
                            } else {
                                ps.setLong(at, l);
                            }
                        }
                        default -> ps.setString(at, rs.getString(at));
                    }
                }
                ps.addBatch();
                n++;
                if (++pending >= IMPORT_BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
        return n;
    }
}
