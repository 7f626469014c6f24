package tiebreak.cli;

import java.util.ArrayList;
import java.util.List;

/** An aligned plain-text table: numbers right-aligned, text left-aligned. */
final class TablePrinter {
    private final List<String> headers;
    private final List<String[]> rows = new ArrayList<>();

    TablePrinter(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    void add(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("a row has " + cells.size() + " cells, the table " + headers.size() + " columns");
        }
        rows.add(cells.toArray(new String[0]));
    }

    String render() {
        int[] width = new int[headers.size()];
        boolean[] numeric = new boolean[headers.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = headers.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (String[] row : rows) {
                width[c] = Math.max(width[c], row[c].length());
                numeric[c] &= row[c].isEmpty() || row[c].matches("[-+0-9.eE∞]+|NaN|-");
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers.toArray(new String[0]), width, numeric);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < width.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        out.append(rule).append('\n');
        for (String[] row : rows) {
            line(out, row, width, numeric);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] width, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(width[c] - cells[c].length());
            line.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + cells[c] : cells[c] + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
