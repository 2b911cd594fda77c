package org.alliancerules.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Merchants given in memory as the contract spells them (a simulation's day, a host application's
 * list): rows numbered from 1, checksum over each merchant's JSON text.
 */
public final class InMemorySnapshot implements Snapshot {

    private final String name;
    private final List<ObjectNode> merchants;

    public InMemorySnapshot(String name, List<ObjectNode> merchants) {
        this.name = name;
        this.merchants = List.copyOf(merchants);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Rows open() {
        MessageDigest digest = Digests.sha256();
        return new Rows() {
            int next;

            @Override
            public SnapshotRow next() {
                if (next >= merchants.size()) {
                    return null;
                }
                ObjectNode m = merchants.get(next++);
                String text = m.toString();
                digest.update(text.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
                return new SnapshotRow(name, next, m.deepCopy(), null, () -> text);
            }

            @Override
            public byte[] digest() {
                return digest.digest();
            }

            @Override
            public void close() {
            }
        };
    }
}
