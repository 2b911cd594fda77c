package org.alliancerules.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.alliancerules.engine.RulesEngine;
import org.alliancerules.model.AllianceState;
import org.alliancerules.model.DecisionView;
import org.alliancerules.store.HistoryEntry;
import org.alliancerules.store.Store;
import org.alliancerules.store.StoredState;

/** Shared by the sweep and store tests: one engine (the packaged rules), the sample days, readable histories. */
final class SweepHarness {

    /** The engine the command line builds without --rules: the rules and policy packaged in the jar. */
    static final RulesEngine ENGINE = RulesEngine.builder().build();

    /** The five consecutive sample days in examples/sweep/ (2026-11-20 .. 2026-11-24). */
    static final LocalDate FIRST_SAMPLE_DAY = LocalDate.of(2026, 11, 20);
    static final int SAMPLE_DAYS = 5;

    /** Every merchant of the sample snapshots. */
    static final List<String> SAMPLE_MERCHANTS = List.of("m-road", "m-fresh", "m-new", "m-sib1", "m-sib2",
            "m-ok-1", "m-ok-2", "m-ok-3", "m-ok-4", "m-ok-5");

    private SweepHarness() {
    }

    static LocalDate sampleDay(int i) {
        return FIRST_SAMPLE_DAY.plusDays(i);
    }

    /** The sample snapshot of a day (CSV for the first two days, JSON Lines for the rest). */
    static Path sample(LocalDate day) {
        for (String ext : List.of(".csv", ".jsonl")) {
            Path p = Path.of("examples", "sweep", day + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no sample snapshot for " + day);
    }

    static Store openStore(Path dir) {
        return Store.open(Store.sqliteUrl(dir), "", "");
    }

    /** A snapshot reader by file extension, as the command line picks it. */
    static Snapshot snapshot(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") ? new CsvSnapshot(file) : new JsonLinesSnapshot(file);
    }

    static SweepReport sweep(Store store, SweepOptions options, Path... files) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (Path f : files) {
            snapshots.add(snapshot(f));
        }
        try {
            return new Sweep(ENGINE, store, SweepProgress.NONE, 2).run(options, snapshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SweepReport sweep(Store store, LocalDate day, Path... files) {
        return sweep(store, SweepOptions.of(day), files);
    }

    /** Sweeps the first {@code days} sample days in order. */
    static void sweepSamples(Store store, int days) {
        for (int i = 0; i < days; i++) {
            sweep(store, sampleDay(i), sample(sampleDay(i)));
        }
    }

    /** "TYPE CLAUSE" of each decision, sorted (the order of one day's decisions is not part of the contract). */
    static TreeSet<String> decisions(List<DecisionView> decisions) {
        TreeSet<String> out = new TreeSet<>();
        decisions.forEach(d -> out.add(d.type() + " " + d.clause()));
        return out;
    }

    /** A merchant's road, day by day: the day's decisions ("TYPE CLAUSE", sorted) and the state after it. */
    static Map<LocalDate, String> road(Store store, String merchantId) {
        Map<LocalDate, String> out = new TreeMap<>();
        for (HistoryEntry e : store.history(merchantId, null, null)) {
            out.put(e.day(), decisions(e.decisions()) + " -> " + state(e.state()));
        }
        return out;
    }

    /** Every sample merchant's road, for comparing two stores. */
    static Map<String, Map<LocalDate, String>> roads(Store store, List<String> merchants) {
        Map<String, Map<LocalDate, String>> out = new TreeMap<>();
        for (String m : merchants) {
            out.put(m, road(store, m));
        }
        return out;
    }

    /** A state for people and assertions: "member since D, closures N (last D), LVn changed D". */
    static String state(StoredState s) {
        if (s == null) {
            return "none";
        }
        AllianceState a = s.alliance();
        StringBuilder out = new StringBuilder(a.member() ? "member since " + a.admittedOn() : "not a member");
        out.append(", closures ").append(a.closures());
        if (a.closedOn() != null) {
            out.append(" (last ").append(a.closedOn()).append(')');
        }
        if (s.grade() != null) {
            out.append(", LV").append(s.grade().level()).append(" changed ").append(s.grade().lastChangedOn());
            if (s.grade().lv0Since() != null) {
                out.append(" lv0 since ").append(s.grade().lv0Since());
            }
        }
        return out.toString();
    }

    /** The latest state of a merchant in the store up to and including {@code day}. */
    static StoredState stateAfter(Store store, String merchantId, LocalDate day) {
        return store.statesBefore(List.of(merchantId), day.plusDays(1)).get(merchantId);
    }
}
