package dev.fogbank.functions.console;

import dev.fogbank.functions.api.ApiRoutes;
import java.util.Map;

/**
 * The API's own route table, called for a principal ({@link ApiRoutes#handle}): the scans and
 * notifications pages read and act through it, so they are checked, queried and answered exactly
 * as {@code GET /cost-scans}, {@code POST /drift-scans}, {@code GET /notifications/failed} and the
 * rest are — there is no second query path for the console.
 */
@FunctionalInterface
public interface ApiCalls {
  ApiRoutes.Response call(
      String method, String path, Map<String, String> query, String body, String principal);
}
