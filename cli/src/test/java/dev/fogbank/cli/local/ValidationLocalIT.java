package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.aws.AwsSettings;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.rules.Finding;
import dev.fogbank.shared.rules.SecurityRules;
import dev.fogbank.shared.rules.Severity;
import dev.fogbank.shared.rules.Suppression;
import dev.fogbank.shared.rules.TemplateRules;
import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.validation.RequiredTags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * The Validate step's enforcement end to end through the local control plane (API and drop folder,
 * the deploy state machine on the local ASL engine, CloudFormation on the emulator), with a small
 * injected rule set standing in for the security catalogue: it flags a bucket with a public
 * AccessControl, honouring {@code Metadata.fogbank.suppress}.
 */
@ExtendWith(AwsEndpointExtension.class)
class ValidationLocalIT {
  static final Set<String> ENDED = Set.of("SUCCEEDED", "NO_CHANGES", "FAILED", "REJECTED");
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String TOKEN = "test-token-validation";
  static final String RULE = "FB-TEST-001";

  /** The flagged property is on line 6, column 7 (where AccessControl is written). */
  static final String PUBLIC_BUCKET =
      """
      AWSTemplateFormatVersion: "2010-09-09"
      Resources:
        Site:
          Type: AWS::S3::Bucket
          Properties:
            AccessControl: PublicRead
      """;

  static final String SUPPRESSED_BUCKET =
      """
      Resources:
        Site:
          Type: AWS::S3::Bucket
          Metadata:
            fogbank:
              suppress:
                - rule: FB-TEST-001
                  reason: public website bucket, approved in SEC-1234
          Properties:
            AccessControl: PublicRead
      """;

  static final String PLAIN_QUEUE =
      """
      Resources:
        Queue:
          Type: AWS::SQS::Queue
      """;

  /** Flags every bucket whose AccessControl is PublicRead; a suppression is read from Metadata. */
  static final TemplateRules PUBLIC_BUCKET_RULE =
      (template, parameters) -> {
        List<Finding> findings = new ArrayList<>();
        for (ResourceDefinition<?> r : template.template().resources().values()) {
          if (r.type().equals("AWS::S3::Bucket")
              && "PublicRead".equals(r.properties().get("AccessControl"))) {
            String path = "Resources." + r.logicalId() + ".Properties.AccessControl";
            findings.add(
                new Finding(
                    RULE,
                    Severity.CRITICAL,
                    r.logicalId(),
                    path,
                    "bucket " + r.logicalId() + " grants public read through its ACL",
                    template.positionOf(path),
                    suppression(r)));
          }
        }
        return findings;
      };

  @TempDir Path tmp;
  AwsEndpoint aws;
  SlackWebhookStub slack;
  LocalControlPlane plane;
  LocalRuntimeClient client;

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
    if (slack != null) {
      slack.close();
    }
  }

  @Test
  @DisplayName(
      "a public bucket is REJECTED with its finding and line; no change set or stack exists; the"
          + " lock is released and Slack names the rule")
  void post_publicBucket_rejectedWithFindingsAndNoStack(AwsEndpoint endpoint) throws IOException {
    start(endpoint, PUBLIC_BUCKET_RULE, RequiredTags.none());

    JsonNode r = client.awaitStatus(post("public-site", PUBLIC_BUCKET, null), ENDED, WAIT);

    assertEquals("REJECTED", r.path("status").asText(), r::toString);
    assertEquals("REJECTED", r.path("error").path("code").asText(), r::toString);
    assertTrue(r.path("error").path("message").asText().contains(RULE), r::toString);
    JsonNode finding = r.path("findings").get(0);
    assertEquals(RULE, finding.path("ruleId").asText(), r::toString);
    assertEquals("CRITICAL", finding.path("severity").asText());
    assertEquals("Site", finding.path("resource").asText());
    assertEquals("Resources.Site.Properties.AccessControl", finding.path("path").asText());
    assertEquals(6, finding.path("line").asInt(), r::toString);
    assertEquals(7, finding.path("column").asInt(), r::toString);
    assertFalse(finding.path("suppressed").asBoolean());
    assertEquals(1, r.path("findingCounts").path("CRITICAL").asInt(), r::toString);
    assertTrue(r.path("changeSummary").isMissingNode(), "no change set was computed: " + r);
    CloudFormationClient cfn = cloudFormation();
    CloudFormationException gone =
        assertThrows(
            CloudFormationException.class, () -> cfn.describeStacks(b -> b.stackName("public-site")));
    assertTrue(gone.getMessage().contains("does not exist"), gone::getMessage);
    awaitUnlocked("public-site");
    List<String> texts = slack.awaitText(t -> t.contains("rejected") && t.contains(RULE), WAIT);
    assertTrue(
        texts.stream().anyMatch(t -> t.contains("rejected") && t.contains(RULE)), texts::toString);
  }

  @Test
  @DisplayName(
      "while a person holds the stack's lock, a public bucket is REJECTED at once instead of after"
          + " the lock wait, and the person's lock is left alone")
  void post_publicBucket_whileStackLocked_rejectedWithoutWaitingForTheLock(AwsEndpoint endpoint)
      throws IOException {
    start(endpoint, PUBLIC_BUCKET_RULE, RequiredTags.none());
    LocalRuntimeClient.Answer held =
        client.post("/stacks/held-site/lock", "{\"ttlSeconds\":600,\"reason\":\"maintenance\"}");
    assertEquals(200, held.status(), () -> String.valueOf(held.body()));

    // The lock wait here is 60 s: a deployment that validated only after taking the lock would
    // still be waiting (and then fail LOCKED) when this wait of 20 s runs out.
    JsonNode r =
        client.awaitStatus(post("held-site", PUBLIC_BUCKET, null), ENDED, Duration.ofSeconds(20));

    assertEquals("REJECTED", r.path("status").asText(), r::toString);
    assertEquals(RULE, r.path("findings").get(0).path("ruleId").asText(), r::toString);
    JsonNode lock = client.get("/stacks/held-site/lock").body();
    assertTrue(lock.path("locked").asBoolean(), lock::toString);
    assertEquals("maintenance", lock.path("reason").asText(), lock::toString);
  }

  @Test
  @DisplayName(
      "with fogbank's own catalogue: a public bucket is REJECTED with FB-S3-002 at its line and no"
          + " stack; the same bucket with a justified suppression deploys, the suppression recorded")
  void post_publicBucket_standardRules_rejectedThenSuppressedDeploys(AwsEndpoint endpoint)
      throws IOException {
    start(endpoint, SecurityRules.standard(), RequiredTags.none());

    JsonNode r = client.awaitStatus(post("catalogue-site", PUBLIC_BUCKET, null), ENDED, WAIT);

    assertEquals("REJECTED", r.path("status").asText(), r::toString);
    JsonNode publicAcl = null;
    for (JsonNode f : r.path("findings")) {
      if (f.path("ruleId").asText().equals("FB-S3-002")) {
        publicAcl = f;
      }
    }
    assertNotNull(publicAcl, r::toString);
    assertEquals("HIGH", publicAcl.path("severity").asText(), r::toString);
    assertEquals(6, publicAcl.path("line").asInt(), r::toString);
    assertEquals(7, publicAcl.path("column").asInt(), r::toString);
    assertThrows(
        CloudFormationException.class,
        () -> cloudFormation().describeStacks(b -> b.stackName("catalogue-site")));
    awaitUnlocked("catalogue-site");

    JsonNode ok =
        client.awaitStatus(
            post("catalogue-site", SUPPRESSED_BUCKET.replace(RULE, "FB-S3-002"), null),
            ENDED,
            WAIT);
    assertEquals("SUCCEEDED", ok.path("status").asText(), ok::toString);
    JsonNode suppressed = null;
    for (JsonNode f : ok.path("findings")) {
      if (f.path("ruleId").asText().equals("FB-S3-002")) {
        suppressed = f;
      }
    }
    assertNotNull(suppressed, ok::toString);
    assertTrue(suppressed.path("suppressed").asBoolean(), ok::toString);
    assertEquals(
        "public website bucket, approved in SEC-1234", suppressed.path("justification").asText());
  }

  @Test
  @DisplayName("the same bucket with a justified suppression deploys, the suppression recorded")
  void post_suppressedFinding_deploysAndRecordsJustification(AwsEndpoint endpoint)
      throws IOException {
    start(endpoint, PUBLIC_BUCKET_RULE, RequiredTags.none());

    JsonNode r = client.awaitStatus(post("website", SUPPRESSED_BUCKET, null), ENDED, WAIT);

    assertEquals("SUCCEEDED", r.path("status").asText(), r::toString);
    JsonNode finding = r.path("findings").get(0);
    assertEquals(RULE, finding.path("ruleId").asText(), r::toString);
    assertTrue(finding.path("suppressed").asBoolean(), r::toString);
    assertEquals(
        "public website bucket, approved in SEC-1234", finding.path("justification").asText());
    assertEquals(1, r.path("findingCounts").path("suppressed").asInt(), r::toString);
    assertEquals(0, r.path("findingCounts").path("CRITICAL").asInt(), r::toString);
  }

  @Test
  @DisplayName(
      "enforcement warn (API options and deployment.yaml) deploys with the findings recorded")
  void warnEnforcement_deploysWithFindingsRecorded(AwsEndpoint endpoint) throws IOException {
    start(endpoint, PUBLIC_BUCKET_RULE, RequiredTags.none());

    JsonNode api =
        client.awaitStatus(
            post("warned", PUBLIC_BUCKET, Map.of("enforcement", "warn")), ENDED, WAIT);
    assertEquals("SUCCEEDED", api.path("status").asText(), api::toString);
    assertEquals(RULE, api.path("findings").get(0).path("ruleId").asText(), api::toString);
    assertFalse(api.path("findings").get(0).path("blocking").asBoolean(), api::toString);

    // blockAt below the finding's severity does not block either.
    drop("dropped", "deployment.yaml", "validation:\n  enforcement: warn\n");
    drop("dropped", "template.yaml", PUBLIC_BUCKET);
    JsonNode history = client.awaitHistory("dropped", 1, WAIT);
    JsonNode dropped =
        client.awaitStatus(
            history.path("items").get(0).path("deploymentId").asText(), ENDED, WAIT);
    assertEquals("SUCCEEDED", dropped.path("status").asText(), dropped::toString);
    assertEquals(1, dropped.path("findingCounts").path("CRITICAL").asInt(), dropped::toString);
  }

  @Test
  @DisplayName("options.validation is read strictly: an unknown value or field is a 400")
  void post_badValidationOptions_is400(AwsEndpoint endpoint) throws IOException {
    start(endpoint, PUBLIC_BUCKET_RULE, RequiredTags.none());

    LocalRuntimeClient.Answer bad = client.post("/deployments", body("x", PLAIN_QUEUE, Map.of("enforcement", "ignore")));
    assertEquals(400, bad.status(), bad.body()::toString);
    assertTrue(bad.body().toString().contains("block or warn"), bad.body()::toString);
    LocalRuntimeClient.Answer unknown = client.post("/deployments", body("x", PLAIN_QUEUE, Map.of("blockat", "LOW")));
    assertEquals(400, unknown.status(), unknown.body()::toString);
    assertTrue(unknown.body().toString().contains("blockAt"), unknown.body()::toString);
  }

  @Test
  @DisplayName(
      "a required stack tag missing or not matching REJECTS the deployment, whatever its"
          + " enforcement; with the tag it deploys")
  void requiredTag_missing_rejected(AwsEndpoint endpoint) throws IOException {
    start(endpoint, (t, p) -> List.of(), RequiredTags.parse(List.of("owner=[a-z]+")));

    JsonNode missing =
        client.awaitStatus(
            post("tagged", PLAIN_QUEUE, Map.of("enforcement", "warn")), ENDED, WAIT);
    assertEquals("REJECTED", missing.path("status").asText(), missing::toString);
    assertEquals("FB-POLICY-TAG-001", missing.path("findings").get(0).path("ruleId").asText());
    assertEquals("Tags.owner", missing.path("findings").get(0).path("path").asText());
    awaitUnlocked("tagged");

    drop("tagged", "deployment.yaml", "tags:\n  owner: alice\n");
    drop("tagged", "template.yaml", PLAIN_QUEUE);
    JsonNode history = client.awaitHistory("tagged", 2, WAIT);
    JsonNode ok =
        client.awaitStatus(
            history.path("items").get(0).path("deploymentId").asText(), ENDED, WAIT);
    assertEquals("SUCCEEDED", ok.path("status").asText(), ok::toString);
  }

  @Test
  @DisplayName(
      "templates built to break the reader or the rules end FAILED (TEMPLATE_INVALID /"
          + " TEMPLATE_TOO_LARGE) or REJECTED with a reason, never INTERNAL, and unlock the stack")
  void hostileTemplates_endWithReasonNeverInternal(AwsEndpoint endpoint) throws IOException {
    // A rule that breaks on whatever it reads stands in for a rule with a bug.
    TemplateRules brittle =
        (template, parameters) -> {
          if (template.template().resources().containsKey("Boom")) {
            throw new ClassCastException("rule bug");
          }
          return PUBLIC_BUCKET_RULE.check(template, parameters);
        };
    start(endpoint, brittle, RequiredTags.none());
    StringBuilder deep = new StringBuilder("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata: ");
    deep.append("[".repeat(120)).append("]".repeat(120)).append('\n');
    String hugeString =
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Metadata:\n      x: \""
            + "a".repeat(1_048_600)
            + "\"\n";
    Map<String, String> hostile = new java.util.LinkedHashMap<>();
    hostile.put("deep", deep.toString());
    hostile.put("huge", hugeString);
    hostile.put("unicode", "Resources:\n  Ünïcødé:\n    Type: AWS::SQS::Queue\n");
    hostile.put(
        "intrinsic",
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
            + "      QueueName: {\"Fn::Join\": 5}\n");
    hostile.put(
        "selfsub",
        "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n"
            + "      QueueName: !Sub \"${Q.QueueName}-x\"\n");
    hostile.put(
        "cycle",
        "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: B\n"
            + "  B:\n    Type: AWS::SQS::Queue\n    DependsOn: A\n");
    hostile.put("rulebug", "Resources:\n  Boom:\n    Type: AWS::SQS::Queue\n");
    Map<String, String> ids = new java.util.LinkedHashMap<>();
    hostile.forEach(
        (stack, template) -> {
          LocalRuntimeClient.Answer a = client.post("/deployments", body(stack, template, null));
          assertNotEquals(500, a.status(), () -> stack + ": " + a.body());
          if (a.status() == 202) {
            ids.put(stack, a.body().path("deploymentId").asText());
          } else {
            assertTrue(a.status() == 400 || a.status() == 413, () -> stack + ": " + a.body());
          }
        });
    for (Map.Entry<String, String> e : ids.entrySet()) {
      JsonNode r = client.awaitStatus(e.getValue(), ENDED, WAIT);
      String code = r.path("error").path("code").asText();
      assertTrue(
          Set.of("TEMPLATE_INVALID", "TEMPLATE_TOO_LARGE", "REJECTED").contains(code),
          () -> e.getKey() + " ended " + r);
      assertFalse(r.path("error").path("message").asText().isBlank(), r::toString);
      awaitUnlocked(e.getKey());
    }
    assertTrue(ids.containsKey("rulebug"), ids::toString);
    JsonNode bug = client.awaitStatus(ids.get("rulebug"), ENDED, WAIT);
    assertEquals("REJECTED", bug.path("status").asText(), bug::toString);
    assertEquals("FB-RULES-000", bug.path("findings").get(0).path("ruleId").asText());
    assertTrue(ids.containsKey("cycle") && ids.containsKey("unicode"), ids::toString);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void start(AwsEndpoint endpoint, TemplateRules rules, RequiredTags tags)
      throws IOException {
    aws = endpoint;
    slack = new SlackWebhookStub();
    LocalConfig config =
        new LocalConfig(
                0,
                tmp.resolve("drop"),
                tmp.resolve("data"),
                endpoint.endpoint().toString(),
                endpoint.region(),
                slack.url(),
                TOKEN,
                "123456789012",
                DeploymentOptions.defaults().withLockWaitSeconds(60).withPolls(1, 1),
                50,
                1_000)
            .withValidation(rules, tags);
    plane = new LocalControlPlane(config);
    client = new LocalRuntimeClient(plane.start(), TOKEN);
  }

  private static Suppression suppression(ResourceDefinition<?> r) {
    if (r.metadata().get("fogbank") instanceof Map<?, ?> fogbank
        && fogbank.get("suppress") instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> m && RULE.equals(m.get("rule")) && m.get("reason") != null) {
          return new Suppression(RULE, m.get("reason").toString());
        }
      }
    }
    return null;
  }

  private String post(String stack, String template, Map<String, String> validation) {
    LocalRuntimeClient.Answer a = client.post("/deployments", body(stack, template, validation));
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }

  private static String body(String stack, String template, Map<String, String> validation) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    if (validation != null) {
      ObjectNode v = body.putObject("options").putObject("validation");
      validation.forEach(v::put);
    }
    return body.toString();
  }

  private void drop(String stack, String file, String content) throws IOException {
    Path dir = tmp.resolve("drop").resolve("stacks").resolve(stack);
    Files.createDirectories(dir);
    Path part = dir.resolve("." + file + ".part");
    Files.writeString(part, content);
    Files.move(
        part,
        dir.resolve(file),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private void awaitUnlocked(String stack) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!client.get("/stacks/" + stack + "/lock").body().path("locked").asBoolean()) {
        return;
      }
      LocalRuntimeClient.sleep(20);
    }
    org.junit.jupiter.api.Assertions.fail("stack " + stack + " is still locked");
  }

  private CloudFormationClient cloudFormation() {
    return AwsClientFactory.create(AwsSettings.of(aws.region(), aws.endpoint())).cloudFormation();
  }
}
