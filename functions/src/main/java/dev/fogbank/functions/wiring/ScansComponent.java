package dev.fogbank.functions.wiring;

import dagger.Component;
import dev.fogbank.shared.cost.CostScan;
import dev.fogbank.shared.drift.DriftScanSteps;
import dev.fogbank.shared.estimate.PriceRefresh;
import jakarta.inject.Singleton;

/**
 * The scans function group: the control table (DynamoDB), Cost Explorer, AWS Budgets (read),
 * CloudFormation and the topic (SNS). Each handler asks for its own scan; clients are built when
 * first used.
 */
@Singleton
@Component(modules = ScansModule.class)
public interface ScansComponent {
  CostScan costScan();

  dev.fogbank.shared.cost.CostLookups costLookups();

  DriftScanSteps driftScanSteps();

  PriceRefresh priceRefresh();

  FunctionEnvironment environment();

  dev.fogbank.shared.aws.AwsClientFactory clients();

  ScansSettings settings();
}
