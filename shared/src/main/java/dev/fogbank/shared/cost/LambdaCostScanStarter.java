package dev.fogbank.shared.cost;

import dev.fogbank.shared.aws.LambdaInvoker;
import dev.fogbank.shared.error.ErrorCode;
import java.util.Objects;

/**
 * {@link CostScanStarter} in AWS: queues one invocation of the cost-scan function with {@code
 * {"trigger":"api","scanId":...,"days":...}}, which that function runs under the given id.
 */
public final class LambdaCostScanStarter implements CostScanStarter {
  private final LambdaInvoker lambda;
  private final String function;

  public LambdaCostScanStarter(LambdaInvoker lambda, String function) {
    this.lambda = Objects.requireNonNull(lambda, "lambda");
    this.function = Objects.requireNonNull(function, "function");
  }

  @Override
  public void start(String scanId, int days) {
    if (!scanId.matches(CostScan.SCAN_ID_PATTERN)) {
      throw new IllegalArgumentException("not a scan id: " + scanId);
    }
    lambda.invoke(
        function,
        "{\"trigger\":\"api\",\"scanId\":\"" + scanId + "\",\"days\":" + days + "}",
        ErrorCode.INTERNAL);
  }
}
