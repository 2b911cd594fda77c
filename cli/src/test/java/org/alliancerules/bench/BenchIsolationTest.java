package org.alliancerules.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The oracle and the benchmark code must never be in the product's decision path: no class of the
 * engine, model, io, policy or facts packages may refer to org.alliancerules.bench (checked on the
 * compiled classes' constant pools, so imports, fully qualified names and reflection strings all count).
 */
class BenchIsolationTest {

    private static final String BENCH = "org/alliancerules/bench";
    private static final List<String> PRODUCT = List.of("engine", "model", "io", "policy", "facts");

    @Test
    void productPackagesDoNotReferenceTheBenchCode() throws IOException {
        Path classes = Path.of("core", "target", "classes", "org", "alliancerules");
        int checked = 0;
        for (String pkg : PRODUCT) {
            Path dir = classes.resolve(pkg);
            assertThat(dir).isDirectory();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    assertThat(text).as("%s refers to the bench code", f).doesNotContain(BENCH)
                            .doesNotContain("org.alliancerules.bench");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
    }
}
