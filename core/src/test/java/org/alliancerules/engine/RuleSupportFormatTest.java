package org.alliancerules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Reasons print numbers exactly as {@code String.format(Locale.ROOT, "%.2f", x)} did. */
class RuleSupportFormatTest {

    private static String formatter(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    @Test
    void twoDecimalsIsTheFormattersTextForBoundaryValues() {
        double[] values = {0.0, -0.0, 0.004, 0.005, 0.015, 0.125, 1.005, 2.675, 3.49, 3.5, 3.499999, 3.995, 4.0,
                0.1 + 0.2, 1e-5, 1e-12, 99.995, 249.995, 1234567.125, 1e14 + 0.5, 5e15, -1.005, -3.5, Double.MIN_VALUE};
        for (double x : values) {
            assertThat(RuleSupport.twoDecimals(x)).as("%s", x).isEqualTo(formatter(x));
        }
    }

    @Test
    void twoDecimalsIsTheFormattersTextForRandomValues() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 4) {
                case 0 -> random.nextDouble() * 5;                        // scores
                case 1 -> Math.round(random.nextDouble() * 100_000) / 1000.0 + 0.005; // half-way cases
                case 2 -> random.nextDouble() * 100;                      // percentages
                default -> random.nextDouble() * 1_000_000;               // money
            };
            assertThat(RuleSupport.twoDecimals(x)).as("%s", x).isEqualTo(formatter(x));
        }
        assertThat(RuleSupport.pct(0.004)).isEqualTo("0.40%");
        assertThat(RuleSupport.score(3.405)).isEqualTo(formatter(3.405));
    }
}
