package org.alliancerules.sweep;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.List;

import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;

/** A snapshot in a file: strict UTF-8 text, read through a SHA-256 of its bytes. */
abstract class FileSnapshot implements Snapshot {

    protected final Path file;

    FileSnapshot(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return file.toString();
    }

    /** The file's bytes as they are read (for the digest) and its text (malformed UTF-8 is an error). */
    record Opened(DigestInputStream bytes, BufferedReader text) {
    }

    /** Opens the file; a directory, a missing or an unreadable file is refused, naming the file. */
    Opened openText() throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(List.of(new Problem(name(), "", 0, 0, "is a directory, not a file")));
        }
        java.io.InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new InvalidInputException(List.of(RequestReader.fileProblem(file, e)));
        }
        DigestInputStream digest = Digests.sha256(in);
        return new Opened(digest, new BufferedReader(new InputStreamReader(digest, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)), 1 << 16));
    }
}
