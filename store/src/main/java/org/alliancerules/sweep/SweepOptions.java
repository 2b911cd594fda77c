package org.alliancerules.sweep;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What a sweep is asked to do.
 *
 * @param day        the day swept: the rules evaluate as of it
 * @param profile    the policy profile ("default" when null)
 * @param replace    a day already swept with a different snapshot (or rules, or policy) is swept again:
 *                   its state is rolled back to the day before first
 * @param allowGap   the day may leave days unswept after the last swept day
 * @param rejectFile when set, bad rows go there with their reasons and the rest is swept; when null, a
 *                   single bad row refuses the whole day
 * @param partSize   merchants per evaluation (one KIE session)
 */
public record SweepOptions(LocalDate day, String profile, boolean replace, boolean allowGap, Path rejectFile,
                           int partSize) {

    public static final int DEFAULT_PART_SIZE = 1_000;

    public SweepOptions {
        profile = profile == null || profile.isBlank() ? "default" : profile;
        partSize = partSize <= 0 ? DEFAULT_PART_SIZE : partSize;
    }

    public static SweepOptions of(LocalDate day) {
        return new SweepOptions(day, "default", false, false, null, DEFAULT_PART_SIZE);
    }

    public SweepOptions withReplace(boolean r) {
        return new SweepOptions(day, profile, r, allowGap, rejectFile, partSize);
    }

    public SweepOptions withAllowGap(boolean g) {
        return new SweepOptions(day, profile, replace, g, rejectFile, partSize);
    }

    public SweepOptions withRejectFile(Path f) {
        return new SweepOptions(day, profile, replace, allowGap, f, partSize);
    }
}
