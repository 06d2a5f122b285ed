package dev.fogbank.functions.console;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.StackSummaries;
import dev.fogbank.shared.history.StackSummary;
import dev.fogbank.shared.paging.PageTokens;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which stacks the stacks page shows, and the figures above them.
 *
 * <p>Unfiltered, for a caller who may read every stack: one page of the stack index (a Query of
 * {@code PAGE + 1} items from the position in the link, {@link StackSummaries#page} or {@link
 * StackSummaries#pageBefore}) and the index's count ({@link StackSummaries#count}, one GetItem):
 * the same reads for 10 stacks or 10,000. Filtered by name or status, or for a caller who may
 * read only some stacks: the index from the link's position on until a page and one more match
 * ({@link StackSummaries#matching}; only the key ranges a pattern's literal start can lie in,
 * {@link ConsoleViews#literalPrefix}), filtered here; neither a name pattern nor a caller's
 * grants can be counted from a stored figure, so such a page says whether more follow, not how
 * many.
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
   * What the page shows: the rows, how many stacks there are (that the caller may read; null: not
   * known without reading every stack) and match the filter (null: not known, see {@link
   * #filtered}), the first row's offset, and the tokens of this page, the previous and the next one
   * (null where there is none).
   */
  record Slice(
      List<StackSummary> shown,
      Integer total,
      Integer matching,
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

  /**
   * Reads one page of the stacks that {@code keep} accepts at {@code at}, among the names starting
   * with {@code prefix} (any case; null: every name): the index from the position on until a page
   * and one more are kept or it ends ({@link StackSummaries#matching}), not the whole index. A
   * stale position: the first page.
   */
  static Window window(StackSummaries stacks, String prefix, Position at, Keep keep) {
    keep.readable = 0;
    if (at.name() == null) {
      return new Window(at, stacks.matching(prefix, null, false, PAGE + 1, keep));
    }
    if (at.before()) {
      List<StackSummary> rows = stacks.matching(prefix, at.name(), true, PAGE + 1, keep);
      return rows.size() > PAGE ? new Window(at, rows) : window(stacks, prefix, Position.FIRST, keep);
    }
    List<StackSummary> rows = stacks.matching(prefix, at.name(), false, PAGE + 1, keep);
    return rows.isEmpty() ? window(stacks, prefix, Position.FIRST, keep) : new Window(at, rows);
  }

  /**
   * What a filtered page keeps: the stacks the caller may read that match the name pattern ({@link
   * ConsoleViews#glob}) and the status; it counts the readable ones it was shown, which is how
   * many the caller may read when one read went through the whole index.
   */
  static final class Keep implements Predicate<StackSummary> {
    private final Predicate<StackSummary> may;
    private final Pattern name;
    private final String status;
    private int readable;

    Keep(Predicate<StackSummary> may, String namePattern, String status) {
      this.may = may;
      this.name = ConsoleViews.glob(namePattern);
      this.status = status == null ? "" : status;
    }

    @Override
    public boolean test(StackSummary x) {
      if (!may.test(x)) {
        return false;
      }
      readable++;
      return name.matcher(x.stack().name()).find()
          && (status.isEmpty() || x.latestStatus().name().equals(status));
    }
  }

  /** The unfiltered page from its window and the index's count. */
  Slice indexed(Window window, int total, String name, String status) {
    return slice(window, total, total, name, status);
  }

  /**
   * A filtered page from its window. How many match is known only when the page holds them all
   * (the first page, with no next one): else the page says there are more, not how many, since
   * counting them would mean reading the whole index. {@code total}: every stack (the index's
   * count, for a caller who may read them all), or null for a caller who may read some only;
   * then how many they may read when the window read the whole index ({@code prefix} null), else
   * not shown.
   */
  Slice filtered(Window window, Integer total, Keep keep, String prefix, String name,
      String status) {
    boolean all = window.at().name() == null && window.rows().size() <= PAGE;
    Integer readable = total != null ? total : all && prefix == null ? keep.readable : null;
    return slice(window, readable, all ? window.rows().size() : null, name, status);
  }

  private Slice slice(Window window, Integer total, Integer matching, String name, String status) {
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
    Integer bound = matching != null ? matching : total;
    if (bound != null) {
      offset = Math.max(previous ? 1 : 0, Math.min(offset, bound - shown.size()));
    }
    return slice(shown, total == null ? null : Math.max(total, shown.size()),
        matching == null ? null : Math.max(matching, shown.size()), offset, at, previous, next,
        name, status);
  }

  private Slice slice(
      List<StackSummary> shown, Integer total, Integer matching, int offset, Position at,
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
