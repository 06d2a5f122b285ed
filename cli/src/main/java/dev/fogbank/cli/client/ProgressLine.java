package dev.fogbank.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * The one line {@code --wait} redraws on a terminal ({@code \r}, erase to the end of the line): a
 * spinner, the stack, its status and the time so far. Only for a terminal; a pipe or a file gets
 * the status lines alone.
 */
public final class ProgressLine {
  private static final String FRAMES = "|/-\\";

  private final PrintWriter out;
  private final Palette palette;
  private final Instant start;
  private int frame;
  private boolean drawn;

  public ProgressLine(PrintWriter out, Palette palette, Instant start) {
    this.out = out;
    this.palette = palette;
    this.start = start;
  }

  /** Redraws the line for {@code d} as of {@code now}. */
  public void draw(JsonNode d, Instant now) {
    long seconds = Math.max(0, Duration.between(start, now).toSeconds());
    out.print("\r\u001b[K" + FRAMES.charAt(frame++ % FRAMES.length()) + " "
        + d.path("stackName").asText() + "  " + palette.status(d.path("status").asText()) + "  "
        + seconds + "s");
    out.flush();
    drawn = true;
  }

  /** Erases the line, so that the next output starts at the line's beginning. */
  public void clear() {
    if (drawn) {
      out.print("\r\u001b[K");
      out.flush();
      drawn = false;
    }
  }
}
