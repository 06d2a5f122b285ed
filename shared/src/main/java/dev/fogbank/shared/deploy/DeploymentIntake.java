package dev.fogbank.shared.deploy;

import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.stack.StackName;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.history.DeploymentHistory;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.StatusChange;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.template.TemplateLimits;
import dev.fogbank.shared.template.TemplateStore;
import dev.fogbank.shared.validation.ValidationPolicy;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Turns a request (API, drop or rollback) into a QUEUED history record and a started deploy
 * execution. Content problems of the template are found by the state machine's Validate step so
 * that they are recorded in history like every other failure.
 */
public final class DeploymentIntake {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final DeploymentHistory history;
  private final TemplateStore templates;
  private final ExecutionStarter executions;
  private final Clock clock;
  private final String account;
  private final String region;
  private final String roleArn;
  private final DeploymentOptions options;

  public DeploymentIntake(
      DeploymentHistory history,
      TemplateStore templates,
      ExecutionStarter executions,
      Clock clock,
      String account,
      String region,
      String roleArn,
      DeploymentOptions options) {
    this.history = history;
    this.templates = templates;
    this.executions = executions;
    this.clock = clock;
    this.account = account;
    this.region = region;
    this.roleArn = roleArn;
    this.options = options;
  }

  /**
   * Records and starts the deployment. Throws INVALID_STACK_NAME / TEMPLATE_INVALID /
   * TEMPLATE_TOO_LARGE before anything is stored when the request itself is unusable. A repeated
   * submission with the same deploymentId (also a concurrent one) returns the existing record and
   * starts nothing new; IDEMPOTENCY_KEY_REUSED when the submission carries a request fingerprint
   * that is not the existing record's.
   */
  public DeploymentRecord submit(DeploymentSubmission s) {
    StackName.require(s.stackName());
    checkBody(s.templateBody());
    String id = s.deploymentId() != null ? s.deploymentId() : newDeploymentId();
    // A fresh id has nothing to find (48 random bits and the time; the append's id claim refuses
    // the one-in-a-trillion clash): only a given id is looked up.
    Optional<DeploymentRecord> existing =
        s.deploymentId() != null ? history.get(id) : Optional.empty();
    existing.ifPresent(r -> requireSameRequest(r, s));
    if (existing.isPresent() && existing.get().status() != DeploymentStatus.QUEUED) {
      return existing.get();
    }
    DeploymentRecord record = existing.orElse(null);
    if (record == null) {
      TemplateStore.StoredTemplate stored = templates.put(s.templateBody());
      record =
          DeploymentRecord.requested(
              id,
              StackRef.of(account, region, s.stackName()),
              s.source(),
              s.requester(),
              stored.sha256(),
              stored.location(),
              s.parameters(),
              s.tags(),
              clock.instant())
              .withRequestSha256(s.requestSha256());
      try {
        history.append(record);
      } catch (DeploymentException e) {
        // A concurrent submission of the same id (the template's and the manifest's events of
        // one drop) claimed it first and starts it: this one is the duplicate.
        Optional<DeploymentRecord> claimed = history.get(id);
        if (claimed.isEmpty()) {
          throw e;
        }
        requireSameRequest(claimed.get(), s);
        return claimed.get();
      }
    }
    start(record, s.validation(), s.reviewPolicy());
    return record;
  }

  /** An idempotent retry must be the same request: the same key with another body is a 409. */
  private static void requireSameRequest(DeploymentRecord existing, DeploymentSubmission s) {
    if (s.requestSha256() != null && !s.requestSha256().equals(existing.requestSha256())) {
      throw new DeploymentException(
          ErrorCode.IDEMPOTENCY_KEY_REUSED,
          "the Idempotency-Key of this request was already used for deployment "
              + existing.deploymentId()
              + " with another request body: send that body unchanged to retry it, or a new key"
              + " for a new deployment");
    }
  }

  /**
   * Records a request that cannot become a deployment (bad stack name in a drop key, unreadable
   * upload) as FAILED, so nothing is silently ignored.
   */
  public DeploymentRecord reject(
      String deploymentId,
      String stackNameAsGiven,
      DeploymentSource source,
      String requester,
      DeploymentException reason) {
    String id = deploymentId != null ? deploymentId : newDeploymentId();
    Optional<DeploymentRecord> existing = history.get(id);
    if (existing.isPresent()) {
      return existing.get();
    }
    Instant now = clock.instant();
    DeploymentRecord record =
        DeploymentRecord.requested(
            id,
            StackRef.of(account, region, recordableName(stackNameAsGiven)),
            source,
            requester,
            null,
            null,
            null,
            null,
            now);
    history.append(record);
    return history.transition(
        id, StatusChange.failed(now, new DeploymentError(reason.code().name(), reason.getMessage())));
  }

  private void start(DeploymentRecord record, ValidationPolicy validation, ReviewPolicy review) {
    DeploymentInput input =
        DeploymentInput.fromRecord(record, roleArn, options, validation, review);
    String json;
    try {
      json = Json.mapper().writeValueAsString(input);
    } catch (JsonProcessingException e) {
      throw new DeploymentException(ErrorCode.INTERNAL, "cannot serialise deployment input", e);
    }
    try {
      executions.start(record.deploymentId(), json);
    } catch (DeploymentException e) {
      history.transition(
          record.deploymentId(),
          StatusChange.failed(
              clock.instant(),
              new DeploymentError(
                  e.code().name(), "could not start the deploy state machine: " + e.getMessage())));
      throw e;
    }
  }

  private static void checkBody(byte[] body) {
    if (body == null || body.length == 0) {
      throw new DeploymentException(ErrorCode.TEMPLATE_INVALID, "template is empty");
    }
    if (body.length > TemplateLimits.MAX_TEMPLATE_BYTES) {
      throw new DeploymentException(
          ErrorCode.TEMPLATE_TOO_LARGE,
          "template is "
              + body.length
              + " bytes; CloudFormation accepts at most "
              + TemplateLimits.MAX_TEMPLATE_BYTES
              + " bytes");
    }
  }

  /** Time-ordered and unique: d-20261121T220501-3f9a1c2b7d4e. */
  public String newDeploymentId() {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    return "d-" + ID_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
  }

  /** History is keyed by stack name: keep a hostile name printable and bounded. */
  static String recordableName(String name) {
    if (name == null || name.isBlank()) {
      return "(none)";
    }
    String printable = name.replaceAll("[^\\x21-\\x7e]", "?");
    return printable.length() > 128 ? printable.substring(0, 128) : printable;
  }
}
