package dev.fogbank.functions.wiring;

import dagger.Component;
import dagger.Lazy;
import dev.fogbank.shared.drift.DriftReports;
import dev.fogbank.shared.auth.PolicyStore;
import dev.fogbank.shared.cost.CostReports;
import dev.fogbank.shared.history.StackSummaries;
import dev.fogbank.shared.paging.DynamoDbPageKey;
import dev.fogbank.shared.deploy.DeploymentApprovals;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.StackRollback;
import dev.fogbank.shared.estimate.CostEstimator;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.lock.LockStore;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.template.TemplateUrls;
import jakarta.inject.Singleton;

@Singleton
@Component(
    modules = {
      IntakeModule.class,
      EstimateModule.class,
      RollbackModule.class,
      CostReportsModule.class,
      DriftModule.class,
      DeploymentEventsModule.class
    })
public interface ApiComponent {
  Lazy<DeploymentIntake> intake();

  Lazy<DeploymentHistory> history();

  Lazy<LockStore> locks();

  Lazy<CostEstimator> estimator();

  Lazy<StackRollback> rollback();
  Lazy<CostReports> costReports();
  Lazy<DeploymentApprovals> approvals();

  Lazy<PolicyStore> policies();

  Lazy<DynamoDbPageKey> pageKey();

  Lazy<StackSummaries> stackSummaries();

  Lazy<DriftReports> drift();

  Lazy<dev.fogbank.shared.history.DeploymentEvents> deploymentEvents();

  Lazy<TemplateStore> templates();

  Lazy<TemplateUrls> templateUrls();

  Lazy<dev.fogbank.shared.template.TemplateUploads> templateUploads();

  FunctionEnvironment environment();

  /** The clients (POST /cost-scans signs its Lambda call with their credentials). */
  dev.fogbank.shared.aws.AwsClientFactory aws();
}
