package org.alliancerules.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Json;
import org.alliancerules.io.Problem;
import org.alliancerules.store.Store;
import org.alliancerules.store.StoreMaintenance;
import org.alliancerules.store.StoreMaintenance.Check;
import org.alliancerules.store.StoreMaintenance.DeadRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** store: operations' tools on the sweep's store (check, backup, restore, prune, import). */
@Command(name = "store", mixinStandardHelpOptions = true,
        description = "Operations on the sweep's store: check it, back it up and restore it, prune what dead sweeps "
                + "of an earlier version left, import an old H2 store or another store.",
        subcommands = {StoreCommand.CheckStore.class, StoreCommand.Backup.class, StoreCommand.Restore.class,
                StoreCommand.Prune.class, StoreCommand.Import.class})
public class StoreCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "name a store command: check, backup, restore, prune or import");
    }

    enum Format { text, json }

    /** store check: the database's integrity check and the store's consistency. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Opens the store, runs the database's integrity check (SQLite: PRAGMA integrity_check and "
                    + "foreign_key_check) and checks the store's tables agree (each run's decisions match its counts, "
                    + "no row without its run, one committed run a day). Runs left by dead sweeps are reported, not "
                    + "an error. Exit 0 when the store opens and is whole, 4 otherwise.")
    static class CheckStore implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
        Format format;

        @Override
        public Integer call() throws JsonProcessingException {
            Check check;
            try (Store s = store.openExisting()) {
                check = StoreMaintenance.check(s);
            }
            PrintStream out = Main.results();
            if (format == Format.json) {
                out.println(Json.jsonMapper().writeValueAsString(json(check)));
            } else {
                print(out, check);
            }
            if (!check.ok()) {
                System.err.println("alliance-rules: the store at " + check.url() + " is not whole: "
                        + (check.integrity().isEmpty() || check.integrity().equals(List.of("ok"))
                        ? check.inconsistencies().get(0) : "the integrity check failed (" + check.integrity().get(0) + ")")
                        + "; restore it from a backup (alliance-rules store restore)");
                return ExitCodes.STORE_UNAVAILABLE;
            }
            return ExitCodes.OK;
        }
    }

    static void print(PrintStream out, Check c) {
        out.printf(Locale.ROOT, "store %s%n", c.url());
        out.printf(Locale.ROOT, "  database     %s, schema version %s%n", c.database(), c.schemaVersion());
        if (c.integrity().isEmpty()) {
            out.printf(Locale.ROOT, "  integrity    not checked: the database has no check of its own (PostgreSQL: pg_amcheck)%n");
        } else if (c.integrity().equals(List.of("ok"))) {
            out.printf(Locale.ROOT, "  integrity    ok%n");
        } else {
            out.printf(Locale.ROOT, "  integrity    FAILED, %d problem(s):%n", c.integrity().size());
            c.integrity().stream().limit(20).forEach(p -> out.printf(Locale.ROOT, "    %s%n", p));
        }
        if (c.inconsistencies().isEmpty()) {
            out.printf(Locale.ROOT, "  consistency  ok (each run's decisions match its counts; no row without its run)%n");
        } else {
            out.printf(Locale.ROOT, "  consistency  FAILED, %d problem(s):%n", c.inconsistencies().size());
            c.inconsistencies().stream().limit(20).forEach(p -> out.printf(Locale.ROOT, "    %s%n", p));
        }
        out.printf(Locale.ROOT, "  runs         %d committed%s, %d replaced%n", c.committed(),
                c.firstDay() == null ? "" : " (" + c.firstDay() + " .. " + c.lastDay() + ")", c.replaced());
        if (c.dead().isEmpty()) {
            out.printf(Locale.ROOT, "  dead runs    none%n");
        }
        for (DeadRun d : c.dead()) {
            out.printf(Locale.ROOT, "  dead run     %d (%s, started %s): %,d decisions, %,d state rows no reader sees; "
                    + "alliance-rules store prune removes them%n", d.run().runId(), d.run().day(), d.run().startedAt(),
                    d.decisions(), d.states());
        }
        out.printf(Locale.ROOT, "store check: %s%n", c.ok() ? "ok" : "NOT WHOLE");
    }

    static Map<String, Object> json(Check c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("store", c.url());
        out.put("ok", c.ok());
        out.put("database", c.database());
        out.put("schemaVersion", c.schemaVersion());
        out.put("integrity", c.integrity().isEmpty() ? null : c.integrity());
        out.put("inconsistencies", c.inconsistencies());
        out.put("committedRuns", c.committed());
        out.put("replacedRuns", c.replaced());
        out.put("firstDay", c.firstDay());
        out.put("lastDay", c.lastDay());
        List<Map<String, Object>> dead = new ArrayList<>();
        for (DeadRun d : c.dead()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("runId", d.run().runId());
            r.put("day", d.run().day());
            r.put("startedAt", d.run().startedAt());
            r.put("decisions", d.decisions());
            r.put("stateRows", d.states());
            dead.add(r);
        }
        out.put("deadRuns", dead);
        return out;
    }

    /** store backup FILE: an online, consistent copy of an SQLite store. */
    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "Writes a consistent copy of the (SQLite) store to FILE while it stays in use (VACUUM INTO), "
                    + "then checks the copy. Never overwrites FILE. PostgreSQL: use pg_dump.")
    static class Backup implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The backup file to write (must not exist).")
        Path file;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            if (Files.exists(file)) {
                throw new InvalidInputException(List.of(new Problem(file.toString(), "", 0, 0,
                        "the file exists; a backup never overwrites one (name a new file)")));
            }
            Check check;
            try (Store s = store.openExisting()) {
                check = StoreMaintenance.backup(s, file);
            }
            Main.results().printf(Locale.ROOT, "store backup: %s (%,d bytes): %s%n", file, size(file), summary(check));
            return check.ok() ? ExitCodes.OK : ExitCodes.STORE_UNAVAILABLE;
        }
    }

    /** store restore FILE: replaces the store with a backup. */
    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Replaces the (SQLite) store with the backup FILE, which is checked first and never changed. "
                    + "A whole store is overwritten in place under its write lock (never beside a sweep), and only with "
                    + "--force when it holds days; one that does not open or fails its check is moved aside and kept.")
    static class Restore implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The backup file (from store backup).")
        Path file;

        @Mixin
        StoreOptions store;

        @Option(names = "--force", description = "Overwrite a store that opens and holds days.")
        boolean force;

        @Override
        public Integer call() {
            String url = store.url();
            Optional<Check> whole = StoreMaintenance.wholeStore(url); // checked once: for --force and by the restore
            long runs = whole.map(c -> c.committed() + c.replaced()).orElse(0L);
            if (!force && runs > 0) {
                throw new InvalidInputException(List.of(new Problem(Store.redact(url), "", 0, 0,
                        "the store holds " + runs + " runs; restoring replaces all of them with the backup's "
                                + "(pass --force to do so)")));
            }
            StoreMaintenance.Restored r = StoreMaintenance.restore(file, url, whole);
            PrintStream out = Main.results();
            if (r.setAside() != null) {
                out.printf(Locale.ROOT, "the store did not open; it was moved aside to %s%n", r.setAside());
            }
            out.printf(Locale.ROOT, "store restore: %s from %s: %s%n", Store.redact(url), file, summary(r.check()));
            return r.check().ok() ? ExitCodes.OK : ExitCodes.STORE_UNAVAILABLE;
        }
    }

    /** store prune: removes the rows of runs dead sweeps left. */
    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Removes the rows of runs that dead sweeps of an earlier version left RUNNING (no reader "
                    + "sees them), under the store's write lock, so never beside a sweep. Readers see no change.")
    static class Prune implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            List<DeadRun> removed;
            try (Store s = store.openExisting()) {
                removed = StoreMaintenance.prune(s);
            }
            PrintStream out = Main.results();
            for (DeadRun d : removed) {
                out.printf(Locale.ROOT, "  removed run %d (%s, started %s): %,d decisions, %,d state rows%n",
                        d.run().runId(), d.run().day(), d.run().startedAt(), d.decisions(), d.states());
            }
            out.printf(Locale.ROOT, "store prune: %s%n", removed.isEmpty() ? "no run of a dead sweep; nothing to remove"
                    : removed.size() + " run(s) of dead sweeps removed");
            return ExitCodes.OK;
        }
    }

    /** store import SOURCE: another store's days into an empty store. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Copies every day a reader of the store at SOURCE sees (runs, counts, states, the audit log) "
                    + "into the store (--db, default ./alliance-data/alliance.db), which must hold no run yet. SOURCE is "
                    + "only read: an H2 store of an earlier version (jdbc:h2:file:PATH, opened read-only) or another "
                    + "store (jdbc:sqlite:FILE, jdbc:postgresql://...). Both stores are compared afterwards.")
    static class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "SOURCE", description = "JDBC URL of the store to copy from.")
        String source;

        @Option(names = "--source-user", paramLabel = "USER", description = "The source database's user; its "
                + "password comes from $ALLIANCE_SOURCE_DB_PASSWORD.")
        String sourceUser;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            StoreMaintenance.Imported r;
            String password = System.getenv("ALLIANCE_SOURCE_DB_PASSWORD");
            StoreMaintenance.checkSource(source, sourceUser, password); // nothing is created for a source that fails
            try (Store target = store.open()) {
                r = StoreMaintenance.importFrom(source, sourceUser, password, target);
            }
            Main.results().printf(Locale.ROOT, "store import: %d runs%s from %s into %s (%s); both read back the same%n",
                    r.runs(), r.firstDay() == null ? "" : " (" + r.firstDay() + " .. " + r.lastDay() + ")", r.source(),
                    Store.redact(store.url()), rows(r.rows()));
            return ExitCodes.OK;
        }

        private static String rows(Map<String, Long> rows) {
            List<String> parts = new ArrayList<>();
            rows.forEach((table, n) -> parts.add(String.format(Locale.ROOT, "%s %,d", table, n)));
            return String.join(", ", parts);
        }
    }

    /** "5 committed runs (2026-11-20 .. 2026-11-24), integrity ok": a store's days and whether it is whole. */
    static String summary(Check c) {
        return c.committed() + " committed runs" + (c.firstDay() == null ? "" : " (" + c.firstDay() + " .. "
                + c.lastDay() + ")") + ", integrity " + (c.ok() ? "ok" : "FAILED");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
