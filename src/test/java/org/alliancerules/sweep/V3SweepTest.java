package org.alliancerules.sweep;

import static org.alliancerules.sweep.SweepHarness.decisions;
import static org.alliancerules.sweep.SweepHarness.openH2;
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
        try (Store store = openH2(dir.resolve("store"))) {
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
}
