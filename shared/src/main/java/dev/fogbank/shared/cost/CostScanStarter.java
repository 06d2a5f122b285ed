package dev.fogbank.shared.cost;

/**
 * Starts a cost scan somewhere else and returns at once ({@code POST /cost-scans} in AWS: an
 * asynchronous invocation of the cost-scan function). The scan keeps its outcome under {@code
 * scanId}.
 */
public interface CostScanStarter {
  void start(String scanId, int days);
}
