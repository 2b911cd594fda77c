package org.alliancerules.sweep;

import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers (every JVM has SHA-256). */
final class Digests {

    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    static DigestInputStream sha256(InputStream in) {
        return new DigestInputStream(in, sha256());
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
