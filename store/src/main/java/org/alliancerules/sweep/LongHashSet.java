package org.alliancerules.sweep;

/**
 * A set of 64-bit hashes in one open-addressing array (8 bytes a slot, at most 2/3 full): enough to
 * find duplicate merchant ids among tens of millions of rows without keeping the ids.
 */
final class LongHashSet {

    private static final long EMPTY = 0L;

    private long[] slots = new long[1 << 16];
    private int size;
    private boolean hasZero;

    /** Adds a hash; false when it was already there. */
    boolean add(long value) {
        if (value == EMPTY) {
            boolean added = !hasZero;
            hasZero = true;
            return added;
        }
        if ((size + 1) * 3L > slots.length * 2L) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) (value ^ (value >>> 32)) & mask;
        while (slots[i] != EMPTY) {
            if (slots[i] == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = value;
        size++;
        return true;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long v : old) {
            if (v != EMPTY) {
                int i = (int) (v ^ (v >>> 32)) & mask;
                while (slots[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                slots[i] = v;
            }
        }
    }
}
