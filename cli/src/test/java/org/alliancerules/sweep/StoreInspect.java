package org.alliancerules.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.alliancerules.store.Store;
import org.alliancerules.store.StoreMaintenance;
import org.alliancerules.store.StoreUnavailableException;

/**
 * A reader that comes to a store afresh (for the crash tests, in a child JVM of its own): opens the store at
 * {@code args[0]} as any later process would ({@link Store#openExisting}; user {@code args[2]} if given, the
 * password from {@value ChildJvm#PASSWORD_VARIABLE}), runs {@link StoreMaintenance#check} and prints what it
 * found, then writes everything a reader can see ({@link Store#dump()}) to the file {@code args[1]}. Exit 0 when
 * the store is whole (SQLite's integrity check says "ok", the tables agree, and no run is left RUNNING), 1 when
 * it is not, 4 when it does not open.
 *
 * <p>Why a fresh JVM: what a crash leaves must be read by a process that shares nothing with the one that
 * wrote it, nor with the test (no driver, cache, lock or connection of theirs), exactly as the next day's sweep
 * or an operator's {@code store check} comes to it. The test side is {@link #inFreshJvm}.
 */
public final class StoreInspect {

    private StoreInspect() {
    }

    public static void main(String[] args) throws IOException {
        String user = args.length > 2 ? args[2] : "";
        int exit;
        try (Store store = Store.openExisting(args[0], user, System.getenv(ChildJvm.PASSWORD_VARIABLE))) {
            StoreMaintenance.Check check = StoreMaintenance.check(store);
            System.out.println("store " + check.url() + " (" + check.database() + ", schema " + check.schemaVersion()
                    + ")");
            System.out.println("integrity: " + (check.integrity().isEmpty() ? "(none: not SQLite)"
                    : String.join("; ", check.integrity())));
            System.out.println("inconsistencies: " + check.inconsistencies().size());
            check.inconsistencies().forEach(p -> System.out.println("  " + p));
            System.out.println("runs: " + check.committed() + " committed, " + check.replaced() + " replaced, days "
                    + check.firstDay() + " .. " + check.lastDay());
            System.out.println("dead runs: " + check.dead().size());
            check.dead().forEach(d -> System.out.println("  run " + d.run().runId() + " (" + d.run().day() + "): "
                    + d.decisions() + " decisions, " + d.states() + " states, " + d.counts() + " counts"));
            Files.writeString(Path.of(args[1]), store.dump());
            boolean whole = check.ok() && check.dead().isEmpty();
            System.out.println(whole ? "whole" : "NOT WHOLE");
            exit = whole ? 0 : 1;
        } catch (StoreUnavailableException e) {
            System.out.println("store unavailable: " + e.getMessage());
            exit = 4;
        }
        System.out.flush();
        System.exit(exit);
    }

    // ---------------------------------------------------------------- the test side

    /** A dump's SHA-256 and size, and the dump itself kept on disk to show a difference. */
    record Dump(String sha256, long chars, Path file) {

        boolean sameAs(Dump other) {
            return sha256.equals(other.sha256);
        }

        /** Fails unless the dumps are equal, naming the first line that differs and both files. */
        void assertSameAs(Dump expected, String what, String expectedName) throws IOException {
            if (sameAs(expected)) {
                return;
            }
            List<String> a = Files.readAllLines(file);
            List<String> e = Files.readAllLines(expected.file);
            for (int i = 0; i < Math.max(a.size(), e.size()); i++) {
                String x = i < a.size() ? a.get(i) : "<end>";
                String y = i < e.size() ? e.get(i) : "<end>";
                if (!x.equals(y)) {
                    throw new AssertionError(what + " differs from the " + expectedName + " store at dump line " + (i + 1)
                            + ":\n  " + what + ": " + x + "\n  " + expectedName + ": " + y
                            + "\n(dumps: " + file + ", " + expected.file + ")");
                }
            }
            throw new AssertionError("dumps differ but no line does");
        }
    }

    /**
     * Inspects the store at {@code url} in a fresh child JVM, asserts that it is whole, and returns its dump
     * (written to {@code dumpFile}; the child's report goes next to it, {@code .log}).
     */
    static Dump inFreshJvm(String url, String user, String password, Path dumpFile) throws Exception {
        List<String> args = new ArrayList<>(List.of(url, dumpFile.toString()));
        if (user != null && !user.isEmpty()) {
            args.add(user);
        }
        // a short-lived reader: the quick compiler and the serial collector start it soonest
        ProcessBuilder pb = ChildJvm.withPassword(ChildJvm.builder(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                StoreInspect.class, args), password).redirectErrorStream(true);
        Path log = dumpFile.resolveSibling(dumpFile.getFileName() + ".log");
        int exit;
        String report;
        try (ChildJvm.Watched child = ChildJvm.Watched.start(pb, log)) {
            exit = child.waitForExit();
            report = child.output();
        }
        assertThat(exit).as("a fresh JVM finds the store at %s whole (exit 0):\n%s", url, report).isZero();
        String text = Files.readString(dumpFile);
        return new Dump(sha256(text), text.length(), dumpFile);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
