package dev.fogbank.functions.scans;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.fogbank.functions.wiring.ScansWiring;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.estimate.PriceRefresh;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import fogbank.FunctionFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * EventBridge schedule (weekly by default) → {@link PriceRefresh}: the catalogue's prices in the
 * control plane's region fetched again into the control table. One structured log line per
 * invocation: {@code price_refresh_done} or {@code price_refresh_failed} (the invocation fails when
 * the Price List answered nothing, so that Lambda retries it).
 */
public final class PriceRefreshHandler implements RequestStreamHandler {
  private final Supplier<PriceRefresh> refresh;
  private final Supplier<List<String>> regions;

  public PriceRefreshHandler() {
    this(ScansWiring::priceRefresh, () -> List.of(ScansWiring.region()));
  }

  public PriceRefreshHandler(PriceRefresh refresh, List<String> regions) {
    this(() -> refresh, () -> regions);
  }

  private PriceRefreshHandler(Supplier<PriceRefresh> refresh, Supplier<List<String>> regions) {
    this.refresh = Objects.requireNonNull(refresh, "refresh");
    this.regions = Objects.requireNonNull(regions, "regions");
  }

  @Override
  public void handleRequest(InputStream in, OutputStream out, Context context) {
    PriceRefresh.Result result = handle(in);
    try {
      Json.mapper().writeValue(out, result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public PriceRefresh.Result handle(InputStream event) {
    Map<String, Object> fields = ScheduledEvent.describe(event);
    PriceRefresh.Result result;
    try {
      List<String> wanted = regions.get();
      fields.put("regions", wanted);
      result = refresh.get().run(wanted);
    } catch (DeploymentException e) {
      throw failed(fields, e.code(), e.getMessage(), e);
    } catch (RuntimeException e) {
      throw failed(fields, ErrorCode.INTERNAL, "internal error in the price refresh", e);
    }
    fields.put("fetched", result.fetched());
    fields.put("notFound", result.notFound());
    fields.put("unavailable", result.unavailable().size());
    StructuredLog.info("price_refresh_done", fields);
    return result;
  }

  private static FunctionFailure failed(
      Map<String, Object> fields, ErrorCode code, String message, RuntimeException cause) {
    fields.put("code", code.name());
    fields.put("message", message);
    fields.put("type", cause.getClass().getName());
    StructuredLog.error("price_refresh_failed", fields);
    return FunctionFailure.of(code, message);
  }
}
