package dev.fogbank.infrastructure.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.FaultInjector;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How bootstrap's S3 calls fail: a refusal is the operator's to fix, an outage is retried. */
@ExtendWith(AwsEndpointExtension.class)
class S3ArtifactStoreIT {

  private static final byte[] BODY = "v1".getBytes(StandardCharsets.UTF_8);

  private final FaultInjector faults = new FaultInjector();
  private AwsClientFactory clients;
  private S3ArtifactStore store;
  private String bucket;

  @BeforeEach
  void setUp(AwsEndpoint aws) {
    clients = aws.clients(faults);
    store = new S3ArtifactStore(clients.s3(), aws.region(), false);
    bucket = "fogbank-artifacts-" + UUID.randomUUID().toString().substring(0, 8);
    store.ensureBucket(bucket);
    faults.clear();
  }

  @AfterEach
  void tearDown() {
    clients.close();
  }

  @Test
  void put_whenS3DeniesPutObject_thenInvalidRequestAtOnceWithS3sReason() {
    // Stands in for credentials without s3:PutObject on the artifacts bucket (or a bucket policy
    // denying them): 403 AccessDenied, which moto never answers without IAM checks.
    faults.failNext("PutObject", FaultInjector.ALWAYS, 403, "AccessDenied", "Access Denied");

    DeploymentException e =
        assertThrows(
            DeploymentException.class, () -> store.put(bucket, "k.json", BODY, "text/plain"));

    assertEquals(ErrorCode.INVALID_REQUEST, e.code(), "a refusal is not an outage");
    assertEquals(
        "S3 PutObject of s3://"
            + bucket
            + "/k.json failed: rejected by AWS (HTTP 403 AccessDenied): Access Denied",
        e.getMessage());
    assertEquals(1, faults.attempts("PutObject"), "a refusal is not retried");
  }

  @Test
  void put_whenS3FailsPastRetries_thenAwsUnavailable() {
    // Stands in for an S3 outage: HTTP 500 InternalError on every attempt the SDK makes.
    faults.failNext("PutObject", FaultInjector.ALWAYS, 500, "InternalError", "try again");

    DeploymentException e =
        assertThrows(
            DeploymentException.class, () -> store.put(bucket, "k.json", BODY, "text/plain"));

    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());
    assertTrue(faults.attempts("PutObject") > 1, "retried by the SDK");
  }
}
