package dev.fogbank.shared.validation;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * Asks SSM Parameter Store ({@link SsmParameterLookup}) and Secrets Manager (DescribeSecret:
 * metadata only, never the value).
 *
 * <p>A refusal (AccessDenied and other 4xx) is INTERNAL: the control plane's role may not look at
 * the reference, which no requester can fix and no retry will; the message names the reference
 * and AWS's reason. An outage is AWS_UNAVAILABLE, which the state machine retries.
 */
public final class AwsReferenceCheck implements ReferenceCheck {
  private static final String SSM_CLIENT = "software.amazon.awssdk.services.ssm.SsmClient";

  private final Predicate<AccountReference> ssm;
  private final Supplier<SecretsManagerClient> secrets;

  private AwsReferenceCheck(
      Predicate<AccountReference> ssm, Supplier<SecretsManagerClient> secrets) {
    this.ssm = ssm;
    this.secrets = secrets;
  }

  /**
   * Over the factory's clients, created on first use. SSM parameters are checked only where the
   * SSM client is on the classpath: the steps-stack Lambda artifact leaves it out to stay within
   * its size budget (the SSM SDK's models are 2 MB there), so in AWS an SSM reference is reported
   * as not checked and left to CloudFormation; local mode and tests check it.
   */
  public static AwsReferenceCheck create(AwsClientFactory aws) {
    return new AwsReferenceCheck(
        ssmOnClasspath() ? new SsmParameterLookup(aws::ssm) : null, aws::secretsManager);
  }

  static boolean ssmOnClasspath() {
    try {
      Class.forName(SSM_CLIENT, false, AwsReferenceCheck.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public Result check(AccountReference reference) {
    return switch (reference.kind()) {
      case SSM_PARAMETER ->
          ssm == null ? Result.NOT_CHECKED : ssm.test(reference) ? Result.EXISTS : Result.MISSING;
      case SECRET -> secretExists(reference) ? Result.EXISTS : Result.MISSING;
    };
  }

  private boolean secretExists(AccountReference reference) {
    DescribeSecretResponse secret;
    try {
      secret = secrets.get().describeSecret(r -> r.secretId(reference.id()));
    } catch (ResourceNotFoundException e) {
      return false;
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "Secrets Manager DescribeSecret checking " + reference.describe(),
          e,
          ErrorCode.INTERNAL);
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
}
