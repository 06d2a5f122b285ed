package dev.fogbank.shared.template;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.ChangeSetRequest;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.template.TemplateStore.StoredTemplate;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEndpointExtension.class)
class S3TemplateStoreIT {

  private static final byte[] TEMPLATE =
      """
      {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}
      """
          .getBytes(StandardCharsets.UTF_8);

  private final FaultInjector calls = new FaultInjector();
  private AwsClientFactory clients;
  private String bucket;
  private S3TemplateStore store;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients(calls);
    bucket = "fogbank-it-" + UUID.randomUUID().toString().substring(0, 8);
    clients.s3().createBucket(r -> r.bucket(bucket));
    store = new S3TemplateStore(clients.s3(), bucket);
    calls.clear();
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void put_whenNew_thenStoresUnderSha256AndGetReturnsSameBytes() {
    StoredTemplate stored = store.put(TEMPLATE);

    String sha256 = S3TemplateStore.sha256(TEMPLATE);
    assertEquals(sha256, stored.sha256());
    assertEquals(64, sha256.length());
    assertEquals("s3://" + bucket + "/templates/" + sha256 + ".template", stored.location());
    assertTrue(stored.url().startsWith("https://"), stored.url());
    assertTrue(stored.url().endsWith("/templates/" + sha256 + ".template"), stored.url());
    assertTrue(stored.url().contains(bucket), stored.url());
    assertArrayEquals(TEMPLATE, store.get(stored.location()));
    assertEquals(1, calls.attempts("PutObject"));
  }

  @Test
  void put_whenAlreadyStored_thenDoesNotUploadAgain() {
    StoredTemplate first = store.put(TEMPLATE);
    StoredTemplate second = store.put(TEMPLATE.clone());

    assertEquals(first, second);
    assertEquals(2, calls.attempts("HeadObject"));
    assertEquals(1, calls.attempts("PutObject"), "the second put found the object and skipped");
  }

  @Test
  void get_whenMissing_thenNotFound() {
    String location = "s3://" + bucket + "/templates/" + "0".repeat(64) + ".template";

    NotFoundException e = assertThrows(NotFoundException.class, () -> store.get(location));

    assertTrue(e.getMessage().contains(location), e.getMessage());
  }

  @Test
  void get_whenS3DeniesAccess_thenInternalAtOnceWithS3sReason() {
    StoredTemplate stored = store.put(TEMPLATE);
    // Stands in for S3 refusing GetObject to a role without s3:GetObject on the bucket (or a
    // bucket policy denying it): 403 AccessDenied, which moto never answers without IAM checks.
    calls.failNext("GetObject", FaultInjector.ALWAYS, 403, "AccessDenied", "Access Denied");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> store.get(stored.location()));

    assertEquals(ErrorCode.INTERNAL, e.code(), "a refusal is not an outage");
    assertEquals(
        "S3 GetObject of "
            + stored.location()
            + " failed: rejected by AWS (HTTP 403 AccessDenied): Access Denied",
        e.getMessage());
    assertEquals(1, calls.attempts("GetObject"), "a refusal is not retried");
  }

  @Test
  void url_whenGivenToCloudFormation_thenItFetchesTheTemplate() {
    StoredTemplate stored = store.put(TEMPLATE);
    CloudFormationStackGateway gateway = new CloudFormationStackGateway(clients.cloudFormation());
    String stack = "it-url-" + UUID.randomUUID().toString().substring(0, 8);

    ChangeSet handle =
        gateway.createChangeSet(
            new ChangeSetRequest(
                stack, "cs-url", null, stored.url(), null, null, null, "template by URL"));
    ChangeSet outcome = gateway.awaitChangeSet(handle, Duration.ofSeconds(60));

    assertEquals(ChangeSet.Status.READY, outcome.status());
    assertEquals("Topic", outcome.changes().getFirst().logicalId());
  }
}
