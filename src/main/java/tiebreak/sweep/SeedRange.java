package tiebreak.sweep;

import java.util.AbstractList;

/** The seeds from, from + 1, ..., from + size − 1, without storing them: a count of 10^7 seeds costs nothing. */
final class SeedRange extends AbstractList<Long> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final long from;
    private final int size;

    SeedRange(long from, int size) {
        if (from < 0 || size < 0 || from > Long.MAX_VALUE - size) {
            throw new IllegalArgumentException("no seed range from " + from + " of size " + size);
        }
        this.from = from;
        this.size = size;
    }

    @Override
    public Long get(int index) {
        java.util.Objects.checkIndex(index, size);
        return from + index;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public SeedRange subList(int fromIndex, int toIndex) {
        java.util.Objects.checkFromToIndex(fromIndex, toIndex, size);
        return new SeedRange(from + fromIndex, toIndex - fromIndex);
    }
}
