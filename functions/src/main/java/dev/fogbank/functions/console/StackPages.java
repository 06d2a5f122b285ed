package dev.fogbank.functions.console;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.StackSummaries;
import dev.fogbank.shared.history.StackSummary;
import dev.fogbank.shared.paging.PageTokens;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which stacks the stacks page shows, and the figures above them.
 *
 * <p>Unfiltered, for a caller who may read every stack: one page of the stack index (a Query of
 * {@code PAGE + 1} items from the position in the link, {@link StackSummaries#page} or {@link
 * StackSummaries#pageBefore}) and the index's count ({@link StackSummaries#count}, one GetItem):
 * the same reads for 10 stacks or 10,000. Filtered by name or status, or for a caller who may
 * read only some stacks: the whole index ({@link StackSummaries#list}), filtered here, because
 * neither a name pattern nor a caller's grants can be counted from a stored figure.
 *
 * <p>A position travels in the page links as one of the API's signed page tokens ({@link
 * PageTokens}, the same as {@code GET /stacks}' {@code nextToken}), bound to the filter: {@code
 * a<offset>:<name>} (the rows after {@code name}) or {@code b<offset>:<name>} (the rows before it,
 * for "Previous page"). The offset only numbers the rows shown ("Stacks 101–200").
 */
final class StackPages {
  static final int PAGE = ConsoleViews.STACKS_PAGE;

  /** Where a page starts: after {@code name} (or before it), {@code offset} rows in. */
  record Position(boolean before, int offset, String name) {
    static final Position FIRST = new Position(false, 0, null);

    String cursor() {
      return name == null ? null : (before ? "b" : "a") + offset + ":" + name;
    }

    static Position parse(String cursor) {
      if (cursor == null) {
        return FIRST;
      }
      int colon = cursor.indexOf(':');
      if (cursor.length() < 3 || colon < 2 || (cursor.charAt(0) != 'a' && cursor.charAt(0) != 'b')) {
        throw stale();
      }
      try {
        int offset = Integer.parseInt(cursor.substring(1, colon));
        return new Position(cursor.charAt(0) == 'b', Math.max(0, offset),
            cursor.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw stale();
      }
    }
  }

  /**
   * The rows read from the index for a position (one more than a page, to know whether another
   * follows), and the position they were read from (the first page when the link's was stale).
   */
  record Window(Position at, List<StackSummary> rows) {}

  /**
   * What the page shows: the rows, how many stacks there are (that the caller may read) and match
   * the filter, the first row's offset, and the tokens of this page, the previous and the next one
   * (null where there is none).
   */
  record Slice(
      List<StackSummary> shown,
      int total,
      int matching,
      int offset,
      String token,
      String previousToken,
      String nextToken) {}

  private final PageTokens tokens;

  StackPages(PageTokens tokens) {
    this.tokens = tokens;
  }

  /** The position in {@code token}, issued for this filter; the first page without one. */
  Position open(String name, String status, String token) {
    String cursor;
    try {
      cursor = tokens.open(listing(name, status), token);
    } catch (DeploymentException e) {
      throw stale();
    }
    return Position.parse(cursor);
  }

  /** Whether the page may be read from the index and its count (no filter to apply). */
  static boolean unfiltered(String name, String status) {
    return (name == null || name.isBlank()) && (status == null || status.isEmpty());
  }

  /** Reads one page of the index at {@code at} (a stale position: the first page). */
  static Window window(StackSummaries stacks, Position at) {
    if (at.name() == null) {
      return new Window(at, stacks.page(null, PAGE + 1, x -> true));
    }
    if (at.before()) {
      List<StackSummary> rows = stacks.pageBefore(at.name(), PAGE + 1);
      // Not a page and one more before it: the first page is what comes before.
      return rows.size() > PAGE ? new Window(at, rows) : window(stacks, Position.FIRST);
    }
    List<StackSummary> rows = stacks.page(at.name(), PAGE + 1, x -> true);
    return rows.isEmpty() ? window(stacks, Position.FIRST) : new Window(at, rows);
  }

  /** The unfiltered page from its window and the index's count. */
  Slice indexed(Window window, int total, String name, String status) {
    Position at = window.at();
    List<StackSummary> rows = window.rows();
    List<StackSummary> shown;
    int offset;
    boolean previous;
    boolean next;
    if (at.before()) {
      shown = rows.subList(rows.size() - PAGE, rows.size());
      offset = Math.max(1, at.offset() - PAGE);
      previous = true;
      next = true;
    } else {
      shown = rows.subList(0, Math.min(PAGE, rows.size()));
      offset = at.name() == null ? 0 : Math.max(1, at.offset());
      previous = at.name() != null;
      next = rows.size() > PAGE;
    }
    // The offset is carried in the links: stacks created since may have moved it.
    offset = Math.max(previous ? 1 : 0, Math.min(offset, total - shown.size()));
    return slice(shown, Math.max(total, shown.size()), Math.max(total, shown.size()), offset,
        at, previous, next, name, status);
  }

  /** The page from every stack the caller may read, filtered by name pattern and status. */
  Slice filtered(List<StackSummary> readable, String namePattern, String status, Position at) {
    Pattern name = ConsoleViews.glob(namePattern);
    List<StackSummary> matching =
        readable.stream()
            .filter(x -> name.matcher(x.stack().name()).find())
            .filter(x -> status.isEmpty() || x.latestStatus().name().equals(status))
            .toList();
    int start = 0;
    Position from = at;
    if (at.name() != null) {
      int index = 0;
      while (index < matching.size()
          && matching.get(index).stack().name().compareTo(at.name()) < (at.before() ? 0 : 1)) {
        index++;
      }
      start = at.before() ? Math.max(0, index - PAGE) : index;
      if (start >= matching.size() || (at.before() && index - PAGE <= 0)) {
        start = 0;
        from = Position.FIRST;
      }
    }
    List<StackSummary> shown = matching.subList(start, Math.min(matching.size(), start + PAGE));
    return slice(shown, readable.size(), matching.size(), start, from, start > 0,
        start + PAGE < matching.size(), namePattern, status);
  }

  private Slice slice(
      List<StackSummary> shown, int total, int matching, int offset, Position at,
      boolean previous, boolean next, String name, String status) {
    String listing = listing(name, status);
    return new Slice(
        shown,
        total,
        matching,
        offset,
        tokens.seal(listing, at.cursor()),
        previous && !shown.isEmpty()
            ? tokens.seal(listing,
                new Position(true, offset, shown.getFirst().stack().name()).cursor())
            : null,
        next && !shown.isEmpty()
            ? tokens.seal(listing,
                new Position(false, offset + shown.size(), shown.getLast().stack().name())
                    .cursor())
            : null);
  }

  /** What a token is bound to: this page and its filter (another filter's token is refused). */
  private static String listing(String name, String status) {
    return "console-stacks\u0000" + (name == null ? "" : name) + "\u0000"
        + (status == null ? "" : status);
  }

  private static DeploymentException stale() {
    return new DeploymentException(
        ErrorCode.INVALID_NEXT_TOKEN,
        "This page link is stale or was altered (the console was restarted, or the filter"
            + " changed): open the stacks page again from its first page.");
  }
}
