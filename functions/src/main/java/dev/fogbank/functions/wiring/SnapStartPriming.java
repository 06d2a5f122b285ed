package dev.fogbank.functions.wiring;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.table.ControlTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SnapStart priming: a CRaC runtime hook whose {@code beforeCheckpoint} builds a function group's
 * SDK clients and runs its JSON paths, so that the snapshot Lambda takes after init holds those
 * classes loaded and initialised and a restored invoke does not pay for them.
 *
 * <p>Side effects: none. The only AWS call is one read-only DynamoDB {@code GetItem} on a key no
 * item has ({@value #PRIMING_KEY}), which runs the SDK's whole request path (credentials, SigV4,
 * HTTP client, JSON protocol) once; its answer, or its failure, is dropped. The console's hook
 * instead renders its stacks page, whose reads (the session key in Secrets Manager, the policy
 * item, the stack index) are its AWS calls. Nothing is written, nothing is posted to Slack, no
 * Cost Explorer request is made (each costs money). A priming that fails is logged and the
 * checkpoint goes on: priming is an optimisation only.
 *
 * <p>Every function group registers one hook ({@link #register}): api, drop, steps-ledger and
 * steps-stack and slack when their wiring is built; events, scans and console, whose wiring is
 * built on the first invocation, from their handlers' constructors.
 *
 * <p>The template publishes SnapStart versions (ControlPlaneStack, {@code SnapStart: ApplyOn:
 * PublishedVersions}); without SnapStart the hook is registered and never called.
 */
public final class SnapStartPriming implements Resource {
  /** The partition and sort key of the priming read; no fogbank item has this key. */
  public static final String PRIMING_KEY = "PRIMING#snapstart";

  // Strong references: a CRaC context may hold its resources weakly.
  private static final List<SnapStartPriming> REGISTERED = new CopyOnWriteArrayList<>();

  /** A step input as the state machine passes it: what the steps groups' Jackson reads. */
  private static final String STEP_INPUT =
      """
      {"deploymentId": "d-20260101T000000-000000000000", "stackName": "priming",
       "account": "000000000000", "region": "us-east-1",
       "templateLocation": "s3://priming/templates/priming.template",
       "templateSha256": "0000000000000000000000000000000000000000000000000000000000000000",
       "parameters": {"Env": "prod"}, "tags": {"team": "platform"}, "source": "api",
       "requester": "arn:aws:iam::000000000000:user/priming",
       "requestedAt": "2026-01-01T00:00:00Z",
       "options": {"lockWaitSeconds": 600, "lockPollSeconds": 5, "lockTtlSeconds": 7200,
                   "changeSetTimeoutSeconds": 300, "stackPollSeconds": 5,
                   "stackTimeoutSeconds": 3600}}
      """;

  private final String group;
  private final Runnable priming;

  private SnapStartPriming(String group, Runnable priming) {
    this.group = group;
    this.priming = priming;
  }

  /**
   * Registers {@code priming} for {@code group} with {@link Core#getGlobalContext()}: Lambda
   * calls it before it takes the SnapStart snapshot. Called from the group's wiring when the
   * handler is built (during init, before the snapshot); a group already registered is not
   * registered again, so a wiring may call this from every handler's constructor and a hook that
   * builds another group's wiring (console builds the api's) registers nothing mid-checkpoint.
   */
  public static synchronized void register(String group, Runnable priming) {
    if (REGISTERED.stream().anyMatch(hook -> hook.group.equals(group))) {
      return;
    }
    SnapStartPriming hook = new SnapStartPriming(group, priming);
    REGISTERED.add(hook);
    Core.getGlobalContext().register(hook);
  }

  @Override
  public void beforeCheckpoint(Context<? extends Resource> context) {
    long started = System.nanoTime();
    try {
      priming.run();
      StructuredLog.info(
          "snapstart_primed",
          Map.of("group", group, "ms", (System.nanoTime() - started) / 1_000_000));
    } catch (RuntimeException | LinkageError e) {
      // A class a jar lacks included: the snapshot is still taken, only less warm.
      StructuredLog.warn(
          "snapstart_priming_failed", Map.of("group", group, "type", e.getClass().getName()));
    }
  }

  @Override
  public void afterRestore(Context<? extends Resource> context) {
    // Nothing to renew: clients resolve credentials and connections on use.
  }

  /**
   * What Lambda does before it takes the snapshot, for a JVM without CRaC (tests and the
   * cold-start bench): calls {@code beforeCheckpoint} on every hook registered here, in order.
   * Returns how many ran. In AWS the runtime calls them through the global context instead.
   */
  public static int checkpointStandIn() {
    for (SnapStartPriming hook : REGISTERED) {
      hook.beforeCheckpoint(null);
    }
    return REGISTERED.size();
  }

  /** The one read-only call: GetItem on {@link #PRIMING_KEY}; its outcome is not used. */
  static void readOnlyTableRead(AwsClientFactory aws, String table) {
    AttributeValue key = AttributeValue.fromS(PRIMING_KEY);
    try {
      aws.dynamoDb()
          .getItem(
              r ->
                  r.tableName(table)
                      .key(Map.of(ControlTable.PK, key, ControlTable.SK, key))
                      .consistentRead(false));
    } catch (SdkException e) {
      // Denied or unreachable: the request was still marshalled, signed and sent, which is
      // what priming is for; the restored function reports real failures on real calls.
      StructuredLog.info(
          "snapstart_priming_read_failed", Map.of("type", e.getClass().getSimpleName()));
    }
  }

  /** The steps groups' Jackson paths: a step input read and written back, as a step does. */
  static void stepJson() {
    json(STEP_INPUT, DeploymentInput.class);
  }

  /**
   * A group's Jackson path in memory: {@code sample} read as {@code type} (a tree for {@code
   * JsonNode}) and written back, as its handler reads its event and writes its answer. Returns
   * what was read.
   */
  static <T> T json(String sample, Class<T> type) {
    try {
      T read = Json.mapper().readValue(sample, type);
      Json.mapper().writeValueAsString(Json.mapper().valueToTree(read));
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
