package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.cost.CostLedger;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.paging.PageTokens;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /cost-scans/{id}/stacks?limit=&nextToken=}: each stack's result in that scan (its
 * month to date then and the anomalies found), by stack name, paged with a signed {@code
 * nextToken} bound to the scan (the last name shown). The scan's own record keeps only counts, so
 * that it stays one small item at thousands of stacks; these are its items.
 */
final class CostScanStacksRoute {
  private static final String LISTING = "cost-scan-stacks/";

  private final Supplier<CostReports> reports;
  private final PageTokens tokens;

  CostScanStacksRoute(Supplier<CostReports> reports, PageTokens tokens) {
    this.reports = reports;
    this.tokens = tokens;
  }

  Response list(String scanId, Map<String, String> query, Caller who) {
    who.requireEverywhere(Action.READ, "read cost scans");
    if (reports == null) {
      throw new DeploymentException(ErrorCode.INTERNAL, "cost reports are not configured here");
    }
    int limit = ApiRoutes.limit(query);
    String after = tokens.open(LISTING + scanId, query.get("nextToken"));
    CostReports costs = reports.get();
    if (costs.scan(scanId).isEmpty()) {
      throw new DeploymentException(
          ErrorCode.NOT_FOUND, "no cost scan with id '" + ApiRoutes.shown(scanId) + "'");
    }
    CostLedger.ScanStackPage page = costs.scanStacks(scanId, after, limit);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("scanId", scanId);
    answer.put("items", page.stacks().stream().map(CostView::scanStack).toList());
    if (page.next() != null) {
      answer.put("nextToken", tokens.seal(LISTING + scanId, page.next()));
    }
    return ApiRoutes.ok(answer);
  }
}
