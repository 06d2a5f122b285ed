package dev.fogbank.shared.validation;

import dev.fogbank.shared.aws.AwsFailures;
import dev.fogbank.shared.error.ErrorCode;
import java.util.function.Predicate;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;

/**
 * Whether an SSM parameter exists: GetParameter, never with decryption (a SecureString comes back
 * encrypted). Its own class, apart from {@link AwsReferenceCheck}, so that an artifact without the
 * SSM client (see {@link AwsReferenceCheck#create}) never loads a class naming SSM types.
 */
final class SsmParameterLookup implements Predicate<AccountReference> {
  private final Supplier<SsmClient> ssm;

  SsmParameterLookup(Supplier<SsmClient> ssm) {
    this.ssm = ssm;
  }

  @Override
  public boolean test(AccountReference reference) {
    try {
      // GetParameter takes "name", "name:version" and the ARN forms as the reference writes them.
      ssm.get().getParameter(r -> r.name(reference.id()).withDecryption(false));
      return true;
    } catch (ParameterNotFoundException | ParameterVersionNotFoundException e) {
      return false;
    } catch (SdkException e) {
      throw AwsFailures.failure(
          "SSM GetParameter checking " + reference.describe(), e, ErrorCode.INTERNAL);
    }
  }
}
