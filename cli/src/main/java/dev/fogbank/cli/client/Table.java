package dev.fogbank.cli.client;

import java.util.ArrayList;
import java.util.List;

/** Rows of text under a header, each column as wide as its widest cell, two spaces apart. */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  private Table(List<String> header) {
    this.header = header;
  }

  public static Table of(String... header) {
    return new Table(List.of(header));
  }

  public Table row(String... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "a row has " + cells.length + " cells; the header has " + header.size());
    }
    List<String> row = new ArrayList<>();
    for (String cell : cells) {
      // One line per row: a message with newlines would break the columns.
      row.add(cell == null || cell.isEmpty() ? "-" : cell.replaceAll("\\s*\\R\\s*", " "));
    }
    rows.add(row);
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, one line per row, each ending in a newline; trailing blanks trimmed. */
  public String render() {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    rows.forEach(r -> line(out, r, widths));
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      line.append(cells.get(i));
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - cells.get(i).length() + 2));
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
