package org.alliancerules.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.sweep.CsvSnapshot;
import org.alliancerules.sweep.JsonLinesSnapshot;
import org.alliancerules.sweep.Snapshot;
import org.alliancerules.sweep.SnapshotRow;

/**
 * Where a stored merchant's experience score per day comes from. The store keeps states and decisions, not
 * scores (a decision's reason quotes a score only on the days a score clause decided something), so the
 * report reads the scores again from the snapshot files each day's run names ({@code runs.snapshot_names},
 * relative names against the working directory) — and only if the files read now have the SHA-256 the run
 * recorded ({@code runs.snapshot_sha256}): a file that is gone, unreadable or changed since gives no score
 * for that day (a gap in the line, and a note), never a guessed one.
 */
public final class SnapshotScores {

    /** Scores per merchant (day to score), and a note per day without scores. */
    public record Scores(Map<String, Map<String, Double>> byMerchant, List<String> notes) {
    }

    private SnapshotScores() {
    }

    public static Scores read(List<StoreReport.Day> days, Set<String> merchants) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        List<String> notes = new ArrayList<>();
        if (merchants.isEmpty()) {
            return new Scores(out, notes);
        }
        for (StoreReport.Day d : days) {
            String day = d.day().toString();
            List<Snapshot> snapshots = new ArrayList<>();
            String missing = null;
            for (String name : d.snapshotNames().split(", ")) {
                Path file = Path.of(name);
                String lower = name.toLowerCase(Locale.ROOT);
                if (!Files.isRegularFile(file)) {
                    missing = name + " is not there";
                } else if (lower.endsWith(".csv")) {
                    snapshots.add(new CsvSnapshot(file));
                } else if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
                    snapshots.add(new JsonLinesSnapshot(file));
                } else {
                    missing = name + " is not a snapshot file";
                }
                if (missing != null) {
                    break;
                }
            }
            if (missing != null) {
                notes.add(day + ": no scores (" + missing + ")");
                continue;
            }
            Map<String, Double> found = new HashMap<>();
            MessageDigest overall = sha256();
            try {
                for (Snapshot s : snapshots) {
                    try (Snapshot.Rows rows = s.open()) {
                        for (SnapshotRow row = rows.next(); row != null; row = rows.next()) {
                            if (row.merchant() == null) {
                                continue;
                            }
                            JsonNode id = row.merchant().get("id");
                            if (id != null && id.isTextual() && merchants.contains(id.asText())) {
                                JsonNode score = row.merchant().get("experienceScore");
                                found.put(id.asText(), score != null && score.isNumber() ? score.asDouble() : null);
                            }
                        }
                        overall.update(rows.digest());
                    }
                }
            } catch (IOException | InvalidInputException e) {
                notes.add(day + ": no scores (" + d.snapshotNames() + " cannot be read: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
                continue;
            }
            if (!HexFormat.of().formatHex(overall.digest()).equals(d.snapshotSha256())) {
                notes.add(day + ": no scores (" + d.snapshotNames() + " changed since the day was swept: its SHA-256 differs)");
                continue;
            }
            found.forEach((id, score) -> out.computeIfAbsent(id, k -> new HashMap<>()).put(day, score));
        }
        return new Scores(out, notes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
