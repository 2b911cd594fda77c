package org.alliancerules.diff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;
import org.alliancerules.io.StreamingRequest;
import org.alliancerules.model.ControllerPenalties;
import org.alliancerules.model.EvaluationRequest;
import org.alliancerules.model.MerchantInput;
import org.alliancerules.model.ShopPenalty;
import org.alliancerules.store.RunRecord;
import org.alliancerules.store.Store;
import org.alliancerules.sweep.Snapshot;
import org.alliancerules.sweep.Sweep;
import org.alliancerules.sweep.SweepProgress;

/**
 * The merchants a diff evaluates, read in parts in input order, never held whole (except a request small
 * enough to read at once, as {@code evaluate} reads it). Every merchant is validated before any reaches the
 * rules: a request file as {@code evaluate} checks it, a snapshot as {@code sweep} checks it.
 */
public abstract class Population {

    /** JSON request files at least this big are streamed (as {@code evaluate} does). */
    public static final long STREAM_FROM_BYTES = 64L << 20;

    /** What the population is, for the report's header: a file name, or "day D of the store". */
    public abstract String source();

    /** "request", "snapshot" or "store-day". */
    public abstract String kind();

    /** The day the merchants are evaluated as of. */
    public abstract LocalDate asOf();

    /** The policy profile the population names (a request's {@code policy}, a swept run's profile, or "default"). */
    public abstract String profile();

    /** Receives the population part by part, in input order. */
    public interface Parts {
        /**
         * One part: its merchants and the severe penalties of shops outside it that share a controller with a
         * shop in it (ADM-5).
         */
        void part(List<MerchantInput> merchants, List<ShopPenalty> outside);
    }

    /** Reads the population, at most {@code partSize} merchants per part, in input order. */
    public abstract void forEachPart(int partSize, Parts parts) throws IOException;

    /** Whether the population has messaging requests or creators (P1), which a diff does not compare. */
    public boolean hasP1() {
        return false;
    }

    // ---------------------------------------------------------------- request files

    /**
     * An evaluation request file (JSON, or YAML by extension), validated as {@code evaluate} validates it;
     * a JSON file of {@link #STREAM_FROM_BYTES} or more is streamed as {@code evaluate --stream} streams it.
     */
    public static Population request(Path file) throws IOException {
        RequestReader reader = new RequestReader();
        if (!RequestReader.isYaml(file.toString()) && Files.isRegularFile(file) && Files.size(file) >= STREAM_FROM_BYTES) {
            StreamingRequest streamed = StreamingRequest.open(file, reader);
            return new Population() {
                @Override public String source() { return file.toString(); }
                @Override public String kind() { return "request"; }
                @Override public LocalDate asOf() { return streamed.asOf(); }
                @Override public String profile() { return orDefault(streamed.policy()); }

                @Override
                public void forEachPart(int partSize, Parts parts) throws IOException {
                    ControllerPenalties severe = streamed.severeByController();
                    streamed.forEachBatch(partSize, batch -> parts.part(batch, severe.outside(batch)));
                }
            };
        }
        EvaluationRequest request = reader.read(file);
        return new Population() {
            @Override public String source() { return file.toString(); }
            @Override public String kind() { return "request"; }
            @Override public LocalDate asOf() { return request.asOf(); }
            @Override public String profile() { return request.policyOrDefault(); }
            @Override public boolean hasP1() { return request.hasP1(); }

            @Override
            public void forEachPart(int partSize, Parts parts) {
                ControllerPenalties severe = new ControllerPenalties();
                request.merchants().forEach(severe::add);
                List<MerchantInput> all = request.merchants();
                for (int from = 0; from < all.size(); from += partSize) {
                    List<MerchantInput> part = all.subList(from, Math.min(all.size(), from + partSize));
                    parts.part(part, severe.outside(part));
                }
            }
        };
    }

    private static String orDefault(String profile) {
        return profile == null || profile.isBlank() ? "default" : profile;
    }

    // ---------------------------------------------------------------- snapshots and swept days

    /**
     * Sweep snapshots of {@code day}, bound exactly as a sweep of that day binds them (see {@link Sweep#read}):
     * with {@code store}, each merchant the store knows takes its latest state before the day; without, its row's.
     */
    public static Population snapshot(List<Snapshot> snapshots, LocalDate day, Store store, SweepProgress progress) {
        List<String> names = new ArrayList<>();
        snapshots.forEach(s -> names.add(s.name()));
        return new SnapshotPopulation(String.join(", ", names), "snapshot", snapshots, day, store, "default", null, progress);
    }

    /**
     * The merchants of a swept day: the snapshot files the day's committed run records, read again (refused,
     * naming the file, when one is missing or their SHA-256 is not the one the run recorded), with the store's
     * state before the day, under the run's profile.
     *
     * @param open reads the recorded files as snapshots (the command line's readers, by extension)
     * @throws InvalidInputException when the day has no committed run, or a file is missing or changed
     */
    public static Population storeDay(Store store, LocalDate day, java.util.function.Function<List<Path>, List<Snapshot>> open,
                                      SweepProgress progress) throws IOException {
        RunRecord run = store.committedRun(day).orElseThrow(() -> new InvalidInputException(List.of(new Problem(
                "--day", "", 0, 0, day + " has no committed sweep in the store " + store.url()
                        + lastDay(store)))));
        List<Path> files = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String name : run.snapshotNames().split(", ")) {
            Path file = Path.of(name);
            files.add(file);
            if (!Files.isRegularFile(file)) {
                problems.add(new Problem(name, "", 0, 0, "no such file: run " + run.runId() + " swept " + day
                        + " from it (the store's runs table records it); run diff from the directory the sweep ran in, "
                        + "or give the snapshot itself as POPULATION with --day " + day));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        String sha = Sweep.snapshotSha256(files);
        if (!sha.equals(run.snapshotSha256())) {
            throw changed(run, sha);
        }
        return new SnapshotPopulation(run.snapshotNames(), "store-day", open.apply(files), day, store,
                run.policyId(), run, progress);
    }

    private static String lastDay(Store store) {
        return store.lastCommittedRun().map(r -> " (the last swept day is " + r.day() + ")").orElse(" (no day was swept)");
    }

    private static InvalidInputException changed(RunRecord run, String sha) {
        return new InvalidInputException(List.of(new Problem(run.snapshotNames(), "", 0, 0,
                "changed since run " + run.runId() + " swept " + run.day() + ": its SHA-256 is " + sha
                        + ", the run recorded " + run.snapshotSha256() + "; nothing was compared")));
    }

    private static final class SnapshotPopulation extends Population {
        private final String source;
        private final String kind;
        private final List<Snapshot> snapshots;
        private final LocalDate day;
        private final Store store;
        private final String profile;
        private final RunRecord run;
        private final SweepProgress progress;

        SnapshotPopulation(String source, String kind, List<Snapshot> snapshots, LocalDate day, Store store,
                           String profile, RunRecord run, SweepProgress progress) {
            this.source = source;
            this.kind = kind;
            this.snapshots = snapshots;
            this.day = day;
            this.store = store;
            this.profile = profile;
            this.run = run;
            this.progress = progress;
        }

        @Override public String source() { return source; }
        @Override public String kind() { return kind; }
        @Override public LocalDate asOf() { return day; }
        @Override public String profile() { return profile; }

        @Override
        public void forEachPart(int partSize, Parts parts) throws IOException {
            Sweep.read(store, day, snapshots, partSize, progress, new Sweep.Parts() {
                @Override
                public void checked(String sha256, long rows) {
                    if (run != null && !sha256.equals(run.snapshotSha256())) {
                        throw changed(run, sha256); // changed while it was read
                    }
                }

                @Override
                public void part(List<MerchantInput> merchants, List<ShopPenalty> outside) {
                    parts.part(merchants, outside);
                }
            });
        }
    }
}
