package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.functions.api.ApiHandler;
import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Local mode's bearer tokens over raw HTTP/1.1 (so headers go out exactly as written): each token
 * of {@code tokens.json} is its principal with its own grants; header parsing is strict.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class LocalApiServerAuthTest {
  private static final String ADMIN = "admin-token-0123456789abcdef";
  private static final String CI = "ci-token-0123456789";
  private static final String VIEWER = "viewer-token-0123456";
  private static final StackRef WEB_SHOP = StackRef.of("123456789012", "us-east-1", "web-shop");

  private DynamoDbLockStore locks;
  private LocalApiServer server;

  @BeforeEach
  void start(DynamoDbClient dynamoDb, @ControlTableName String table, @TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve(LocalTokens.FILE_NAME),
        """
        {"tokens": [
          {"principal": "ci", "token": "%s", "stacks": ["web-*"],
           "actions": ["read", "deploy", "unlock"]},
          {"principal": "viewer", "token": "%s", "stacks": ["*"], "actions": ["read"]}
        ]}
        """
            .formatted(CI, VIEWER));
    LocalTokens tokens = LocalTokens.load(ADMIN, dir.resolve(LocalTokens.FILE_NAME));
    locks = DynamoDbLockStore.create(dynamoDb, table);
    ApiRoutes routes =
        ApiRoutes.lazy(
                () -> {
                  throw new AssertionError("nothing is submitted here");
                },
                () -> DynamoDbDeploymentHistory.create(dynamoDb, table),
                () -> locks,
                "123456789012",
                "us-east-1")
            .withAuthorization(
                Authorizer.of(() -> DynamoDbPolicyStore.create(dynamoDb, table), tokens.grants()));
    server = new LocalApiServer(0, new ApiHandler(routes), tokens);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void lock_whenViewerToken_then403AndNoLock_whenCiToken_thenHeldByCi() throws Exception {
    String viewer = post("/stacks/web-shop/lock", "Authorization: Bearer " + VIEWER);

    assertTrue(viewer.startsWith("HTTP/1.1 403"), viewer);
    assertTrue(viewer.contains("\"FORBIDDEN\""), viewer);
    assertTrue(locks.read(WEB_SHOP).isEmpty(), "nothing happened");

    String ci = post("/stacks/web-shop/lock", "Authorization: bearer " + CI);

    assertTrue(ci.startsWith("HTTP/1.1 200"), ci);
    assertEquals("manual/ci", locks.read(WEB_SHOP).orElseThrow().owner());
    String outside = post("/stacks/payments/lock", "Authorization: Bearer " + CI);
    assertTrue(outside.startsWith("HTTP/1.1 403"), outside);
  }

  @Test
  void anyRoute_whenTwoAuthorizationHeaders_then401WithCode() throws Exception {
    String r =
        get("/stacks/web-shop/lock", "Authorization: Bearer " + ADMIN, "Authorization: Bearer " + ADMIN);

    assertTrue(r.startsWith("HTTP/1.1 401"), r);
    assertTrue(r.contains("\"UNAUTHORIZED\""), r);
    assertTrue(r.contains("more than one Authorization header"), r);
  }

  @Test
  void anyRoute_whenTokenWrongPaddedOrBent_then401_exactTokenIs200() throws Exception {
    assertTrue(get("/stacks/web-shop/lock", "Authorization: Bearer " + ADMIN).startsWith("HTTP/1.1 200"));
    for (String header :
        new String[] {
          "Authorization: Bearer  " + ADMIN,
          "Authorization: Bearer " + ADMIN + "x",
          "Authorization: Bearer " + ADMIN + "\tx",
          "Authorization: Basic " + ADMIN,
          "Authorization: Bearer"
        }) {
      String r = get("/stacks/web-shop/lock", header);
      assertTrue(r.startsWith("HTTP/1.1 401"), header + " -> " + r);
      assertTrue(r.contains("\"UNAUTHORIZED\""), r);
    }
    assertTrue(get("/stacks/web-shop/lock").startsWith("HTTP/1.1 401"));
    assertTrue(get("/health").startsWith("HTTP/1.1 200"));
  }

  private String get(String path, String... headers) throws Exception {
    return raw("GET", path, headers);
  }

  private String post(String path, String header) throws Exception {
    return raw("POST", path, new String[] {header}, "{\"ttlSeconds\": 600}");
  }

  private String raw(String method, String path, String[] headers) throws Exception {
    return raw(method, path, headers, null);
  }

  /** One HTTP/1.1 request written byte for byte, the whole answer read back. */
  private String raw(String method, String path, String[] headers, String body) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
      request.append("Host: 127.0.0.1\r\nConnection: close\r\n");
      for (String h : headers) {
        request.append(h).append("\r\n");
      }
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
