package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.aws.AwsFailures;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/** {@link StackInspector} over CloudFormation. */
public final class CloudFormationStackInspector implements StackInspector {

  private final CloudFormationClient cloudFormation;

  public CloudFormationStackInspector(CloudFormationClient cloudFormation) {
    this.cloudFormation = Objects.requireNonNull(cloudFormation, "cloudFormation");
  }

  @Override
  public Optional<DeployedStack> describe(String stackNameOrId) {
    try {
      return cloudFormation.describeStacks(r -> r.stackName(stackNameOrId)).stacks().stream()
          .findFirst()
          .map(BootstrapTranslator::toDeployedStack)
          .filter(s -> !s.status().equals("DELETE_COMPLETE"));
    } catch (AwsServiceException e) {
      if (isMissingStack(e)) {
        return Optional.empty();
      }
      throw unavailable("DescribeStacks", stackNameOrId, e);
    } catch (SdkException e) {
      throw unavailable("DescribeStacks", stackNameOrId, e);
    }
  }

  @Override
  public String template(String stackName) {
    try {
      return cloudFormation
          .getTemplate(r -> r.stackName(stackName).templateStage(TemplateStage.ORIGINAL))
          .templateBody();
    } catch (SdkException e) {
      throw unavailable("GetTemplate", stackName, e);
    }
  }

  @Override
  public List<DeployedResource> resources(String stackName) {
    try {
      return cloudFormation
          .listStackResourcesPaginator(r -> r.stackName(stackName))
          .stackResourceSummaries()
          .stream()
          .map(BootstrapTranslator::toDeployedResource)
          .toList();
    } catch (SdkException e) {
      throw unavailable("ListStackResources", stackName, e);
    }
  }

  @Override
  public List<PendingChangeSet> changeSets(String stackId) {
    try {
      // Filtered by stack id as well: moto 5.2 lists every stack's change sets here.
      return cloudFormation.listChangeSetsPaginator(r -> r.stackName(stackId)).summaries().stream()
          .filter(s -> stackId.equals(s.stackId()))
          .map(BootstrapTranslator::toPendingChangeSet)
          .toList();
    } catch (AwsServiceException e) {
      if (isMissingStack(e)) {
        return List.of();
      }
      throw unavailable("ListChangeSets", stackId, e);
    } catch (SdkException e) {
      throw unavailable("ListChangeSets", stackId, e);
    }
  }

  @Override
  public void deleteChangeSet(String changeSetId) {
    try {
      cloudFormation.deleteChangeSet(r -> r.changeSetName(changeSetId));
    } catch (ChangeSetNotFoundException e) {
      // already gone
    } catch (SdkException e) {
      throw AwsFailures.unavailable("CloudFormation DeleteChangeSet of " + changeSetId, e);
    }
  }

  @Override
  public void deleteStack(String stackId) {
    try {
      cloudFormation.deleteStack(r -> r.stackName(stackId));
    } catch (SdkException e) {
      throw unavailable("DeleteStack", stackId, e);
    }
  }

  private static boolean isMissingStack(AwsServiceException e) {
    return "ValidationError".equals(AwsFailures.errorCode(e))
        && AwsFailures.errorMessage(e).contains("does not exist");
  }

  private static RuntimeException unavailable(String operation, String stack, SdkException e) {
    return AwsFailures.unavailable("CloudFormation " + operation + " for stack '" + stack + "'", e);
  }
}
