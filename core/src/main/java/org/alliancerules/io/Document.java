package org.alliancerules.io;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parsed (not yet validated) input document.
 *
 * @param source the name used in problems
 * @param root   the document's tree
 * @param lines  where each value of the tree starts in the file
 */
public record Document(String source, JsonNode root, LineIndex lines) {
}
