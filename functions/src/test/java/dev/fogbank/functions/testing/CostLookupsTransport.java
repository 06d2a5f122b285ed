package dev.fogbank.functions.testing;

import dev.fogbank.functions.scans.CostScanHandler;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.aws.LambdaInvoker;
import dev.fogbank.shared.cost.CostLookups;
import dev.fogbank.shared.cost.LambdaCostLookups;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * How {@code GET /costs?stack=} reaches Cost Explorer and Budgets: {@link #DIRECT} as local mode
 * does, or {@link #SCANS_FUNCTION} as the api function does in AWS (a synchronous Lambda Invoke of
 * the cost-scan function, whose handler answers with the same direct lookups). Route tests run
 * over both, so that both transports answer alike.
 */
public enum CostLookupsTransport {
  DIRECT,
  SCANS_FUNCTION;

  /** The cost-scan function's alias, as the api function's environment names it. */
  public static final String COST_SCAN_FUNCTION =
      "arn:aws:lambda:us-east-1:123456789012:function:fogbank-cost-scan:live";

  /**
   * {@code direct} over this transport, for stacks of {@code account} and {@code region}; what
   * must be closed after the test is added to {@code closing}.
   */
  public CostLookups over(
      CostLookups direct, String account, String region, List<AutoCloseable> closing) {
    if (this == DIRECT) {
      return direct;
    }
    CostScanHandler handler =
        new CostScanHandler(null, 7, new CostScanHandler.Lookups(direct, account, region));
    LambdaStandIn lambda =
        LambdaStandIn.start(
            (name, payload) -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              handler.handleRequest(new ByteArrayInputStream(payload), out, null);
              return out.toByteArray();
            },
            null);
    AwsClientFactory aws = AwsClientFactory.create(AwsSettings.of(region, lambda.endpoint()));
    closing.add(aws);
    closing.add(lambda);
    return new LambdaCostLookups(new LambdaInvoker(aws), COST_SCAN_FUNCTION);
  }
}
