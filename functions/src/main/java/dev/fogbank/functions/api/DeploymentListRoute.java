package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentQuery;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DeploymentSearch;
import dev.fogbank.shared.history.HistoryPosition;
import dev.fogbank.shared.history.StackSummaries;
import dev.fogbank.shared.history.StackSummary;
import dev.fogbank.shared.paging.PageTokens;
import dev.fogbank.shared.stack.StackRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /deployments}: deployments across the stacks the caller may read, newest first, by
 * {@code stack}, {@code status} and {@code source} (comma-separated names), {@code from}
 * (inclusive) and {@code to} (exclusive) on requestedAt. Cost: one Query per readable stack that
 * may match ({@link DeploymentSearch}); with {@code stack}, one Query. The page token carries the
 * last shown position, signed for these exact filters.
 */
final class DeploymentListRoute {
  private final DeploymentHistory history;
  private final StackSummaries stacks;
  private final PageTokens tokens;
  private final String account;
  private final String region;

  DeploymentListRoute(
      DeploymentHistory history,
      StackSummaries stacks,
      PageTokens tokens,
      String account,
      String region) {
    this.history = history;
    this.stacks = stacks;
    this.tokens = tokens;
    this.account = account;
    this.region = region;
  }

  Response list(Map<String, String> query, Caller who) {
    Found found = find(query, who, "deployments");
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("items", found.items().stream().map(DeploymentView::of).toList());
    if (found.nextToken() != null) {
      answer.put("nextToken", found.nextToken());
    }
    return ApiRoutes.ok(answer);
  }

  /** A page of the records a listing shows, and the signed token of the next page (or null). */
  record Found(List<DeploymentRecord> items, String nextToken) {}

  /**
   * The page {@code query} asks for (its stack, status, source, from, to, limit and nextToken), of
   * the listing {@code kind} (a route and any filters of its own: a token pages that listing only).
   */
  Found find(Map<String, String> query, Caller who, String kind) {
    who.requireAnywhere(Action.READ, "list deployments");
    int limit = ApiRoutes.limit(query);
    String stack = query.get("stack");
    Set<DeploymentStatus> statuses =
        names(query, "status", DeploymentStatus.values(), DeploymentStatus::name);
    Set<DeploymentSource> sources =
        names(query, "source", DeploymentSource.values(), DeploymentSource::wireName);
    Instant from = instant(query, "from");
    Instant to = instant(query, "to");
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiRoutes.invalid("from (" + from + ") must be before to (" + to + ")");
    }
    DeploymentQuery filter = new DeploymentQuery(from, to, statuses, sources);
    String listing = kind + "?" + listing(stack, filter);
    String cursor = tokens.open(listing, query.get("nextToken"));
    HistoryPosition after = cursor == null ? null : HistoryPosition.fromCursor(cursor);
    if (cursor != null && after == null) {
      throw new DeploymentException(ErrorCode.INVALID_NEXT_TOKEN, "nextToken is not a position");
    }
    List<StackSummary> candidates;
    if (stack != null) {
      ApiRoutes.readableName(stack);
      who.require(Action.READ, stack);
      candidates =
          List.of(new StackSummary(StackRef.of(account, region, stack), null, null, null, null,
              null, null));
    } else {
      if (stacks == null) {
        throw new DeploymentException(ErrorCode.INTERNAL, "stack listing is not configured here");
      }
      candidates =
          stacks.list().stream().filter(s -> who.may(Action.READ, s.stack().name())).toList();
    }
    DeploymentSearch.Page page =
        new DeploymentSearch(history).search(candidates, filter, after, limit);
    return new Found(
        page.items(), page.next() == null ? null : tokens.seal(listing, page.next().cursor()));
  }

  /** What a token is for: the route and its filters, so it pages this listing only. */
  private static String listing(String stack, DeploymentQuery q) {
    return "stack=" + (stack == null ? "" : stack)
        + "&status=" + new TreeSet<>(q.statuses().stream().map(Enum::name).toList())
        + "&source=" + new TreeSet<>(q.sources().stream().map(Enum::name).toList())
        + "&from=" + q.from() + "&to=" + q.to();
  }

  private static <T> Set<T> names(
      Map<String, String> query,
      String name,
      T[] all,
      Function<T, String> wire) {
    String value = query.get(name);
    if (value == null) {
      return Set.of();
    }
    Map<String, T> byName =
        Arrays.stream(all).collect(Collectors.toMap(wire, x -> x, (a, b) -> a, LinkedHashMap::new));
    Set<T> chosen = new HashSet<>();
    for (String part : value.split(",", -1)) {
      T t = byName.get(part.trim());
      if (t == null) {
        throw ApiRoutes.invalid(
            name + " '" + ApiRoutes.shown(part.trim()) + "' is unknown: allowed are "
                + String.join(", ", byName.keySet()) + " (comma-separated for several)");
      }
      chosen.add(t);
    }
    return chosen;
  }

  private static Instant instant(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiRoutes.invalid(
          name + " must be an ISO-8601 instant such as 2026-12-07T00:00:00Z, not '"
              + ApiRoutes.shown(value) + "'");
    }
  }
}
