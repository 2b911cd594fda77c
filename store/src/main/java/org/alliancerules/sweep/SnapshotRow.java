package org.alliancerules.sweep;

import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.alliancerules.io.Problem;

/**
 * One row of a snapshot: where it is, and the merchant as the interchange contract spells it, or the
 * problem that kept it from being read (malformed JSON, a broken JSON column).
 *
 * @param raw the row's text as the file has it, for the reject file
 */
public record SnapshotRow(String source, long line, ObjectNode merchant, Problem unreadable, Supplier<String> raw) {
}
