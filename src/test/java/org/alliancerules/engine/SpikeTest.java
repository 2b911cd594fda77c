package org.alliancerules.engine;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.alliancerules.model.*;
import org.junit.jupiter.api.Test;

class SpikeTest {
    @Test
    void spike() {
        long t0 = System.nanoTime();
        RulesEngine e = RulesEngine.builder().rulesDirectory(Path.of("rules")).build();
        System.out.println("build ms " + (System.nanoTime() - t0) / 1e6);
        e.ruleSet().rules().forEach(System.out::println);
        MerchantInput m = new MerchantInput("m-1", "c-1", "ENTERPRISE", "FRESH", LocalDate.of(2021, 3, 1), true, true, true,
                3.41, true, List.of(new PenaltyInput("MERCHANT_VIOLATION", LocalDate.of(2026, 5, 2), false, false)),
                new AllianceState(true, LocalDate.of(2025, 6, 1), 2, LocalDate.of(2025, 2, 10)),
                new GradeState(3, LocalDate.of(2026, 10, 1), null),
                new Metrics30d(0.004, 0.96, 0.97, 250, 17600), List.of());
        MerchantInput m2 = new MerchantInput("m-2", "c-1", "ENTERPRISE", "FOOD", LocalDate.of(2026, 10, 1), true, true, false,
                null, false, List.of(new PenaltyInput("OTHER", LocalDate.of(2020, 5, 2), true, false)),
                null, null, null, List.of());
        System.out.println(e.evaluateTraced(new EvaluationRequest(LocalDate.of(2026, 11, 22), null, List.of(m, m2))));
    }
}
