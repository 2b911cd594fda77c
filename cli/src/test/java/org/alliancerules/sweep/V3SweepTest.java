package org.alliancerules.sweep;

import static org.alliancerules.sweep.SweepHarness.decisions;
import static org.alliancerules.sweep.SweepHarness.openStore;
import static org.alliancerules.sweep.SweepHarness.stateAfter;
import static org.alliancerules.sweep.SweepHarness.sweep;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.alliancerules.model.LadderState;
import org.alliancerules.store.HistoryEntry;
import org.alliancerules.store.Store;
import org.alliancerules.store.StoredState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the sweep carries the seed-003 profile's violation ladder (V3-VIO-1, PR-28) from day to day in its
 * store, as it carries the closures: a violation counts once however many days the snapshot repeats it, and
 * the second one closes the alliance permission for 30 days.
 */
class V3SweepTest {

    @TempDir
    Path dir;

    /** A shop in good standing, a member since 2025-03-01, with the violations given (JSON array text). */
    private Path snapshot(String day, String violations) throws IOException {
        return Files.writeString(dir.resolve(day + ".jsonl"), "{\"id\":\"m-v3\",\"shopType\":\"ENTERPRISE\",\"category\":\"APPAREL\","
                + "\"onboardedOn\":\"2025-01-10\",\"experienceScore\":4.6,\"genuineOrders\":300,"
                + "\"alliance\":{\"member\":true,\"admittedOn\":\"2025-03-01\",\"closures\":0},\"violations\":" + violations + "}\n");
    }

    private static SweepOptions v3(LocalDate day) {
        return new SweepOptions(day, "v3", false, false, null, 500);
    }

    @Test
    void theViolationLadderChainsThroughTheStore() throws IOException {
        LocalDate d1 = LocalDate.of(2026, 11, 25);
        LocalDate d2 = d1.plusDays(1);
        LocalDate d3 = d1.plusDays(2);
        String first = "{\"on\":\"2026-11-25\",\"kind\":\"QUALITY\"}";
        try (Store store = openStore(dir.resolve("store"))) {
            sweep(store, v3(d1), snapshot("d1", "[" + first + "]"));
            // the snapshot repeats yesterday's violation, and its own ladder (none): the store's ladder wins
            sweep(store, v3(d2), snapshot("d2", "[" + first + "]"));
            sweep(store, v3(d3), snapshot("d3", "[" + first + ",{\"on\":\"2026-11-27\",\"kind\":\"QUALITY\"}]"));

            // day 1: the first violation warns and limits traffic for 7 days (v3.ladder.trafficLimitDays)
            StoredState after1 = stateAfter(store, "m-v3", d1);
            assertThat(after1.ladder()).isEqualTo(new LadderState(1, d1, d1.plusDays(7), null, false));
            // day 2: counted through day 1, the same violation does not count again: nothing happens
            assertThat(stateAfter(store, "m-v3", d2).ladder()).isEqualTo(after1.ladder());
            // day 3: the second violation closes the permission for 30 days (v3.ladder.closureDays)
            StoredState after3 = stateAfter(store, "m-v3", d3);
            assertThat(after3.ladder()).isEqualTo(new LadderState(2, d3, d1.plusDays(7), d3.plusDays(30), false));
            assertThat(after3.alliance().member()).isFalse();
            assertThat(after3.alliance().closedOn()).isEqualTo(d3);

            assertThat(store.history("m-v3", null, null)).extracting(h -> decisions(h.decisions()).toString())
                    .containsExactly("[VIOLATION_WARNING V3-VIO-1]", "[ALLIANCE_CLOSED V3-VIO-1]");
            assertThat(store.history("m-v3", null, null)).extracting(HistoryEntry::policy).containsOnly("v3@2026-11-25");
        }
    }

    /** The same shop as a CSV snapshot: the P2 fields as columns, its violations as a JSON array in one cell. */
    private Path csv(String day, String violations) throws IOException {
        return Files.writeString(dir.resolve(day + ".csv"),
                "id,shopType,category,onboardedOn,experienceScore,genuineOrders,alliance.member,alliance.admittedOn,"
                        + "alliance.closures,violations\n"
                        + "m-v3,ENTERPRISE,APPAREL,2025-01-10,4.6,300,true,2025-03-01,0,\"" + violations.replace("\"", "\"\"") + "\"\n");
    }

    @Test
    void aCsvSnapshotCarriesTheP2FieldsAsAJsonLinesOneDoes() throws IOException {
        LocalDate d1 = LocalDate.of(2026, 11, 25);
        String first = "{\"on\":\"2026-11-25\",\"kind\":\"QUALITY\"}";
        String both = "[" + first + ",{\"on\":\"2026-11-27\",\"kind\":\"QUALITY\"}]";
        try (Store fromCsv = openStore(dir.resolve("csv")); Store fromJsonLines = openStore(dir.resolve("jsonl"))) {
            sweep(fromCsv, v3(d1), csv("c1", "[" + first + "]"));
            sweep(fromCsv, v3(d1.plusDays(1)), csv("c2", "[" + first + "]"));
            sweep(fromCsv, v3(d1.plusDays(2)), csv("c3", both));
            sweep(fromJsonLines, v3(d1), snapshot("j1", "[" + first + "]"));
            sweep(fromJsonLines, v3(d1.plusDays(1)), snapshot("j2", "[" + first + "]"));
            sweep(fromJsonLines, v3(d1.plusDays(2)), snapshot("j3", both));
            assertThat(fromCsv.history("m-v3", null, null)).extracting(h -> decisions(h.decisions()).toString())
                    .containsExactly("[VIOLATION_WARNING V3-VIO-1]", "[ALLIANCE_CLOSED V3-VIO-1]");
            assertThat(stateAfter(fromCsv, "m-v3", d1.plusDays(2)).ladder())
                    .isEqualTo(stateAfter(fromJsonLines, "m-v3", d1.plusDays(2)).ladder());
        }
    }

    @Test
    void inACsvSnapshotAnEmptyProductListIsNotAnAbsentOne() throws IOException {
        // PRD-6 on a review day (Monday 2026-11-30): an empty products list is a week without a new product
        // (0 < 3); an absent one is a shop whose products the snapshot does not give: no product rule applies
        LocalDate monday = LocalDate.of(2026, 11, 30);
        Path file = Files.writeString(dir.resolve("monday.csv"),
                "id,shopType,category,onboardedOn,experienceScore,genuineOrders,alliance.member,alliance.admittedOn,"
                        + "alliance.closures,products\n"
                        + "m-empty,ENTERPRISE,APPAREL,2025-01-10,4.6,300,true,2025-03-01,0,[]\n"
                        + "m-absent,ENTERPRISE,APPAREL,2025-01-10,4.6,300,true,2025-03-01,0,\n");
        try (Store store = openStore(dir.resolve("monday"))) {
            sweep(store, v3(monday), file);
            assertThat(store.history("m-empty", null, null)).extracting(h -> decisions(h.decisions()).toString())
                    .containsExactly("[NEW_PRODUCTS_SHORT PRD-6]");
            assertThat(store.history("m-absent", null, null)).allSatisfy(h -> assertThat(h.decisions()).isEmpty());
        }
    }

    @Test
    void theSnapshotWriterKeepsAnEmptyP2ListAndTheReaderReadsItBack() throws IOException {
        Path file = dir.resolve("written.csv");
        org.alliancerules.model.MerchantInput empty = org.alliancerules.io.Json.jsonMapper().readValue(
                "{\"id\":\"m-1\",\"products\":[],\"penalties\":[],\"ladder\":{\"violations\":2,\"removed\":false}}",
                org.alliancerules.model.MerchantInput.class);
        try (SnapshotWriter writer = new SnapshotWriter(file)) {
            writer.write(empty);
        }
        try (Snapshot.Rows rows = SweepHarness.snapshot(file).open()) {
            com.fasterxml.jackson.databind.JsonNode m = rows.next().merchant();
            assertThat(m.get("products").isArray() && m.get("products").isEmpty()).as("products %s", m).isTrue();
            assertThat(m.has("penalties")).as("an empty penalties list is written as absent, as before").isFalse();
            assertThat(m.path("ladder").path("violations").asInt()).isEqualTo(2);
            assertThat(m.path("ladder").path("removed").asBoolean(true)).isFalse();
        }
    }
}
