package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.CostScanRecord;
import dev.fogbank.shared.cost.StackMonthCost;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.paging.PageTokens;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /costs?limit=&nextToken=} (no {@code stack}): every readable stack's month to date,
 * most expensive first (then by name), paged with a signed {@code nextToken} holding the last
 * amount and name shown, so that a page boundary stays put while figures are re-recorded; and,
 * when the newest kept scan found costs but none grouped by the stack-name tag, its {@code notice}
 * (the tag is not activated, and how to activate it).
 */
final class CostListRoute {
  private final CostReports reports;
  private final PageTokens tokens;

  CostListRoute(CostReports reports, PageTokens tokens) {
    this.reports = reports;
    this.tokens = tokens;
  }

  Response list(Map<String, String> query, Caller who) {
    who.requireAnywhere(Action.READ, "read costs");
    int limit = ApiRoutes.limit(query);
    var through = reports.lastCompleteDay();
    String listing = "costs?month=" + through.toString().substring(0, 7);
    String cursor = tokens.open(listing, query.get("nextToken"));
    BigDecimal afterAmount = null;
    String afterName = null;
    if (cursor != null) {
      int cut = cursor.indexOf('\n');
      try {
        afterAmount = new BigDecimal(cursor.substring(0, cut));
      } catch (RuntimeException e) {
        throw new DeploymentException(ErrorCode.INVALID_NEXT_TOKEN, "nextToken is not a position");
      }
      afterName = cursor.substring(cut + 1);
    }
    List<StackMonthCost> page = new ArrayList<>();
    boolean more = false;
    for (StackMonthCost c : reports.monthToDate()) {
      if (!who.may(Action.READ, c.stack().name())
          || (afterAmount != null && !after(c, afterAmount, afterName))) {
        continue;
      }
      if (page.size() == limit) {
        more = true;
        break;
      }
      page.add(c);
    }
    Map<String, Object> answer = CostView.list(through, page);
    if (more) {
      StackMonthCost last = page.getLast();
      answer.put(
          "nextToken",
          tokens.seal(listing, last.amount().toPlainString() + "\n" + last.stack().name()));
    }
    reports.scans(null, 1).scans().stream()
        .findFirst()
        .map(CostScanRecord::result)
        .filter(r -> r != null && !r.notice().isEmpty())
        .ifPresent(r -> answer.put("notice", r.notice()));
    return ApiRoutes.ok(answer);
  }

  /** Whether {@code c} comes after the position: a smaller amount, or the same and a later name. */
  private static boolean after(StackMonthCost c, BigDecimal amount, String name) {
    int byAmount = c.amount().compareTo(amount);
    return byAmount < 0 || (byAmount == 0 && c.stack().name().compareTo(name) > 0);
  }
}
