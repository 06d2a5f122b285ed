package dev.fogbank.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --limit} and {@code --next-token}, the options of every command that reads a listing
 * route one page at a time (the routes' {@code limit} and signed {@code nextToken}).
 */
final class PageOptions {
  @Option(names = "--limit", paramLabel = "N", description = "Items per page (1 to 100).")
  Integer limit;

  @Option(
      names = "--next-token",
      paramLabel = "TOKEN",
      description = "Where the page starts (the nextToken of the page before).")
  String nextToken;

  /** {@code query} with the page's limit and position put in (the client leaves out nulls). */
  Map<String, String> into(Map<String, String> query) {
    query.put("limit", limit == null ? null : limit.toString());
    query.put("nextToken", nextToken);
    return query;
  }

  /** The page's query alone. */
  Map<String, String> query() {
    return into(new LinkedHashMap<>());
  }
}
