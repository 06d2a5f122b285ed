package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.cost.CostLedger;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.paging.PageTokens;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /cost-scans?limit=&nextToken=}: the kept cost scans, newest first (scan ids sort by
 * time), each as {@code GET /cost-scans/{id}} shows it, paged with a signed {@code nextToken}
 * (the last id shown).
 */
final class CostScanListRoute {
  private static final String LISTING = "cost-scans";

  private final Supplier<CostReports> reports;
  private final PageTokens tokens;

  CostScanListRoute(Supplier<CostReports> reports, PageTokens tokens) {
    this.reports = reports;
    this.tokens = tokens;
  }

  Response list(Map<String, String> query, Caller who) {
    who.requireEverywhere(Action.READ, "list cost scans");
    if (reports == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "cost reports are not configured here");
    }
    int limit = ApiRoutes.limit(query);
    String after = tokens.open(LISTING, query.get("nextToken"));
    if (after != null && !after.matches(CostScan.SCAN_ID_PATTERN)) {
      throw new DeploymentException(ErrorCode.INVALID_NEXT_TOKEN, "nextToken is not a position");
    }
    CostLedger.ScanPage page = reports.get().scans(after, limit);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("items", page.scans().stream().map(CostView::scanRecord).toList());
    if (page.next() != null) {
      answer.put("nextToken", tokens.seal(LISTING, page.next()));
    }
    return ApiRoutes.ok(answer);
  }
}
