package org.alliancerules.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/** One DRL file: the name a person knows it by (used in error locations) and its text. */
public record RuleSource(String name, String text) {

    /** The file's name without its directory. */
    public String fileName() {
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        return name.substring(slash + 1);
    }

    /** SHA-256 over every file's name (without directory) and text, in name order. */
    public static String checksum(List<RuleSource> sources) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (RuleSource s : sources.stream().sorted(Comparator.comparing(RuleSource::fileName)).toList()) {
                sha.update((s.fileName() + "\u0000" + s.text() + "\u0000").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
