package dev.fogbank.shared.validation;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;

/**
 * Asks SSM Parameter Store (GetParameter, never with decryption: a SecureString comes back
 * encrypted) and Secrets Manager (DescribeSecret: metadata only, never the value).
 *
 * <p>A refusal (AccessDenied and other 4xx) is INTERNAL: the control plane's role may not look at
 * the reference, which no requester can fix and no retry will; the message names the reference
 * and AWS's reason. An outage is AWS_UNAVAILABLE, which the state machine retries.
 */
public final class AwsReferenceCheck implements ReferenceCheck {
  private final Supplier<SsmClient> ssm;
  private final Supplier<SecretsManagerClient> secrets;

  /** Suppliers: a template without references loads neither client. */
  public AwsReferenceCheck(Supplier<SsmClient> ssm, Supplier<SecretsManagerClient> secrets) {
    this.ssm = ssm;
    this.secrets = secrets;
  }

  @Override
  public boolean exists(AccountReference reference) {
    return switch (reference.kind()) {
      case SSM_PARAMETER -> parameterExists(reference);
      case SECRET -> secretExists(reference);
    };
  }

  private boolean parameterExists(AccountReference reference) {
    try {
      // GetParameter takes "name", "name:version" and the ARN forms as the reference writes them.
      ssm.get().getParameter(r -> r.name(reference.id()).withDecryption(false));
      return true;
    } catch (ParameterNotFoundException | ParameterVersionNotFoundException e) {
      return false;
    } catch (SdkException e) {
      throw failure("SSM GetParameter", reference, e);
    }
  }

  private boolean secretExists(AccountReference reference) {
    DescribeSecretResponse secret;
    try {
      secret = secrets.get().describeSecret(r -> r.secretId(reference.id()));
    } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
      return false;
    } catch (SdkException e) {
      throw failure("Secrets Manager DescribeSecret", reference, e);
    }
    if (secret.deletedDate() != null) {
      return false; // scheduled for deletion: CloudFormation cannot read it either
    }
    Map<String, List<String>> versions = secret.versionIdsToStages();
    if (reference.versionId() != null && !versions.containsKey(reference.versionId())) {
      return false;
    }
    return reference.versionStage() == null
        || versions.values().stream().anyMatch(stages -> stages.contains(reference.versionStage()));
  }

  private static DeploymentException failure(
      String call, AccountReference reference, SdkException e) {
    return AwsFailures.failure(
        call + " checking " + reference.describe(), e, ErrorCode.INTERNAL);
  }
}
