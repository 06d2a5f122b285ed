package dev.fogbank.functions.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.functions.api.ApiHandlerTest.RecordingExecutionStarter;
import dev.fogbank.functions.api.ApiHandlerTest.SteppingClock;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.drop.DropFile;
import dev.fogbank.shared.drop.DropSource;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.template.TemplateStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The control plane's intake as the hostile-input tests drive it: the real history and lock
 * adapters on DynamoDB Local; Step Functions, the artifacts bucket and the drop bucket stand in
 * memory (their adapters have their own ITs on the emulator), so that every request is cheap
 * enough to send thousands of.
 */
final class HostileFixture {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";
  private static final String BUCKET = "fogbank-drop-test"; // as in the S3 fixture

  final RecordingExecutionStarter executions = new RecordingExecutionStarter();
  final DynamoDbDeploymentHistory history;
  final DynamoDbLockStore locks;
  final DeploymentIntake intake;
  final MemoryDropBucket drops = new MemoryDropBucket();

  HostileFixture(DynamoDbClient dynamoDb, String table) {
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    locks = DynamoDbLockStore.create(dynamoDb, table);
    intake =
        new DeploymentIntake(
            history,
            new MemoryTemplateStore(),
            executions,
            new SteppingClock(Instant.parse("2026-11-21T22:05:01Z"), Duration.ofMillis(1)),
            ACCOUNT,
            REGION,
            null,
            DeploymentOptions.defaults());
  }

  ApiHandler api() {
    return new ApiHandler(
        new ApiRoutes(intake, history, locks, ACCOUNT, REGION)
            .withEstimator(
                () -> {
                  throw new AssertionError("a hostile template reached the cost estimator");
                }));
  }

  // ---- API Gateway HTTP API events, derived from the fixtures ----------------------------

  static APIGatewayV2HTTPEvent post(String path, String body) {
    return HttpApiEvents.bind(
        HttpApiEvents.withBody(
            HttpApiEvents.request("http-api-v2-post-deployments.json", "POST", path), body));
  }

  static APIGatewayV2HTTPEvent postBase64(String path, String base64) {
    ObjectNode event =
        HttpApiEvents.withBody(
            HttpApiEvents.request("http-api-v2-post-deployments.json", "POST", path), base64);
    event.put("isBase64Encoded", true);
    return HttpApiEvents.bind(event);
  }

  static APIGatewayV2HTTPEvent request(String method, String path, Map<String, String> query) {
    ObjectNode event = HttpApiEvents.request("http-api-v2-get-stack-deployments.json", method, path);
    event.remove("queryStringParameters");
    event.put("rawQueryString", "");
    return HttpApiEvents.bind(query.isEmpty() ? event : HttpApiEvents.withQuery(event, query));
  }

  // ---- S3 event notifications, derived from the fixture ----------------------------------

  private static final ObjectMapper S3_EVENTS = new ObjectMapper();
  private static final AtomicInteger VERSIONS = new AtomicInteger();

  /** An ObjectCreated:Put of {@code encodedKey} (as S3 writes keys in events: URL-encoded). */
  static byte[] s3Put(String encodedKey) {
    try (InputStream in = HostileFixture.class.getResourceAsStream("/events/s3-object-created-put.json")) {
      ObjectNode event = (ObjectNode) S3_EVENTS.readTree(in);
      ObjectNode object = (ObjectNode) event.path("Records").path(0).path("s3").path("object");
      object.put("key", encodedKey);
      object.put("versionId", "v" + VERSIONS.incrementAndGet());
      return S3_EVENTS.writeValueAsBytes(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The key as the drop function reads it out of an event. */
  static String decoded(String encodedKey) {
    try {
      return URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return encodedKey;
    }
  }

  /** The drop bucket's newest versions, in memory; S3DropSource has its IT on the emulator. */
  static final class MemoryDropBucket implements DropSource {
    private final Map<String, DropFile> files = new ConcurrentHashMap<>();

    void put(String key, String body) {
      put(key, body.getBytes(StandardCharsets.UTF_8));
    }

    void put(String key, byte[] body) {
      files.put(key, new DropFile(key, "v" + VERSIONS.incrementAndGet(), body));
    }

    @Override
    public Optional<DropFile> latest(String bucket, String key) {
      return BUCKET.equals(bucket) ? Optional.ofNullable(files.get(key)) : Optional.empty();
    }
  }

  /** The artifacts bucket, in memory, content-addressed as S3TemplateStore is. */
  private static final class MemoryTemplateStore implements TemplateStore {
    private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();

    @Override
    public StoredTemplate put(byte[] body) {
      String sha256 = sha256(body);
      bodies.put(sha256, body.clone());
      return new StoredTemplate(sha256, "memory:" + sha256, null);
    }

    @Override
    public byte[] get(String location) {
      return bodies.get(location.substring("memory:".length())).clone();
    }

    private static String sha256(byte[] body) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
