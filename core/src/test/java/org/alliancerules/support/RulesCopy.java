package org.alliancerules.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A copy of the project's rules/ directory (DRL, policy/, catalogue, v3/) for a test to edit. */
public final class RulesCopy {

    private RulesCopy() {
    }

    /** Copies rules/ to {@code dir}/rules and returns that folder. */
    public static Path into(Path dir) throws IOException {
        Path source = Path.of("rules");
        Path copy = dir.resolve("rules");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }
}
