package org.alliancerules.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.alliancerules.model.ControllerPenalties;
import org.alliancerules.engine.PartPipeline;
import org.alliancerules.engine.RulesEngine;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Json;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;
import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DecisionView;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.MerchantResult;
import org.alliancerules.model.ShopPenalty;
import org.alliancerules.policy.Policy;
import org.alliancerules.store.DayTransaction;
import org.alliancerules.store.RunRecord;
import org.alliancerules.store.Store;
import org.alliancerules.store.StoredState;

/**
 * The daily sweep: a day's snapshot in, the day's decisions and the merchants' new state into the store,
 * in one transaction.
 *
 * <ol>
 * <li>Order: a day before the last swept day is refused; a gap after it is refused unless allowed.</li>
 * <li>Check (pass 1): every row is read and validated as a merchant of a request dated {@code day}; a
 * merchant id on two rows is a bad row (both rows). Any bad row refuses the day, unless a reject file
 * is given. The snapshot's SHA-256 and the severe penalties of controlled shops (ADM-5) are gathered.</li>
 * <li>Same day again: with the same snapshot, rules and policy nothing changes; otherwise it is refused
 * unless {@code replace}.</li>
 * <li>Sweep (pass 2): rows are read again in parts; each merchant the store knows takes its alliance and
 * grade state from the store (the store is the source of truth for state), a new one from its row;
 * the parts are evaluated on the engine's threads and written in file order.</li>
 * <li>Commit: the run, its counts, every decision and every new or changed state become visible at once.</li>
 * </ol>
 *
 * The evaluation of a part is a pure function of its rows, their stored states, the rules, the policy
 * and the severe penalties of the part's controllers; the sweep keeps no state between calls.
 */
public final class Sweep {

    /** Merchants written between two flushes of the day's rows (each flush one small transaction). */
    static final int FLUSH_EVERY = 10_000;

    /** Problems shown when a day is refused for bad rows; the rest are counted. */
    static final int MAX_PROBLEMS_SHOWN = 100;

    private final RulesEngine engine;
    private final Store store;
    private final SweepProgress progress;
    private final RequestReader reader = RequestReader.shared();
    private final int threads;

    public Sweep(RulesEngine engine, Store store, SweepProgress progress, int threads) {
        this.engine = engine;
        this.store = store;
        this.progress = progress == null ? SweepProgress.NONE : progress;
        this.threads = Math.max(1, threads);
    }

    /**
     * Sweeps one day.
     *
     * @throws InvalidInputException   when a row is bad and no reject file is given (nothing written)
     * @throws SweepRefusedException   when the day may not be swept as asked (nothing written)
     * @throws org.alliancerules.store.StoreUnavailableException when the store fails (nothing of the day written)
     */
    public SweepReport run(SweepOptions options, List<Snapshot> snapshots) throws IOException {
        Instant started = Instant.now();
        LocalDate day = options.day();
        Policy policy = engine.policyFor(new EvaluationRequest(day, options.profile(), List.of()));
        String rulesSha = engine.ruleSetFor(policy).checksum(); // the profile's own rule set (issue 14)
        String policySha = policyChecksum(policy);

        checkOrder(store.lastCommittedRun().orElse(null), day, options);

        Checked checked = check(day, snapshots, options.rejectFile() != null);

        RunRecord wanted = new RunRecord(0, day, RunRecord.RUNNING, checked.sha256, names(snapshots), rulesSha,
                policy.id(), policy.version(), policySha, 0, 0, started, null, Map.of());
        RunRecord previous = store.committedRun(day).orElse(null);
        if (previous != null && sameWork(previous, wanted)) {
            return new SweepReport(day, previous.runId(), true, 0, previous.merchants(), previous.rejected(), 0, 0,
                    previous.counts(), Duration.between(started, Instant.now()), policy.label());
        }
        checkReplace(previous, wanted, options);

        try (DayTransaction tx = DayTransaction.begin(store, day, wanted)) {
            // the store may have moved on while the snapshot was checked: decide again under the lock
            RunRecord last = store.lastCommittedRun().orElse(null);
            previous = store.committedRun(day).orElse(null);
            checkOrder(last, day, options);
            if (previous != null && sameWork(previous, wanted)) {
                return new SweepReport(day, previous.runId(), true, 0, previous.merchants(), previous.rejected(), 0,
                        0, previous.counts(), Duration.between(started, Instant.now()), policy.label());
            }
            checkReplace(previous, wanted, options);
            if (previous != null) {
                tx.replace(previous);
            }
            Written written = sweep(day, options, snapshots, checked, tx);
            if (checked.failed) {
                throw refusal(checked); // closing the day deletes its rows: nothing of it was ever visible
            }
            tx.commit(written.merchants, checked.rejectedRows, written.counts, Instant.now());
            if (options.rejectFile() != null) {
                writeRejects(options.rejectFile(), checked.rejects);
            }
            return new SweepReport(day, tx.runId(), false, previous == null ? 0 : previous.runId(), written.merchants,
                    checked.rejectedRows, written.newMerchants, written.stateChanges, written.counts,
                    Duration.between(started, Instant.now()), policy.label(), tx.interrupted());
        }
    }

    // ---------------------------------------------------------------- order and idempotence

    private static void checkOrder(RunRecord last, LocalDate day, SweepOptions options) {
        if (last == null) {
            return;
        }
        if (day.isBefore(last.day())) {
            throw new SweepRefusedException("day " + day + " is before the last swept day " + last.day()
                    + ": days are swept in order, and only the last day can be swept again (with --replace)");
        }
        if (day.isAfter(last.day().plusDays(1)) && !options.allowGap()) {
            LocalDate firstMissing = last.day().plusDays(1);
            LocalDate lastMissing = day.minusDays(1);
            throw new SweepRefusedException("day " + day + " leaves a gap after the last swept day " + last.day()
                    + " (" + (firstMissing.equals(lastMissing) ? firstMissing + " is" : firstMissing + " to " + lastMissing
                    + " are") + " not swept): sweep the missing days first, or pass --allow-gap");
        }
    }

    private static boolean sameWork(RunRecord done, RunRecord wanted) {
        return done.snapshotSha256().equals(wanted.snapshotSha256())
                && done.rulesSha256().equals(wanted.rulesSha256())
                && done.policySha256().equals(wanted.policySha256());
    }

    /** Refuses different work for a swept day unless --replace; says what differs. */
    private static void checkReplace(RunRecord previous, RunRecord wanted, SweepOptions options) {
        if (previous == null || options.replace() || sameWork(previous, wanted)) {
            return;
        }
        List<String> differs = new ArrayList<>();
        if (!previous.snapshotSha256().equals(wanted.snapshotSha256())) {
            differs.add("a different snapshot");
        }
        if (!previous.rulesSha256().equals(wanted.rulesSha256())) {
            differs.add("different rules");
        }
        if (!previous.policySha256().equals(wanted.policySha256())) {
            differs.add("a different policy");
        }
        throw new SweepRefusedException("day " + wanted.day() + " was already swept (run " + previous.runId()
                + ") and this sweep has " + String.join(" and ", differs)
                + ": pass --replace to roll the day back and sweep it again");
    }

    // ---------------------------------------------------------------- pass 1: check

    /** What pass 1 found. */
    private static final class Checked {
        String sha256;
        long rows;
        long rejectedRows;
        /** Rows to leave out of pass 2: "snapshotIndex:line". */
        final Set<String> rejectedLines = new HashSet<>();
        /** Ids on more than one row: every such row is bad. */
        final Set<String> duplicateIds = new HashSet<>();
        final List<Reject> rejects = new ArrayList<>();
        final ControllerPenalties severe = new ControllerPenalties();
        /** Problems to show (at most MAX_PROBLEMS_SHOWN) and how many there are in all. */
        final List<Problem> problems = new ArrayList<>();
        long problemCount;
        /** Bad rows go to a reject file; otherwise one bad row refuses the day. */
        boolean rejecting;
        /** A bad row was found and there is no reject file: the day is refused (set by the writer thread). */
        volatile boolean failed;
    }

    /** A bad row for the reject file. */
    record Reject(String source, long line, String problems, String row) {
    }

    private Checked check(LocalDate day, List<Snapshot> snapshots, boolean rejecting) throws IOException {
        Checked c = new Checked();
        c.rejecting = rejecting;
        List<Problem> problems = c.problems;
        LongHashSet ids = new LongHashSet();
        Set<Long> suspectHashes = new HashSet<>();
        var overall = Digests.sha256();
        progress.phase("checking", 0);
        for (int s = 0; s < snapshots.size(); s++) {
            Snapshot snapshot = snapshots.get(s);
            try (Snapshot.Rows rows = snapshot.scan()) {
                for (SnapshotRow row = rows.next(); row != null; row = rows.next()) {
                    c.rows++;
                    if (row.unreadable() != null) {
                        c.problemCount++;
                        if (problems.size() < MAX_PROBLEMS_SHOWN) {
                            problems.add(row.unreadable());
                        }
                        c.rejectedLines.add(s + ":" + row.line());
                        c.rejects.add(new Reject(row.source(), row.line(), join(List.of(row.unreadable())), row.raw().get()));
                    } else {
                        JsonNode id = row.merchant().get("id");
                        if (id != null && id.isTextual()) {
                            long hash = hash(id.asText());
                            if (!ids.add(hash)) {
                                suspectHashes.add(hash);
                            }
                        }
                        // a valid controlled shop with a severe penalty bars its siblings in every part (ADM-5);
                        // every other row is validated in pass 2, on the evaluation threads
                        if (mayBarSiblings(row.merchant())
                                && reader.validateMerchant(row.merchant(), day, row.source(), row.line()).isEmpty()) {
                            c.severe.add(reader.bindMerchant(row.merchant()));
                        }
                    }
                    if ((c.rows & 0x3FF) == 0) {
                        progress.advanced(c.rows);
                    }
                }
                overall.update(rows.digest());
            }
        }
        progress.phaseDone();
        if (!suspectHashes.isEmpty()) {
            c.problemCount += duplicates(snapshots, suspectHashes, c, problems);
            c.duplicateIds.forEach(c.severe::remove); // a rejected row bars no sibling (PR-15)
        }
        c.sha256 = Digests.hex(overall.digest());
        c.rejectedRows = c.rejects.size();
        c.failed = c.problemCount > 0 && !rejecting;
        return c;
    }

    /** The refusal of a day with bad rows (no reject file): every problem, in file order, at most a hundred. */
    private static InvalidInputException refusal(Checked c) {
        return refusal(c, "the day was not swept: nothing was written "
                + "(fix the rows, or pass --reject-file FILE to sweep the good rows)");
    }

    /** The refusal of snapshots with bad rows, ending with {@code verdict}. */
    private static InvalidInputException refusal(Checked c, String verdict) {
        List<Problem> shown = new ArrayList<>(c.problems);
        shown.sort(java.util.Comparator.comparing(Problem::source).thenComparingInt(Problem::line));
        if (c.problemCount > shown.size()) {
            shown.add(new Problem("", "", 0, 0, "... and " + (c.problemCount - shown.size())
                    + " more problems"));
        }
        shown.add(new Problem("", "", 0, 0, verdict));
        return new InvalidInputException(shown);
    }

    /** Finds the rows of ids whose hash was seen twice; every row of a real duplicate is bad. */
    private long duplicates(List<Snapshot> snapshots, Set<Long> suspectHashes, Checked c, List<Problem> problems)
            throws IOException {
        Map<String, List<String>> where = new TreeMap<>();
        Map<String, SnapshotRow> rowsByKey = new HashMap<>();
        for (int s = 0; s < snapshots.size(); s++) {
            try (Snapshot.Rows rows = snapshots.get(s).scan()) {
                for (SnapshotRow row = rows.next(); row != null; row = rows.next()) {
                    if (row.merchant() == null || c.rejectedLines.contains(s + ":" + row.line())) {
                        continue;
                    }
                    JsonNode idNode = row.merchant().get("id");
                    if (idNode == null || !idNode.isTextual()) {
                        continue;
                    }
                    String id = idNode.asText();
                    if (suspectHashes.contains(hash(id))) {
                        String key = s + ":" + row.line();
                        where.computeIfAbsent(id, k -> new ArrayList<>()).add(key);
                        rowsByKey.put(key, row);
                    }
                }
            }
        }
        long found = 0;
        for (Map.Entry<String, List<String>> e : where.entrySet()) {
            if (e.getValue().size() < 2) {
                continue; // two ids with the same hash, each on one row
            }
            c.duplicateIds.add(e.getKey());
            List<String> places = new ArrayList<>();
            for (String key : e.getValue()) {
                SnapshotRow row = rowsByKey.get(key);
                places.add(row.source() + ":" + row.line());
            }
            for (String key : e.getValue()) {
                SnapshotRow row = rowsByKey.get(key);
                String message = "duplicate merchant id \"" + e.getKey() + "\": the snapshot has it on "
                        + places.size() + " rows (" + String.join(", ", places) + "); none of them is swept";
                Problem p = new Problem(row.source(), "/id", (int) row.line(), 0, message);
                if (problems.size() < MAX_PROBLEMS_SHOWN) {
                    problems.add(p);
                }
                found++;
                c.rejectedLines.add(key);
                c.rejects.add(new Reject(row.source(), row.line(), message, row.raw().get()));
            }
        }
        return found;
    }

    /** Whether a row is a controlled shop with a severe penalty (ADM-5 must see it from every part). */
    private static boolean mayBarSiblings(JsonNode merchant) {
        JsonNode controller = merchant.get("controllerId");
        JsonNode penalties = merchant.get("penalties");
        if (controller == null || controller.isNull() || penalties == null || !penalties.isArray()) {
            return false;
        }
        for (JsonNode p : penalties) {
            if (p.path("severe").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    private static String join(List<Problem> problems) {
        StringBuilder out = new StringBuilder();
        for (Problem p : problems) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(p.pointer().isEmpty() ? "" : p.pointer() + ": ").append(p.message());
        }
        return out.toString();
    }

    /** A 64-bit hash of an id (FNV-1a over its UTF-16 units, then mixed). */
    static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= (h >>> 33);
        h *= 0xff51afd7ed558ccdL;
        h ^= (h >>> 33);
        return h;
    }

    // ---------------------------------------------------------------- pass 2: sweep

    private static final class Written {
        long merchants;
        /** Rows found bad in pass 2 (with a reject file). */
        long rejected;
        /** Merchants written when the rows were last flushed. */
        long flushedAt;
        long newMerchants;
        long stateChanges;
        final Map<String, Long> counts = new TreeMap<>();
    }

    /** A part evaluated: its stored states and its outcome. */
    private record Part(Map<String, StoredState> states, Outcome outcome) {
    }

    /** A part evaluated: the results of its good rows, and its bad rows with their problems. */
    private record Outcome(List<MerchantResult> results, List<Problem> problems, List<Reject> rejects) {
    }

    /**
     * Pass 2 as a pipeline ({@link PartPipeline}): this thread reads the rows and each part's stored states (on the
     * store's read connection); the pipeline's threads validate and evaluate parts; its consumer thread writes them,
     * in file order, on the day's transaction. At most a few parts are in flight, so memory stays flat.
     */
    private Written sweep(LocalDate day, SweepOptions options, List<Snapshot> snapshots, Checked checked,
                          DayTransaction tx) throws IOException {
        Written w = new Written();
        long total = checked.rows - checked.rejectedRows;
        progress.phase("sweeping", total);
        try (PartPipeline<Part> pipeline = new PartPipeline<>("sweep-evaluate", threads, 2 * threads + 2,
                part -> write(part, tx, w, checked))) {
            List<SnapshotRow> part = new ArrayList<>(options.partSize());
            for (int s = 0; s < snapshots.size(); s++) {
                try (Snapshot.Rows rows = snapshots.get(s).open()) {
                    for (SnapshotRow row = rows.next(); row != null; row = rows.next()) {
                        // rows found bad in pass 1 are left out; a row that a scan could read but this full
                        // reading cannot (broken JSON in a column the scan skips) goes on to be rejected
                        if (!checked.rejectedLines.isEmpty() && checked.rejectedLines.contains(s + ":" + row.line())) {
                            continue;
                        }
                        part.add(row);
                        if (part.size() >= options.partSize()) {
                            submit(pipeline, day, options, part, checked);
                            part = new ArrayList<>(options.partSize());
                        }
                    }
                }
            }
            if (!part.isEmpty()) {
                submit(pipeline, day, options, part, checked);
            }
            pipeline.finish();
        } finally {
            progress.phaseDone();
        }
        return w;
    }

    private void submit(PartPipeline<Part> pipeline, LocalDate day, SweepOptions options, List<SnapshotRow> rows,
                        Checked checked) {
        Map<String, StoredState> states = store.statesBefore(ids(rows), day);
        boolean evaluate = !checked.failed; // after a bad row (no reject file) parts are only checked
        pipeline.submit(() -> {
            Bound bound = bind(rows, day, states);
            List<MerchantInput> merchants = bound.merchants();
            if (!evaluate || (!bound.problems().isEmpty() && options.rejectFile() == null) || merchants.isEmpty()) {
                return new Part(states, new Outcome(List.of(), bound.problems(), bound.rejects()));
            }
            List<MerchantResult> results = engine.evaluatePart(day, options.profile(), merchants,
                    checked.severe.outside(merchants));
            return new Part(states, new Outcome(results, bound.problems(), bound.rejects()));
        });
    }

    /** The ids of a part's rows (rows without a textual id are left out). */
    private static List<String> ids(List<SnapshotRow> rows) {
        List<String> ids = new ArrayList<>(rows.size());
        for (SnapshotRow row : rows) {
            JsonNode id = row.merchant() == null ? null : row.merchant().get("id");
            if (id != null && id.isTextual()) {
                ids.add(id.asText());
            }
        }
        return ids;
    }

    /** A part's rows validated and bound: the merchants of its good rows, and its bad rows with their problems. */
    private record Bound(List<MerchantInput> merchants, List<Problem> problems, List<Reject> rejects) {
    }

    /**
     * Validates a part's rows as merchants of a request dated {@code day} and binds the good ones; a merchant
     * the store knows takes its stored state ({@code states}) instead of its row's.
     */
    private Bound bind(List<SnapshotRow> rows, LocalDate day, Map<String, StoredState> states) {
        List<Problem> problems = new ArrayList<>();
        List<Reject> rejects = new ArrayList<>();
        List<MerchantInput> merchants = new ArrayList<>(rows.size());
        for (SnapshotRow row : rows) {
            List<Problem> found = row.merchant() == null ? List.of(row.unreadable())
                    : reader.validateMerchant(row.merchant(), day, row.source(), row.line());
            if (!found.isEmpty()) {
                problems.addAll(found);
                rejects.add(new Reject(row.source(), row.line(), join(found), row.raw().get()));
                continue;
            }
            MerchantInput m = reader.bindMerchant(row.merchant());
            StoredState s = states.get(m.id());
            merchants.add(s == null ? m : withState(m, s));
        }
        return new Bound(merchants, problems, rejects);
    }

    // ---------------------------------------------------------------- reading without sweeping (diff)

    /** Receives the merchants of snapshots read as a sweep binds them ({@link #read}). */
    public interface Parts {
        /**
         * Pass 1 is over and every row is good: {@code sha256} is the snapshots' digest as a sweep records it
         * in the runs table. May throw to refuse before any part is handed on.
         */
        default void checked(String sha256, long rows) {
        }

        /**
         * One part, in file order: its merchants bound as the sweep binds them, and the severe penalties of
         * shops outside the part that share a controller with one in it (ADM-5).
         */
        void part(List<MerchantInput> merchants, List<ShopPenalty> outside);
    }

    /**
     * Reads snapshots exactly as a sweep of {@code day} binds them, without evaluating or writing anything
     * (the {@code diff} command): pass 1 checks every row as the sweep does (a bad or duplicated row refuses
     * with every problem located, before any part is handed on); pass 2 reads the rows again in parts of
     * {@code partSize}, each merchant the store knows taking its latest stored state before {@code day}
     * (with no store, its row's state). Memory: the ids' hashes and the severe penalties of controlled
     * shops, and one part at a time.
     *
     * @param store null: the rows' own state
     * @throws InvalidInputException listing the bad rows (at most a hundred shown)
     */
    public static void read(Store store, LocalDate day, List<Snapshot> snapshots, int partSize, SweepProgress progress,
                            Parts parts) throws IOException {
        Sweep reading = new Sweep(null, store, progress, 1);
        Checked checked = reading.check(day, snapshots, false);
        if (checked.failed) {
            throw refusal(checked, READ_REFUSED);
        }
        parts.checked(checked.sha256, checked.rows);
        reading.progress.phase("reading", checked.rows);
        long done = 0;
        try {
            List<SnapshotRow> part = new ArrayList<>(partSize);
            for (Snapshot snapshot : snapshots) {
                try (Snapshot.Rows rows = snapshot.open()) {
                    for (SnapshotRow row = rows.next(); row != null; row = rows.next()) {
                        part.add(row);
                        if (part.size() >= partSize) {
                            reading.handOn(part, day, checked, parts);
                            done += part.size();
                            reading.progress.advanced(done);
                            part = new ArrayList<>(partSize);
                        }
                    }
                }
            }
            if (!part.isEmpty()) {
                reading.handOn(part, day, checked, parts);
            }
        } finally {
            reading.progress.phaseDone();
        }
        if (checked.problemCount > 0) {
            throw refusal(checked, READ_REFUSED);
        }
    }

    /**
     * The SHA-256 a sweep records for these snapshot files (the runs table's {@code snapshot_sha256}): the
     * digest of the files' digests, in order, each over the file's bytes. Reads the bytes only (no parsing).
     */
    public static String snapshotSha256(List<Path> files) throws IOException {
        var overall = Digests.sha256();
        byte[] buffer = new byte[1 << 16];
        for (Path file : files) {
            try (java.security.DigestInputStream in = Digests.sha256(Files.newInputStream(file))) {
                while (in.read(buffer) >= 0) {
                    // the digest sees every byte
                }
                overall.update(in.getMessageDigest().digest());
            }
        }
        return Digests.hex(overall.digest());
    }

    private static final String READ_REFUSED = "the snapshot has bad rows: nothing was compared (fix the rows)";

    /** Binds one part and hands it on; once a row was bad, parts are only checked. */
    private void handOn(List<SnapshotRow> rows, LocalDate day, Checked checked, Parts parts) {
        Map<String, StoredState> states = store == null ? Map.of() : store.statesBefore(ids(rows), day);
        Bound bound = bind(rows, day, states);
        for (Problem p : bound.problems()) {
            checked.problemCount++;
            if (checked.problems.size() < MAX_PROBLEMS_SHOWN) {
                checked.problems.add(p);
            }
        }
        if (checked.problemCount == 0 && !bound.merchants().isEmpty()) {
            parts.part(bound.merchants(), checked.severe.outside(bound.merchants()));
        }
    }

    /**
     * The merchant with the store's state instead of the snapshot's: alliance, grade and (the seed-003
     * profile's, V3-VIO-1) the violation ladder, when the store has one; everything else as the snapshot says.
     */
    static MerchantInput withState(MerchantInput m, StoredState s) {
        return new MerchantInput(m.id(), m.controllerId(), m.shopType(), m.category(), m.onboardedOn(), m.shopOpen(),
                m.accountNormal(), m.businessNormal(), m.experienceScore(), m.brandQualified(), m.penalties(),
                s.alliance(), s.grade(), m.metrics30d(), m.daily(), m.lastWeekGmv(), m.shopOpenedOn(), m.genuineOrders(),
                m.licences(), m.rectified(), m.violations(), s.ladder() != null ? s.ladder() : m.ladder(), m.operating(),
                m.products(), m.orders(), m.disputes());
    }

    private void write(Part part, DayTransaction tx, Written w, Checked checked) {
        Outcome outcome = part.outcome();
        if (!outcome.problems().isEmpty()) {
            checked.problemCount += outcome.problems().size();
            for (Problem p : outcome.problems()) {
                if (checked.problems.size() < MAX_PROBLEMS_SHOWN) {
                    checked.problems.add(p);
                }
            }
            checked.rejects.addAll(outcome.rejects());
            checked.rejectedRows += outcome.rejects().size();
            w.rejected += outcome.rejects().size();
            if (!checked.rejecting) {
                checked.failed = true; // the day will be refused: nothing more is evaluated or written
            }
        }
        if (checked.failed) {
            return;
        }
        for (MerchantResult r : outcome.results()) {
            StoredState before = part.states().get(r.merchantId());
            if (before == null) {
                w.newMerchants++;
            }
            AllianceState a = r.next().alliance();
            if (before == null || !before.alliance().equals(a)
                    || !java.util.Objects.equals(before.grade(), StoredState.normalise(r.next().grade()))
                    || !java.util.Objects.equals(before.ladder(), r.next().ladder())) {
                w.stateChanges++;
            }
            tx.write(r.merchantId(), r.decisions(), before, r.next());
            for (DecisionView d : r.decisions()) {
                w.counts.merge(d.type(), 1L, Long::sum);
            }
            w.merchants++;
        }
        if (w.merchants - w.flushedAt >= FLUSH_EVERY) {
            tx.flush(); // the rows go to the database in the day's one transaction, invisible until the commit
            w.flushedAt = w.merchants;
        }
        progress.advanced(w.merchants + w.rejected);
    }

    // ---------------------------------------------------------------- bits

    private static String names(List<Snapshot> snapshots) {
        List<String> names = new ArrayList<>();
        snapshots.forEach(s -> names.add(s.name()));
        return String.join(", ", names);
    }

    /** SHA-256 of the policy's values (not of its file's formatting). */
    static String policyChecksum(Policy policy) {
        try {
            ObjectMapper canonical = Json.jsonMapper();
            return Digests.hex(Digests.sha256().digest(canonical.writeValueAsBytes(policy)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeRejects(Path file, List<Reject> rejects) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        CsvMapper csv = new CsvMapper();
        CsvSchema schema = CsvSchema.builder().addColumn("source").addColumn("line").addColumn("problems")
                .addColumn("row").build().withHeader();
        try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
             SequenceWriter seq = csv.writerFor(Object[].class).with(schema).writeValues(out)) {
            for (Reject r : rejects) {
                seq.write(new Object[]{r.source(), r.line(), r.problems(), r.row()});
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
