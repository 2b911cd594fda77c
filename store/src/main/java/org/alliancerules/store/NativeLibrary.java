package org.alliancerules.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.alliancerules.engine.PrecompiledRules;

/**
 * Where sqlite-jdbc puts its native library. It extracts the library into {@code org.sqlite.tmpdir} (by
 * default {@code /tmp}) once per JVM and deletes it when the JVM exits normally; a JVM killed with -9 leaves it
 * behind. So the library goes into a folder of the tool's own, {@code sqlite-native/} under the tool's cache folder
 * ({@link PrecompiledRules#cacheFolder()}), and copies older than a day, left by killed JVMs, are removed there. A
 * host that sets {@code org.sqlite.tmpdir} itself keeps its choice; with the cache off, sqlite-jdbc's default.
 */
final class NativeLibrary {

    private static final String PROPERTY = "org.sqlite.tmpdir";
    private static final Duration STALE = Duration.ofDays(1);

    private NativeLibrary() {
    }

    static void keepOutOfTmp() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        Path cache = PrecompiledRules.cacheFolder();
        if (cache == null) {
            return; // the cache is off: sqlite-jdbc's default, the system's temporary folder
        }
        Path folder = cache.resolve("sqlite-native");
        try {
            Files.createDirectories(folder);
        } catch (IOException | SecurityException e) {
            return; // sqlite-jdbc's default then: the system's temporary folder
        }
        if (!Files.isWritable(folder)) {
            return;
        }
        System.setProperty(PROPERTY, folder.toString());
        Instant before = Instant.now().minus(STALE);
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.getFileName().toString().startsWith("sqlite-")).forEach(f -> {
                try {
                    FileTime modified = Files.getLastModifiedTime(f);
                    if (modified.toInstant().isBefore(before)) {
                        Files.deleteIfExists(f); // a loaded library stays mapped in its JVM even when its file goes
                    }
                } catch (IOException ignored) {
                    // another JVM removed it first
                }
            });
        } catch (IOException ignored) {
            // cleaning is best effort
        }
    }
}
