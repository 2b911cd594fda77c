package org.alliancerules.sweep;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a class of the test classpath in a child JVM (the crash test's sweeps, a second process holding a store). */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * The test classpath. Surefire runs the tests from a manifest-only jar but publishes the real classpath in
     * java.class.path; when that is only a jar whose manifest names the rest, the jar works as well.
     */
    static String classpath() {
        String cp = System.getProperty("java.class.path");
        if (cp == null || cp.isBlank()) {
            throw new IllegalStateException("java.class.path is empty: cannot start a child JVM");
        }
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                throw new IllegalStateException("java.class.path names a missing entry: " + entry);
            }
        }
        return cp;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A process builder for {@code java -cp <test classpath> [jvmOptions] mainClass args}. */
    static ProcessBuilder builder(List<String> jvmOptions, Class<?> mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.add("-cp");
        command.add(classpath());
        command.addAll(jvmOptions);
        command.add(mainClass.getName());
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /** Kills a child and waits for it to be gone. */
    static void kill(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    /** The thread dump of a running child ({@code jcmd PID Thread.print}), or why there is none. */
    static String threadDump(Process p) {
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    String.valueOf(p.pid()), "Thread.print").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            jcmd.waitFor();
            return out;
        } catch (IOException e) {
            return "(no thread dump: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(no thread dump: interrupted)";
        }
    }

    static void closeQuietly(Process p) {
        try {
            kill(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error ignored) {
            // the child is gone
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
