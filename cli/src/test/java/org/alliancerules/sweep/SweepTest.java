package org.alliancerules.sweep;

import static org.alliancerules.sweep.SweepHarness.ENGINE;
import static org.alliancerules.sweep.SweepHarness.SAMPLE_DAYS;
import static org.alliancerules.sweep.SweepHarness.SAMPLE_MERCHANTS;
import static org.alliancerules.sweep.SweepHarness.decisions;
import static org.alliancerules.sweep.SweepHarness.openStore;
import static org.alliancerules.sweep.SweepHarness.road;
import static org.alliancerules.sweep.SweepHarness.roads;
import static org.alliancerules.sweep.SweepHarness.sample;
import static org.alliancerules.sweep.SweepHarness.sampleDay;
import static org.alliancerules.sweep.SweepHarness.state;
import static org.alliancerules.sweep.SweepHarness.stateAfter;
import static org.alliancerules.sweep.SweepHarness.sweep;
import static org.alliancerules.sweep.SweepHarness.sweepSamples;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.alliancerules.cli.CommandRun;
import org.alliancerules.cli.ExitCodes;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Json;
import org.alliancerules.io.Problem;
import org.alliancerules.model.DecisionView;
import org.alliancerules.store.HistoryEntry;
import org.alliancerules.store.RunRecord;
import org.alliancerules.store.Store;
import org.alliancerules.store.StoreMaintenance;
import org.alliancerules.store.StoreUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily sweep into the embedded SQLite store: the sample days give the road the spec prescribes, and a day is
 * ordered, idempotent, atomic and refused whole for bad input (platform-rules.md; issue 8).
 */
class SweepTest {

    @TempDir
    Path root;

    /** Where a test (or one case of a test factory) keeps its stores and snapshots. */
    private Path dir;
    private int cases;

    @BeforeEach
    void useTheTemporaryDirectory() {
        dir = root;
    }

    /** A directory of its own for the next case of a test factory. */
    private void newCase() throws IOException {
        dir = Files.createDirectories(root.resolve("case-" + (++cases)));
    }

    private Store open() {
        return openStore(dir.resolve("store"));
    }

    // ---------------------------------------------------------------- the sample days

    /**
     * m-road from the spec: 3.70 < 3.80 is a warning (CHK-1); 3.40 < 3.50 closes (CHK-2, CHK-3; its second
     * closure, STR-1); at 4.20 a non-member with 2 closures meets ADM-1..7 and is admitted (ADM-8); 3.45 closes
     * it a third time, which bans it (STR-2); banned, it is denied with ADM-7 however good its score.
     */
    @Test
    void theSampleDaysTakeMRoadThroughWarningClosureReadmissionBanAndDenial() {
        try (Store store = open()) {
            sweepSamples(store, SAMPLE_DAYS);
            Map<LocalDate, String> expected = new LinkedHashMap<>();
            expected.put(sampleDay(0), "[ALLIANCE_WARNING CHK-1] -> member since 2025-06-01, closures 1 (last 2025-02-10)");
            expected.put(sampleDay(1), "[ALLIANCE_CLOSED CHK-2, PROMOTIONS_UNBOUND CHK-3] -> not a member, closures 2 (last 2026-11-21)");
            expected.put(sampleDay(2), "[ADMITTED ADM-8] -> member since 2026-11-22, closures 2 (last 2026-11-21)");
            expected.put(sampleDay(3), "[ALLIANCE_CLOSED CHK-2, PERMANENTLY_BANNED STR-2, PROMOTIONS_UNBOUND CHK-3]"
                    + " -> not a member, closures 3 (last 2026-11-23)");
            expected.put(sampleDay(4), "[ADMISSION_DENIED ADM-7] -> not a member, closures 3 (last 2026-11-23)");
            assertThat(road(store, "m-road")).containsExactlyEntriesOf(expected);

            List<HistoryEntry> history = store.history("m-road", null, null);
            assertThat(history.get(0).firstSeen()).isTrue();
            assertThat(history.subList(1, history.size())).noneMatch(HistoryEntry::firstSeen);
            assertThat(history).allSatisfy(e -> assertThat(e.policy()).isEqualTo("default@2022-12-30"));
            // from/to cut the road to the days asked for
            assertThat(store.history("m-road", sampleDay(1), sampleDay(2))).extracting(HistoryEntry::day)
                    .containsExactly(sampleDay(1), sampleDay(2));
        }
    }

    /** The other sample merchants, each by the clauses its facts meet, every day. */
    @Test
    void theOtherSampleMerchantsGetWhatTheirFactsCallFor() {
        try (Store store = open()) {
            sweepSamples(store, SAMPLE_DAYS);
            // not a member: 3.90 < 4.00 (ADM-3), a MERCHANT_VIOLATION penalty within 365 days (ADM-4), no brand
            // qualification (ADM-6); from 11-23 its score is 4.10 and its brand is qualified, ADM-4 remains
            Map<LocalDate, String> newcomer = new LinkedHashMap<>();
            for (int i = 0; i < SAMPLE_DAYS; i++) {
                newcomer.put(sampleDay(i), (i < 3 ? "[ADMISSION_DENIED ADM-3, ADMISSION_DENIED ADM-4, ADMISSION_DENIED ADM-6]"
                        : "[ADMISSION_DENIED ADM-4]") + " -> not a member, closures 0");
            }
            assertThat(road(store, "m-new")).containsExactlyEntriesOf(newcomer);

            // m-sib1 meets every clause but ADM-5: its sibling m-sib2 (controller c-77) has a severe penalty
            assertThat(road(store, "m-sib1").values()).hasSize(SAMPLE_DAYS)
                    .allMatch(s -> s.equals("[ADMISSION_DENIED ADM-5] -> not a member, closures 0"));
            // m-sib2 itself is a member with a good score: its old penalty is no admission question (CHK only)
            assertThat(road(store, "m-sib2")).isEqualTo(Map.of(sampleDay(0), "[] -> member since 2023-01-01, closures 0"));

            // m-fresh (FRESH, onboarded 2021): LV3 since 2026-10-01, 30 days passed (GRD-5), every indicator beats
            // the upgrade values (GRD-3): LV4 on 11-20. The snapshots keep saying LV3 since 10-01, but the store
            // says LV4 since 11-20, so the next assessment is not due before 12-20: no more grade decisions.
            assertThat(road(store, "m-fresh")).isEqualTo(Map.of(sampleDay(0),
                    "[GRADE_UP GRD-3] -> member since 2024-03-01, closures 0, LV4 changed 2026-11-20"));

            // members above 3.80 get nothing, ever
            for (int i = 1; i <= 5; i++) {
                assertThat(store.history("m-ok-" + i, null, null)).singleElement()
                        .satisfies(e -> assertThat(e.decisions()).isEmpty());
            }

            // each run counts its decisions per type
            List<RunRecord> runs = store.allRuns();
            assertThat(runs).extracting(RunRecord::day).containsExactly(sampleDay(0), sampleDay(1), sampleDay(2),
                    sampleDay(3), sampleDay(4));
            assertThat(runs).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(RunRecord.COMMITTED);
                assertThat(r.merchants()).isEqualTo(10);
                assertThat(r.rejected()).isZero();
            });
            assertThat(runs.get(0).counts()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "ADMISSION_DENIED", 4L, "ALLIANCE_WARNING", 1L, "GRADE_UP", 1L));
            assertThat(runs.get(3).counts()).containsExactlyInAnyOrderEntriesOf(Map.of("ADMISSION_DENIED", 2L,
                    "ALLIANCE_CLOSED", 1L, "PERMANENTLY_BANNED", 1L, "PROMOTIONS_UNBOUND", 1L));
            assertThat(runs.get(4).counts()).isEqualTo(Map.of("ADMISSION_DENIED", 3L));
        }
    }

    // ---------------------------------------------------------------- the store is the source of truth

    @Test
    void aKnownMerchantsStateComesFromTheStoreAndANewOneStartsFromItsSnapshot() throws IOException {
        LocalDate d1 = LocalDate.of(2026, 11, 20);
        LocalDate d2 = d1.plusDays(1);
        Path day1 = jsonl("day1.jsonl",
                merchant("m-closed").put("experienceScore", 3.4).<ObjectNode>set("alliance", alliance(true, "2025-01-01", 0, null)),
                merchant("m-graded").put("category", "FRESH").<ObjectNode>set("alliance", alliance(true, "2024-01-01", 0, null))
                        .<ObjectNode>set("grade", grade(3, "2026-10-01")).<ObjectNode>set("metrics30d", goodMetrics()));
        // day 2: the snapshot repeats yesterday's state as if nothing had happened, and brings two newcomers
        Path day2 = jsonl("day2.jsonl",
                merchant("m-closed").put("experienceScore", 3.4).<ObjectNode>set("alliance", alliance(true, "2025-01-01", 0, null)),
                merchant("m-graded").put("category", "FRESH").<ObjectNode>set("alliance", alliance(true, "2024-01-01", 0, null))
                        .<ObjectNode>set("grade", grade(3, "2026-10-01")).<ObjectNode>set("metrics30d", goodMetrics()),
                merchant("m-late").put("experienceScore", 3.4).<ObjectNode>set("alliance", alliance(true, "2025-01-01", 2, "2025-06-01")),
                merchant("m-stateless"));
        try (Store store = open()) {
            sweep(store, d1, day1);
            SweepReport second = sweep(store, d2, day2);
            assertThat(second.newMerchants()).isEqualTo(2);

            // closed yesterday (closures 1): today a non-member, so 3.40 < 4.00 denies admission (ADM-3) instead
            // of a second closure that the snapshot's "member, 0 closures" would have caused
            assertThat(road(store, "m-closed")).isEqualTo(Map.of(
                    d1, "[ALLIANCE_CLOSED CHK-2, PROMOTIONS_UNBOUND CHK-3] -> not a member, closures 1 (last 2026-11-20)",
                    d2, "[ADMISSION_DENIED ADM-3] -> not a member, closures 1 (last 2026-11-20)"));
            // raised to LV4 yesterday: the next assessment is 30 days after the change (GRD-5), whatever the snapshot says
            assertThat(road(store, "m-graded")).isEqualTo(Map.of(
                    d1, "[GRADE_UP GRD-3] -> member since 2024-01-01, closures 0, LV4 changed 2026-11-20"));
            // first seen: its snapshot's state (member, 2 closures) counts, so a closure today is its third (STR-2)
            assertThat(road(store, "m-late")).isEqualTo(Map.of(d2,
                    "[ALLIANCE_CLOSED CHK-2, PERMANENTLY_BANNED STR-2, PROMOTIONS_UNBOUND CHK-3] -> not a member, closures 3 (last 2026-11-21)"));
            // first seen without any state: not a member, and meeting ADM-1..7 it is admitted
            assertThat(road(store, "m-stateless")).isEqualTo(Map.of(d2,
                    "[ADMITTED ADM-8] -> member since 2026-11-21, closures 0"));
            assertThat(store.history("m-late", null, null).get(0).firstSeen()).isTrue();
        }
    }

    /** PR-14: a merchant absent from a day's snapshot is not evaluated that day and keeps its state. */
    @Test
    void aMerchantAbsentFromADayIsNotEvaluatedAndKeepsItsState() throws IOException {
        LocalDate d1 = LocalDate.of(2026, 11, 20);
        Path day1 = jsonl("day1.jsonl", merchant("m-away").put("experienceScore", 3.7)
                .<ObjectNode>set("alliance", alliance(true, "2025-01-01", 1, "2024-06-01")), merchant("m-other"));
        Path day2 = jsonl("day2.jsonl", merchant("m-other"));
        Path day3 = jsonl("day3.jsonl", merchant("m-away").put("experienceScore", 3.4)
                .<ObjectNode>set("alliance", alliance(true, "2025-01-01", 0, null)), merchant("m-other"));
        try (Store store = open()) {
            sweep(store, d1, day1);
            sweep(store, d1.plusDays(1), day2);
            assertThat(state(stateAfter(store, "m-away", d1.plusDays(1))))
                    .isEqualTo("member since 2025-01-01, closures 1 (last 2024-06-01)");
            sweep(store, d1.plusDays(2), day3);
            // nothing on the day it was absent; back, it is closed on its stored state: its second closure
            assertThat(road(store, "m-away")).isEqualTo(Map.of(
                    d1, "[ALLIANCE_WARNING CHK-1] -> member since 2025-01-01, closures 1 (last 2024-06-01)",
                    d1.plusDays(2), "[ALLIANCE_CLOSED CHK-2, PROMOTIONS_UNBOUND CHK-3] -> not a member, closures 2 (last 2026-11-22)"));
        }
    }

    /** PR-15: a rejected row's severe penalties bar no sibling. */
    @TestFactory
    Stream<DynamicTest> aRejectedShopsSeverePenaltyBarsNoSibling() {
        return Stream.<Map.Entry<String, UnaryOperator<ObjectNode>>>of(
                Map.entry("the penalised shop's id is on two rows", m -> m),
                Map.entry("the penalised shop's row has a date that does not exist",
                        m -> m.put("onboardedOn", "2021-02-30"))).map(c -> dynamicTest(c.getKey(), () -> {
            newCase();
            LocalDate day = LocalDate.of(2026, 11, 20);
            ObjectNode penalised = c.getValue().apply(merchant("m-penalised").put("controllerId", "c-5")
                    .<ObjectNode>set("penalties", Json.jsonMapper().createArrayNode().add(Json.jsonMapper()
                            .createObjectNode().put("rule", "OTHER").put("on", "2024-03-01").put("severe", true)
                            .put("clearance", false))));
            List<ObjectNode> rows = new ArrayList<>(List.of(penalised, merchant("m-sibling").put("controllerId", "c-5")));
            if (c.getKey().contains("two rows")) {
                rows.add(merchant("m-penalised").put("controllerId", "c-5"));
            }
            Path snapshot = jsonl("day.jsonl", rows.toArray(ObjectNode[]::new));
            try (Store store = open()) {
                SweepReport report = sweep(store, SweepOptions.of(day).withRejectFile(dir.resolve("rejects.csv")), snapshot);
                assertThat(report.rejected()).isEqualTo(rows.size() - 1);
                assertThat(store.knows("m-penalised")).isFalse();
                assertThat(road(store, "m-sibling")).isEqualTo(Map.of(day, "[ADMITTED ADM-8] -> member since 2026-11-20, closures 0"));
            }
        }));
    }

    // ---------------------------------------------------------------- idempotent, ordered, replace

    @Test
    void sweepingADayAgainWithTheSameSnapshotChangesNothingAndSaysSo() {
        try (Store store = open()) {
            sweepSamples(store, 3);
            String before = store.dump();
            SweepReport again = sweep(store, sampleDay(2), sample(sampleDay(2)));
            assertThat(again.unchanged()).isTrue();
            assertThat(again.runId()).isEqualTo(3);
            assertThat(again.merchants()).isEqualTo(10);
            assertThat(store.dump()).isEqualTo(before);

            // a byte-identical copy under another name is the same snapshot
            Path copy = dir.resolve("copy-of-" + sampleDay(2) + ".jsonl");
            copyTo(sample(sampleDay(2)), copy);
            assertThat(sweep(store, sampleDay(2), copy).unchanged()).isTrue();
            assertThat(store.dump()).isEqualTo(before);
        }
    }

    @Test
    void aDifferentSnapshotForTheLastDayIsRefusedAndNothingIsWritten() throws IOException {
        Path changed = changedSecondDay();
        try (Store store = open()) {
            sweepSamples(store, 2);
            String before = store.dump();
            assertThatThrownBy(() -> sweep(store, sampleDay(1), changed))
                    .isInstanceOf(SweepRefusedException.class)
                    .hasMessageContaining(sampleDay(1).toString())
                    .hasMessageContaining("--replace");
            assertThat(store.dump()).isEqualTo(before);
        }
    }

    @Test
    void replaceRollsTheLastDayBackAndSweepsItAgain() throws IOException {
        Path changed = changedSecondDay();
        try (Store store = open(); Store fresh = openStore(dir.resolve("fresh"))) {
            sweepSamples(store, 2);
            assertThat(road(store, "m-road")).containsKey(sampleDay(1));

            SweepReport report = sweep(store, SweepOptions.of(sampleDay(1)).withReplace(true), changed);
            assertThat(report.unchanged()).isFalse();
            assertThat(report.replaced()).isEqualTo(2);
            assertThat(report.runId()).isEqualTo(3);

            List<RunRecord> runs = store.allRuns();
            assertThat(runs).extracting(r -> r.runId() + " " + r.day() + " " + r.status())
                    .containsExactly("1 2026-11-20 COMMITTED", "2 2026-11-21 REPLACED", "3 2026-11-21 COMMITTED");
            assertThat(store.committedRun(sampleDay(1))).get().extracting(RunRecord::runId).isEqualTo(3L);

            // m-road's closure of the replaced run is gone from its road and its state: at 3.60 it is warned only
            assertThat(road(store, "m-road")).isEqualTo(Map.of(
                    sampleDay(0), "[ALLIANCE_WARNING CHK-1] -> member since 2025-06-01, closures 1 (last 2025-02-10)",
                    sampleDay(1), "[ALLIANCE_WARNING CHK-1] -> member since 2025-06-01, closures 1 (last 2025-02-10)"));
            assertThat(state(stateAfter(store, "m-road", sampleDay(1))))
                    .isEqualTo("member since 2025-06-01, closures 1 (last 2025-02-10)");

            // the store is as if the changed snapshot had been the day's only sweep, today and on the next day
            sweep(fresh, sampleDay(0), sample(sampleDay(0)));
            sweep(fresh, sampleDay(1), changed);
            assertThat(roads(store, SAMPLE_MERCHANTS)).isEqualTo(roads(fresh, SAMPLE_MERCHANTS));
            sweep(store, sampleDay(2), sample(sampleDay(2)));
            sweep(fresh, sampleDay(2), sample(sampleDay(2)));
            assertThat(roads(store, SAMPLE_MERCHANTS)).isEqualTo(roads(fresh, SAMPLE_MERCHANTS));
            // still a member on 11-22 with a good score: no decision that day
            assertThat(road(store, "m-road")).doesNotContainKey(sampleDay(2));
        }
    }

    /** A day before the last swept one, in each way of asking. */
    record EarlierDay(String name, boolean replace, boolean sameSnapshot) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<EarlierDay> earlierDays() {
        return Stream.of(new EarlierDay("the same snapshot again", false, true),
                new EarlierDay("the same snapshot with replace", true, true),
                new EarlierDay("a different snapshot with replace", true, false));
    }

    @TestFactory
    Stream<DynamicTest> aDayBeforeTheLastSweptDayIsRefused() {
        return earlierDays().map(how -> dynamicTest(how.name(), () -> aDayBeforeTheLastSweptDayIsRefused(how)));
    }

    private void aDayBeforeTheLastSweptDayIsRefused(EarlierDay how) throws IOException {
        newCase();
        try (Store store = open()) {
            sweepSamples(store, 3);
            String before = store.dump();
            Path snapshot = how.sameSnapshot() ? sample(sampleDay(1)) : changedSecondDay();
            assertThatThrownBy(() -> sweep(store, SweepOptions.of(sampleDay(1)).withReplace(how.replace()), snapshot))
                    .isInstanceOf(SweepRefusedException.class)
                    .hasMessageContaining(sampleDay(1) + " is before the last swept day " + sampleDay(2));
            assertThat(store.dump()).isEqualTo(before);
        }
    }

    @Test
    void aGapAfterTheLastSweptDayIsRefusedUnlessAllowed() {
        try (Store store = open()) {
            sweepSamples(store, 1);
            String before = store.dump();
            assertThatThrownBy(() -> sweep(store, sampleDay(2), sample(sampleDay(2))))
                    .isInstanceOf(SweepRefusedException.class)
                    .hasMessageContaining(sampleDay(1).toString())
                    .hasMessageContaining("--allow-gap");
            assertThat(store.dump()).isEqualTo(before);

            SweepReport report = sweep(store, SweepOptions.of(sampleDay(2)).withAllowGap(true), sample(sampleDay(2)));
            assertThat(report.unchanged()).isFalse();
            assertThat(store.lastCommittedRun()).get().extracting(RunRecord::day).isEqualTo(sampleDay(2));
            // 11-21 was never swept: m-road is still the member of 11-20, and at 4.20 gets nothing on 11-22
            assertThat(road(store, "m-road")).containsOnlyKeys(sampleDay(0));
            // and the skipped day cannot be swept afterwards
            assertThatThrownBy(() -> sweep(store, sampleDay(1), sample(sampleDay(1))))
                    .isInstanceOf(SweepRefusedException.class);
        }
    }

    // ---------------------------------------------------------------- bad rows

    /**
     * A bad snapshot for a day: the sample of {@code day} with some lines changed; {@code badLines} are the file's
     * lines (1-based, the CSV header is line 1) that must be reported, {@code badIds} the merchants left out.
     */
    record BadRows(String name, int day, UnaryOperator<List<String>> change, List<Integer> badLines,
                   Set<String> badIds) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static UnaryOperator<List<String>> line(int n, UnaryOperator<String> change) {
        return lines -> {
            List<String> out = new ArrayList<>(lines);
            out.set(n - 1, change.apply(out.get(n - 1)));
            return out;
        };
    }

    static Stream<BadRows> badRows() {
        // 2026-11-21.csv: line 1 header, 2 m-road, 3 m-fresh, 4 m-new, 5 m-sib1, 6 m-sib2, 7..11 m-ok-1..5
        // 2026-11-22.jsonl: line 1 m-road, 2 m-fresh, 3 m-new, 4 m-sib1, 5 m-sib2, 6..10 m-ok-1..5
        return Stream.of(
                new BadRows("CSV: a date that does not exist (2025-02-30)", 1,
                        line(4, l -> l.replace("2025-08-01", "2025-02-30")), List.of(4), Set.of("m-new")),
                new BadRows("CSV: an onboarding date that is not a date", 1,
                        line(4, l -> l.replace("2025-08-01", "last summer")), List.of(4), Set.of("m-new")),
                new BadRows("CSV: experience score 5.5 above the 0..5 range", 1,
                        line(5, l -> l.replace(",4.4,", ",5.5,")), List.of(5), Set.of("m-sib1")),
                new BadRows("CSV: negative experience score", 1,
                        line(4, l -> l.replace(",3.9,", ",-0.1,")), List.of(4), Set.of("m-new")),
                new BadRows("CSV: broken JSON in the penalties column", 1,
                        line(4, l -> l.replace("\"\"clearance\"\": false}]", "\"\"clearance\"\": fal")), List.of(4), Set.of("m-new")),
                new BadRows("CSV: unknown field inside the penalties column", 1,
                        line(4, l -> l.replace("\"\"severe\"\"", "\"\"colour\"\": \"\"red\"\", \"\"severe\"\"")), List.of(4),
                        Set.of("m-new")),
                new BadRows("CSV: a bad row after a row whose quoted penalties cell spans two lines", 1,
                        line(4, l -> l.replace("\"\"severe\"\"", "\n  \"\"severe\"\"")).andThen(
                                line(5, l -> l.replace(",4.4,", ",5.5,")))::apply, List.of(6), Set.of("m-sib1")),
                new BadRows("CSV: a row with more cells than the header", 1,
                        line(5, l -> l + ",surplus"), List.of(5), Set.of("m-sib1")),
                new BadRows("CSV: duplicate merchant id on two rows, both bad", 1,
                        line(7, l -> l.replace("m-ok-1,", "m-sib1,")), List.of(5, 7), Set.of("m-sib1")),
                new BadRows("JSON Lines: unknown field", 2,
                        line(3, l -> l.replace("{\"id\":\"m-new\",", "{\"id\":\"m-new\",\"colour\":\"red\",")), List.of(3),
                        Set.of("m-new")),
                new BadRows("JSON Lines: malformed JSON line", 2,
                        line(3, l -> l.substring(0, l.length() / 2)), List.of(3), Set.of("m-new")),
                new BadRows("JSON Lines: grade level 9 outside LV0..LV7", 2,
                        line(2, l -> l.replace("\"level\":3", "\"level\":9")), List.of(2), Set.of("m-fresh")),
                new BadRows("JSON Lines: alliance closures -1", 2,
                        line(4, l -> l.replace("\"experienceScore\":4.4}", "\"experienceScore\":4.4,"
                                + "\"alliance\":{\"member\":false,\"closures\":-1}}")), List.of(4), Set.of("m-sib1")),
                new BadRows("JSON Lines: duplicate merchant id on two rows, both bad", 2,
                        line(10, l -> l.replace("\"m-ok-5\"", "\"m-new\"")), List.of(3, 10), Set.of("m-new")));
    }

    /** Writes the changed snapshot of the case; the days before it are swept into the store. */
    private Path prepare(Store store, BadRows bad) throws IOException {
        for (int i = 0; i < bad.day(); i++) {
            sweep(store, sampleDay(i), sample(sampleDay(i)));
        }
        Path original = sample(sampleDay(bad.day()));
        List<String> lines = Files.readAllLines(original);
        Path file = dir.resolve("bad-" + original.getFileName());
        Files.write(file, bad.change().apply(lines));
        return file;
    }

    @TestFactory
    Stream<DynamicTest> aBadRowRefusesTheWholeDayWithFileAndLineAndWritesNothing() {
        return badRows().map(bad -> dynamicTest(bad.name(), () -> aBadRowRefusesTheWholeDay(bad)));
    }

    private void aBadRowRefusesTheWholeDay(BadRows bad) throws IOException {
        newCase();
        try (Store store = open()) {
            Path file = prepare(store, bad);
            String before = store.dump();
            InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                    () -> sweep(store, sampleDay(bad.day()), file));
            assertThat(e).as("the day must be refused").isNotNull();
            // every problem of a row names the file and the row's line (a closing sentence may follow)
            List<Problem> located = e.problems().stream().filter(p -> !p.source().isEmpty()).toList();
            assertThat(located).isNotEmpty().allSatisfy(p -> {
                assertThat(p.source()).isEqualTo(file.toString());
                assertThat(p.line()).isIn(bad.badLines());
                assertThat(p.format()).startsWith(file + ":" + p.line() + ":");
            });
            assertThat(located).extracting(Problem::line).containsAll(bad.badLines());
            assertThat(store.dump()).isEqualTo(before);
            assertThat(store.committedRun(sampleDay(bad.day()))).isEmpty();
        }
    }

    @TestFactory
    Stream<DynamicTest> withARejectFileTheBadRowsGoThereAndTheRestIsSwept() {
        return badRows().map(bad -> dynamicTest(bad.name(), () -> withARejectFile(bad)));
    }

    private void withARejectFile(BadRows bad) throws IOException {
        newCase();
        try (Store store = open()) {
            Path file = prepare(store, bad);
            Path rejects = dir.resolve("out").resolve("rejects.csv");
            LocalDate day = sampleDay(bad.day());
            SweepReport report = sweep(store, SweepOptions.of(day).withRejectFile(rejects), file);

            assertThat(report.rejected()).isEqualTo(bad.badLines().size());
            // every bad row is left out: a duplicate id's two rows both
            assertThat(report.merchants()).isEqualTo(10 - bad.badLines().size());
            RunRecord run = store.committedRun(day).orElseThrow();
            assertThat(run.rejected()).isEqualTo(bad.badLines().size());
            assertThat(run.merchants()).isEqualTo(10 - bad.badLines().size());

            List<Map<String, String>> rows = readCsv(rejects);
            assertThat(rows).extracting(r -> r.get("source")).containsOnly(file.toString());
            assertThat(rows).extracting(r -> Integer.parseInt(r.get("line")))
                    .containsExactlyInAnyOrderElementsOf(bad.badLines());
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.get("problems")).isNotBlank();
                assertThat(r.get("row")).isNotBlank();
            });

            // the bad merchants have nothing on the day; the good ones were swept (m-road: closure on 11-21, admission on 11-22)
            for (String id : bad.badIds()) {
                assertThat(road(store, id)).doesNotContainKey(day);
            }
            String roadOfTheDay = road(store, "m-road").get(day);
            assertThat(roadOfTheDay).startsWith(bad.day() == 1 ? "[ALLIANCE_CLOSED CHK-2, PROMOTIONS_UNBOUND CHK-3]"
                    : "[ADMITTED ADM-8]");
        }
    }

    @Test
    void aMerchantOnTwoSnapshotFilesOfOneDayIsADuplicate() throws IOException {
        Path first = jsonl("part-1.jsonl", merchant("m-a"), merchant("m-twice"));
        Path second = jsonl("part-2.jsonl", merchant("m-b"), merchant("m-twice").put("experienceScore", 4.9));
        LocalDate day = LocalDate.of(2026, 11, 20);
        try (Store store = open()) {
            InvalidInputException e = catchThrowableOfType(InvalidInputException.class, () -> sweep(store, day, first, second));
            assertThat(e).isNotNull();
            assertThat(e.problems()).extracting(Problem::format)
                    .anySatisfy(p -> assertThat(p).startsWith(first + ":2:").contains("m-twice"))
                    .anySatisfy(p -> assertThat(p).startsWith(second + ":2:").contains("m-twice"));
            assertThat(store.lastCommittedRun()).isEmpty();

            SweepReport report = sweep(store, SweepOptions.of(day).withRejectFile(dir.resolve("rejects.csv")), first, second);
            assertThat(report.merchants()).isEqualTo(2);
            assertThat(report.rejected()).isEqualTo(2);
            assertThat(store.knows("m-twice")).isFalse();
            assertThat(store.knows("m-a")).isTrue();
            assertThat(store.knows("m-b")).isTrue();
        }
    }

    // ---------------------------------------------------------------- ADM-5 across parts

    /** Where a severely penalised shop and its sibling sit in a day's snapshots. */
    record Siblings(String name, List<List<String>> files) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Siblings> siblingLayouts() {
        List<String> fillers = List.of("f-1", "f-2", "f-3", "f-4", "f-5", "f-6", "f-7");
        List<String> penalisedFirst = new ArrayList<>();
        penalisedFirst.add("penalised");
        penalisedFirst.addAll(fillers);
        penalisedFirst.add("sibling");
        List<String> siblingFirst = new ArrayList<>();
        siblingFirst.add("sibling");
        siblingFirst.addAll(fillers);
        siblingFirst.add("penalised");
        List<String> fileA = new ArrayList<>(fillers.subList(0, 3));
        fileA.add(1, "penalised");
        List<String> fileB = new ArrayList<>(fillers.subList(3, 7));
        fileB.add("sibling");
        return Stream.of(
                new Siblings("penalised shop on row 1, its sibling on row 9, parts of 2", List.of(penalisedFirst)),
                new Siblings("sibling on row 1, the penalised shop on row 9, parts of 2", List.of(siblingFirst)),
                new Siblings("penalised shop in the first snapshot file, its sibling at the end of the second",
                        List.of(fileA, fileB)));
    }

    @TestFactory
    Stream<DynamicTest> theSiblingOfASeverelyPenalisedShopIsDeniedWhateverPartItIsIn() {
        return siblingLayouts().map(layout -> dynamicTest(layout.name(),
                () -> theSiblingOfASeverelyPenalisedShopIsDenied(layout)));
    }

    private void theSiblingOfASeverelyPenalisedShopIsDenied(Siblings layout) throws IOException {
        newCase();
        LocalDate day = LocalDate.of(2026, 11, 20);
        List<Path> files = new ArrayList<>();
        int n = 0;
        for (List<String> ids : layout.files()) {
            List<ObjectNode> rows = new ArrayList<>();
            for (String id : ids) {
                rows.add(switch (id) {
                    // a member: its own severe penalty is no CHK ground, but bars its sibling (ADM-5)
                    case "penalised" -> merchant("m-penalised").put("controllerId", "c-9")
                            .<ObjectNode>set("alliance", alliance(true, "2024-01-01", 0, null))
                            .<ObjectNode>set("penalties", Json.jsonMapper().createArrayNode().add(Json.jsonMapper().createObjectNode()
                                    .put("rule", "OTHER").put("on", "2024-03-01").put("severe", true).put("clearance", false)));
                    case "sibling" -> merchant("m-sibling").put("controllerId", "c-9");
                    // fillers share controllers among themselves, none penalised
                    default -> merchant("m-" + id).put("controllerId", "c-filler-" + (id.hashCode() % 2));
                });
            }
            files.add(jsonl("snapshot-" + (n++) + ".jsonl", rows.toArray(ObjectNode[]::new)));
        }
        Path[] snapshots = files.toArray(Path[]::new);
        try (Store small = openStore(dir.resolve("parts-of-2")); Store whole = openStore(dir.resolve("one-part"))) {
            sweep(small, new SweepOptions(day, "default", false, false, null, 2), snapshots);
            assertThat(road(small, "m-sibling")).isEqualTo(Map.of(day,
                    "[ADMISSION_DENIED ADM-5] -> not a member, closures 0"));
            assertThat(road(small, "m-penalised")).isEqualTo(Map.of(day,
                    "[] -> member since 2024-01-01, closures 0"));
            assertThat(road(small, "m-f-1").get(day)).startsWith("[ADMITTED ADM-8]");
            // the same as one evaluation of the whole snapshot
            sweep(whole, new SweepOptions(day, "default", false, false, null, 1000), snapshots);
            List<String> all = new ArrayList<>(List.of("m-sibling", "m-penalised"));
            for (int i = 1; i <= 7; i++) {
                all.add("m-f-" + i);
            }
            assertThat(roads(small, all)).isEqualTo(roads(whole, all));
        }
    }

    // ---------------------------------------------------------------- atomic

    /** Fails its second reading (the sweep's pass 2) after {@code failAfter} rows, like a disk that goes away. */
    private static final class FailingSnapshot implements Snapshot {
        private final Snapshot inner;
        private final int failAfter;
        private int opens;

        FailingSnapshot(Snapshot inner, int failAfter) {
            this.inner = inner;
            this.failAfter = failAfter;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Rows open() throws IOException {
            Rows rows = inner.open();
            boolean failing = ++opens == 2;
            return new Rows() {
                int read;

                @Override
                public SnapshotRow next() throws IOException {
                    if (failing && read++ >= failAfter) {
                        throw new IOException("the snapshot's disk went away");
                    }
                    return rows.next();
                }

                @Override
                public byte[] digest() {
                    return rows.digest();
                }

                @Override
                public void close() throws IOException {
                    rows.close();
                }
            };
        }
    }

    @Test
    void aSweepThatFailsHalfwayLeavesNoTraceAndItsRerunEqualsAnUninterruptedOne() throws IOException {
        Path big = population("big.jsonl", 6_000, 11);
        LocalDate day = LocalDate.of(2026, 11, 22);
        try (Store store = open(); Store uninterrupted = openStore(dir.resolve("uninterrupted"))) {
            String before = store.dump();
            Snapshot failing = new FailingSnapshot(new JsonLinesSnapshot(big), 5_000);
            assertThatThrownBy(() -> new Sweep(ENGINE, store, SweepProgress.NONE, 2)
                    .run(new SweepOptions(day, "default", false, false, null, 500), List.of(failing)))
                    .isInstanceOf(IOException.class);
            assertThat(store.dump()).isEqualTo(before);
            assertThat(store.allRuns()).isEmpty();

            SweepOptions options = new SweepOptions(day, "default", false, false, null, 500);
            sweep(store, options, big);
            sweep(uninterrupted, options, big);
            assertThat(store.dump()).isEqualTo(uninterrupted.dump());
        }
    }

    @Test
    void aSweepWhoseProcessDiesLeavesNothingOfItsDayAndTheNextSweepIsAsIfItHadNeverBegun() throws Exception {
        // a sweep dies (its JVM halts) with every row of its day sent to the database inside the day's transaction;
        // the store opened afresh holds nothing of it, passes its checks, and the next sweep numbers its run 1
        Path big = population("big.jsonl", 5_000, 13);
        LocalDate day = LocalDate.of(2026, 11, 22);
        Path storeDir = dir.resolve("dead");
        Process dead = ChildJvm.builder(List.of(), HalfSweep.class, List.of(Store.sqliteUrl(storeDir), day.toString(), "5000"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String said = new String(dead.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(dead.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(said).isEqualTo("died in run 1");
        assertThat(dead.exitValue()).isEqualTo(137);

        CommandRun check = cli("store", "check", "--db", Store.sqliteUrl(storeDir));
        assertThat(check.code()).as(check.err()).isEqualTo(ExitCodes.OK);
        assertThat(check.out()).contains("integrity    ok").contains("dead runs    none").contains("0 committed");
        try (Store store = openStore(storeDir)) {
            assertThat(store.allRuns()).isEmpty();
            assertThat(store.interruptedRuns()).as("the dead day's transaction rolled back whole").isEmpty();
        }
        SweepOptions options = new SweepOptions(day, "default", false, false, null, 500);
        CommandRun rerun = cli("sweep", "--day", day.toString(), big.toString(), "--db", Store.sqliteUrl(storeDir));
        assertThat(rerun.code()).as(rerun.err()).isEqualTo(ExitCodes.OK);
        assertThat(rerun.out()).contains("(run 1)").doesNotContain("died");
        try (Store store = openStore(storeDir); Store uninterrupted = openStore(dir.resolve("uninterrupted"))) {
            sweep(uninterrupted, options, big);
            assertThat(store.dump()).as("everything a reader sees").isEqualTo(uninterrupted.dump());
            assertThat(store.history("m-0", null, null)).flatExtracting(h -> h.decisions())
                    .extracting(DecisionView::rule).doesNotContain("a dead sweep's rule");
        }
    }

    @Test
    void aRunAnEarlierVersionLeftRunningIsReportedAndPrunedWithoutChangingWhatReadersSee() throws Exception {
        // an earlier version wrote a day in many small transactions: a kill left its run RUNNING with rows
        Path storeDir = dir.resolve("legacy");
        String url = Store.sqliteUrl(storeDir);
        try (Store store = openStore(storeDir)) {
            sweep(store, sampleDay(0), sample(sampleDay(0)));
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.executeUpdate("insert into runs (run_id, sweep_day, status, snapshot_sha256, snapshot_names, rules_sha256, "
                    + "policy_id, policy_version, policy_sha256, merchants, rejected, started_at) values (2, '"
                    + sampleDay(1) + "', 'RUNNING', 'x', 'old', 'x', 'default', 'old', 'x', 0, 0, 0)");
            for (int i = 0; i < 3; i++) {
                st.executeUpdate("insert into decisions values ('m-old-" + i + "', '" + sampleDay(1)
                        + "', 2, 0, 'ALLIANCE_WARNING', 'CHK-1', 'an old sweep', 'old', null)");
            }
            st.executeUpdate("insert into merchant_state (merchant_id, sweep_day, run_id, member, closures) values ('m-old-0', '"
                    + sampleDay(1) + "', 2, 1, 0)");
        }
        CommandRun check = cli("store", "check", "--db", url);
        assertThat(check.code()).as("a dead run is reported, not an error: %s", check.err()).isEqualTo(ExitCodes.OK);
        assertThat(check.out()).contains("dead run     2 (" + sampleDay(1) + ", started 1970-01-01T00:00:00Z): 3 decisions, "
                + "1 state rows no reader sees; alliance-rules store prune removes them").contains("store check: ok");

        CommandRun next = cli("sweep", "--day", sampleDay(1).toString(), sample(sampleDay(1)).toString(), "--db", url);
        assertThat(next.code()).as(next.err()).isEqualTo(ExitCodes.OK);
        assertThat(next.out()).contains("(run 3)").contains("run 2 (" + sampleDay(1) + ", started 1970-01-01T00:00:00Z) "
                + "died before its commit: no reader sees its rows, its run id is not used again, and alliance-rules "
                + "store prune removes them");
        String seen;
        try (Store store = openStore(storeDir)) {
            seen = store.dump();
        }
        CommandRun prune = cli("store", "prune", "--db", url);
        assertThat(prune.code()).as(prune.err()).isEqualTo(ExitCodes.OK);
        assertThat(prune.out()).contains("removed run 2 (" + sampleDay(1) + ", started 1970-01-01T00:00:00Z): 3 decisions, 1 state rows")
                .contains("1 run(s) of dead sweeps removed");
        try (Store store = openStore(storeDir)) {
            assertThat(store.interruptedRuns()).isEmpty();
            assertThat(store.dump()).as("readers see no change").isEqualTo(seen);
            assertThat(StoreMaintenance.check(store).ok()).isTrue();
        }
        assertThat(cli("store", "prune", "--db", url).out()).contains("nothing to remove");
    }

    @Test
    void noReaderSeesAnyOfADayBeforeItCommits() throws IOException {
        Path big = population("big.jsonl", 6_000, 12);
        LocalDate day = LocalDate.of(2026, 11, 22);
        String url = Store.sqliteUrl(dir.resolve("store"));
        List<String> seenMidway = new ArrayList<>();
        try (Store store = open(); Store reader = Store.open(url, "", "")) {
            String before = reader.dump();
            SweepProgress peek = new SweepProgress() {
                String phase;

                @Override
                public void phase(String name, long total) {
                    phase = name;
                }

                @Override
                public void advanced(long done) {
                    // past 4,000 merchants at least two batches of state rows went to the database, uncommitted
                    if ("sweeping".equals(phase) && done >= 4_500 && seenMidway.isEmpty()) {
                        seenMidway.add(reader.dump());
                        seenMidway.add(String.valueOf(reader.allRuns().size()));
                    }
                }
            };
            new Sweep(ENGINE, store, peek, 2).run(new SweepOptions(day, "default", false, false, null, 500),
                    List.of(new JsonLinesSnapshot(big)));
            assertThat(seenMidway).as("the reader looked during the sweep").hasSize(2);
            assertThat(seenMidway.get(0)).isEqualTo(before);
            assertThat(seenMidway.get(1)).isEqualTo("0");
            assertThat(reader.dump()).isNotEqualTo(before);
            assertThat(reader.committedRun(day)).isPresent();
        }
    }

    // ---------------------------------------------------------------- store unavailable

    @Test
    void anUnreachableDatabaseIsStoreUnavailableInOneSentence() {
        assertThatThrownBy(() -> Store.open("jdbc:postgresql://127.0.0.1:1/x", "someone", "secret").close())
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/x")
                .hasMessageContaining("cannot be reached")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("secret"));
    }

    @Test
    void aStoreAnotherProcessIsWritingRefusesASecondSweepButServesReaders() throws Exception {
        Path storeDir = dir.resolve("held");
        String url = Store.sqliteUrl(storeDir);
        try (Store created = Store.open(url, "", "")) {
            sweep(created, sampleDay(0), sample(sampleDay(0)));
        }
        Process holder = ChildJvm.builder(List.of(), StoreHolder.class, List.of(url, "write"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("open ");

            // readers are never blocked by a writer: they see the store as it was
            CommandRun history = cli("history", "m-road", "--db", url);
            assertThat(history.code()).as(history.err()).isEqualTo(ExitCodes.OK);
            assertThat(history.out()).contains(sampleDay(0).toString());
            assertThat(cli("store", "check", "--db", url).code()).isEqualTo(ExitCodes.OK);

            // a second writer waits for the write lock, then gives up in one sentence
            CommandRun r = cli("sweep", "--day", sampleDay(1).toString(), sample(sampleDay(1)).toString(), "--db", url);
            assertThat(r.code()).isEqualTo(ExitCodes.STORE_UNAVAILABLE);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("locked by another process (is another sweep running?)")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                ChildJvm.kill(holder);
            }
        }
        try (Store after = Store.open(url, "", "")) {
            assertThat(after.allRuns()).extracting(RunRecord::day).containsExactly(sampleDay(0));
            assertThat(after.interruptedRuns()).isEmpty();
        }
    }

    @Test
    void anH2UrlIsRefusedWithTheWayToImportIt() {
        CommandRun r = cli("history", "m-road", "--db", "jdbc:h2:file:" + dir.resolve("old/alliance"));
        assertThat(r.code()).isEqualTo(ExitCodes.STORE_UNAVAILABLE);
        assertThat(r.err().strip()).isEqualTo("cannot use the store at jdbc:h2:file:" + dir.resolve("old/alliance")
                + ": H2 is no longer a store alliance-rules writes (a crash can leave an H2 file unopenable); copy its "
                + "days into the default store with: alliance-rules store import jdbc:h2:file:" + dir.resolve("old/alliance"));
        assertThat(dir.resolve("old")).doesNotExist();
    }

    // ---------------------------------------------------------------- the command line

    static CommandRun cli(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void theCommandLineRefusesWithOneSentenceAndExit2AndSaysWhenADayIsAlreadySwept() throws IOException {
        String url = Store.sqliteUrl(dir.resolve("cli"));
        String first = sampleDay(0).toString();
        CommandRun swept = cli("sweep", "--day", first, sample(sampleDay(0)).toString(), "--db", url);
        assertThat(swept.code()).isEqualTo(ExitCodes.OK);

        CommandRun again = cli("sweep", "--day", first, sample(sampleDay(0)).toString(), "--db", url);
        assertThat(again.code()).isEqualTo(ExitCodes.OK);
        assertThat(again.out()).contains("already swept");

        CommandRun gap = cli("sweep", "--day", sampleDay(2).toString(), sample(sampleDay(2)).toString(), "--db", url);
        assertThat(gap.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(gap.out()).isEmpty();
        List<String> refusals = gap.err().lines().filter(l -> l.startsWith("refused:")).collect(Collectors.toList());
        assertThat(refusals).singleElement().satisfies(l -> assertThat(l).contains("--allow-gap"));
        assertThat(gap.err()).doesNotContain("Exception").doesNotContain("\tat ");

        Path bad = dir.resolve("bad.csv");
        List<String> lines = Files.readAllLines(sample(sampleDay(1)));
        lines.set(4, lines.get(4).replace(",4.4,", ",5.5,"));
        Files.write(bad, lines);
        CommandRun badRow = cli("sweep", "--day", sampleDay(1).toString(), bad.toString(), "--db", url);
        assertThat(badRow.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(badRow.err()).contains(bad + ":5:");
        try (Store store = Store.open(url, "", "")) {
            assertThat(store.allRuns()).hasSize(1);
        }
    }

    // ---------------------------------------------------------------- snapshots written by the tests

    private static ObjectNode merchant(String id) {
        ObjectNode m = Json.jsonMapper().createObjectNode();
        m.put("id", id).put("shopType", "ENTERPRISE").put("category", "FOOD").put("onboardedOn", "2021-01-01")
                .put("shopOpen", true).put("accountNormal", true).put("businessNormal", true)
                .put("brandQualified", true).put("experienceScore", 4.5);
        return m;
    }

    private static ObjectNode alliance(boolean member, String admittedOn, int closures, String closedOn) {
        ObjectNode a = Json.jsonMapper().createObjectNode();
        a.put("member", member);
        if (admittedOn != null) {
            a.put("admittedOn", admittedOn);
        }
        a.put("closures", closures);
        if (closedOn != null) {
            a.put("closedOn", closedOn);
        }
        return a;
    }

    private static ObjectNode grade(int level, String lastChangedOn) {
        return Json.jsonMapper().createObjectNode().put("level", level).put("lastChangedOn", lastChangedOn);
    }

    /** 30-day figures beating every upgrade value of the default policy at LV3 (GRD-3). */
    private static ObjectNode goodMetrics() {
        return Json.jsonMapper().createObjectNode().put("complaintRate", 0.003).put("productGoodRate", 0.97)
                .put("serviceGoodRate", 0.97).put("avgDailyOrders", 450).put("avgDailyGmv", 22000.0);
    }

    private Path jsonl(String name, ObjectNode... merchants) throws IOException {
        StringBuilder text = new StringBuilder();
        for (ObjectNode m : merchants) {
            text.append(m).append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    /** {@code n} generated merchants (unique ids) as of 2026-11-22, one JSON object per line. */
    private Path population(String name, int n, long seed) throws IOException {
        var generator = new org.alliancerules.bench.PopulationGenerator(ENGINE.policies().find("default"),
                LocalDate.of(2026, 11, 22));
        Path file = dir.resolve(name);
        try (var out = Files.newBufferedWriter(file)) {
            var writer = Json.jsonMapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
            for (var m : generator.merchants(seed, n)) {
                out.write(writer.writeValueAsString(m));
                out.write('\n');
            }
        }
        return file;
    }

    /** The second sample day with m-road at 3.60 instead of 3.40: a warning (CHK-1), no closure. */
    private Path changedSecondDay() throws IOException {
        Path changed = dir.resolve("changed-" + sampleDay(1) + ".csv");
        List<String> lines = Files.readAllLines(sample(sampleDay(1)));
        assertThat(lines.get(1)).startsWith("m-road,").contains(",3.4,");
        lines.set(1, lines.get(1).replace(",3.4,", ",3.6,"));
        Files.write(changed, lines);
        return changed;
    }

    private static void copyTo(Path from, Path to) {
        try {
            Files.copy(from, to);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Map<String, String>> readCsv(Path file) throws IOException {
        CsvMapper csv = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = csv.readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return it.readAll();
        }
    }
}
