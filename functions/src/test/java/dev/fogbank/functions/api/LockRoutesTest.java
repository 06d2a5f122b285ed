package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.functions.steps.AcquireLockHandler;
import dev.fogbank.shared.deploy.DeploymentLedger;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.lock.StackLock;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * POST and DELETE /stacks/{name}/lock through the routes, the lock on DynamoDB Local; and what a
 * deployment's AcquireLock step makes of a manual lock.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class LockRoutesTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final StackRef WEB = StackRef.of(ACCOUNT, REGION, "web");
  private static final String ID = "d-20261206T200000-0123456789ab";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-06T20:00:00Z"));
  private DynamoDbLockStore locks;
  private DynamoDbDeploymentHistory history;
  private ApiRoutes routes;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    locks = new DynamoDbLockStore(dynamoDb, table, clock);
    history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    routes =
        ApiRoutes.lazy(
            () -> {
              throw new AssertionError("the lock routes submit nothing");
            },
            () -> history,
            () -> locks,
            ACCOUNT,
            REGION);
  }

  @Test
  void acquire_whenFree_then200WithTheCallersLockUntilNowPlusTtl() {
    ApiRoutes.Response r = post("web", "{\"ttlSeconds\": 3600, \"reason\": \"db migration\"}", "alice");

    assertEquals(200, r.status(), r::toString);
    JsonNode body = json(r);
    assertTrue(body.path("locked").asBoolean());
    assertEquals("manual/alice", body.path("owner").asText());
    assertEquals("db migration", body.path("reason").asText());
    assertEquals(clock.instant().plusSeconds(3600).toString(), body.path("expiresAt").asText());
    StackLock stored = locks.read(WEB).orElseThrow();
    assertEquals("manual/alice", stored.deploymentId());
    assertEquals("db migration", stored.reason());
    assertEquals("db migration", json(routes.handle("GET", "/stacks/web/lock", Map.of(), null, "bob"))
        .path("reason").asText());
  }

  @Test
  void acquire_whenAnotherCallerHoldsIt_then409LockedNamingTheHolderAndLockKept() {
    post("web", "{\"ttlSeconds\": 600, \"reason\": \"db migration\"}", "alice");

    ApiRoutes.Response r = post("web", "{\"ttlSeconds\": 600}", "bob");

    assertEquals(409, r.status(), r::toString);
    assertEquals("LOCKED", code(r));
    assertTrue(message(r).contains("manual/alice"), message(r));
    assertTrue(message(r).contains("db migration"), message(r));
    assertEquals("manual/alice", locks.read(WEB).orElseThrow().owner());
  }

  @Test
  void acquire_whenADeploymentHoldsIt_then409LockedNamingTheDeployment() {
    locks.acquire(WEB, "deployment/" + ID, ID, Duration.ofMinutes(30));

    ApiRoutes.Response r = post("web", "{\"ttlSeconds\": 600}", "alice");

    assertEquals(409, r.status(), r::toString);
    assertEquals("LOCKED", code(r));
    assertTrue(message(r).contains(ID), message(r));
    assertEquals(ID, locks.read(WEB).orElseThrow().deploymentId());
  }

  @Test
  void acquire_whenTheHolderAsksAgain_thenRenewedWithTheNewTtlAndReason() {
    post("web", "{\"ttlSeconds\": 600, \"reason\": \"first\"}", "alice");
    clock.advance(Duration.ofMinutes(5));

    ApiRoutes.Response r = post("web", "{\"ttlSeconds\": 7200, \"reason\": \"longer\"}", "alice");

    assertEquals(200, r.status(), r::toString);
    StackLock stored = locks.read(WEB).orElseThrow();
    assertEquals(clock.instant().plusSeconds(7200), stored.expiresAt());
    assertEquals("longer", stored.reason());
  }

  @Test
  void acquire_whenTtlOutsideAMinuteToADay_then400AndNoLock() {
    for (String body :
        new String[] {
          "{\"ttlSeconds\": 59}", "{\"ttlSeconds\": 86401}", "{\"reason\": \"no ttl\"}",
          "{\"ttlSeconds\": \"soon\"}", "{\"ttlSeconds\": \"600\"}", "{\"ttlSeconds\": 600.5}",
          "{\"ttlSeconds\": 600, \"owner\": \"me\"}", "",
          "{\"ttlSeconds\": 600, \"reason\": \"" + "x".repeat(1025) + "\"}"
        }) {
      ApiRoutes.Response r = post("web", body, "alice");

      assertEquals(400, r.status(), body + " -> " + r);
      assertEquals("INVALID_REQUEST", code(r), body);
    }
    assertTrue(locks.read(WEB).isEmpty());
  }

  @Test
  void acquireAndRelease_whenStackNameInvalid_then400InvalidStackName() {
    ApiRoutes.Response acquire = post("9-not-a-stack", "{\"ttlSeconds\": 600}", "alice");
    ApiRoutes.Response release =
        routes.handle("DELETE", "/stacks/web_1/lock", Map.of(), null, "alice");

    assertEquals(400, acquire.status(), acquire::toString);
    assertEquals("INVALID_STACK_NAME", code(acquire));
    assertEquals(400, release.status(), release::toString);
    assertEquals("INVALID_STACK_NAME", code(release));
  }

  @Test
  void release_whenTheCallerHoldsIt_then200WithTheRemovedLockAndStackFree() {
    post("web", "{\"ttlSeconds\": 600}", "alice");

    ApiRoutes.Response r = delete("web", Map.of(), "alice");

    assertEquals(200, r.status(), r::toString);
    assertEquals("manual/alice", json(r).path("owner").asText());
    assertTrue(locks.read(WEB).isEmpty());
  }

  @Test
  void release_whenNotLocked_then404() {
    ApiRoutes.Response r = delete("web", Map.of(), "alice");

    assertEquals(404, r.status(), r::toString);
    assertEquals("NOT_FOUND", code(r));
  }

  @Test
  void release_whenSomeoneElseHoldsIt_then409LockedAndLockKept() {
    post("web", "{\"ttlSeconds\": 600}", "alice");

    ApiRoutes.Response r = delete("web", Map.of(), "bob");

    assertEquals(409, r.status(), r::toString);
    assertEquals("LOCKED", code(r));
    assertTrue(message(r).contains("manual/alice"), message(r));
    assertEquals("manual/alice", locks.read(WEB).orElseThrow().owner());
  }

  @Test
  void release_whenForcedByAnother_then200RemovingEvenADeploymentsLock() {
    locks.acquire(WEB, "deployment/" + ID, ID, Duration.ofMinutes(30));

    ApiRoutes.Response r = delete("web", Map.of("force", "true"), "bob");

    assertEquals(200, r.status(), r::toString);
    assertEquals(ID, json(r).path("deploymentId").asText());
    assertTrue(locks.read(WEB).isEmpty());
  }

  @Test
  void release_whenForcedAndNotLocked_then404() {
    assertEquals(404, delete("web", Map.of("force", "true"), "bob").status());
  }

  @Test
  void release_whenForceIsNotABoolean_then400AndLockKept() {
    post("web", "{\"ttlSeconds\": 600}", "alice");

    ApiRoutes.Response r = delete("web", Map.of("force", "yes"), "bob");

    assertEquals(400, r.status(), r::toString);
    assertEquals("INVALID_REQUEST", code(r));
    assertFalse(locks.read(WEB).isEmpty());
  }

  @Test
  void manualLock_whenADeploymentArrives_thenItWaitsUntilTheTtlRunsOutThenTakesTheStack() {
    history.append(
        DeploymentRecord.requested(
            ID, WEB, DeploymentSource.API, "pipeline", null, null, Map.of(), Map.of(),
            clock.instant()));
    DeploymentLedger ledger = new DeploymentLedger(locks, history, event -> {}, clock);
    post("web", "{\"ttlSeconds\": 600, \"reason\": \"freeze\"}", "alice");

    JsonNode waiting = new AcquireLockHandler(ledger).apply(state(null));

    assertFalse(waiting.path("acquired").asBoolean(), waiting::toString);
    assertEquals("manual/alice", waiting.path("holderDeploymentId").asText());
    assertEquals(DeploymentStatus.QUEUED, history.get(ID).orElseThrow().status());

    clock.advance(Duration.ofSeconds(600));
    JsonNode taken = new AcquireLockHandler(ledger).apply(state(waiting));

    assertTrue(taken.path("acquired").asBoolean(), taken::toString);
    assertEquals(ID, locks.read(WEB).orElseThrow().deploymentId());
    assertEquals(DeploymentStatus.RUNNING, history.get(ID).orElseThrow().status());
  }

  private ObjectNode state(JsonNode lock) {
    ObjectNode state = Json.mapper().createObjectNode();
    state.put("deploymentId", ID);
    state.put("stackName", "web");
    state.put("account", ACCOUNT);
    state.put("region", REGION);
    if (lock != null) {
      state.set("lock", lock);
    }
    return state;
  }

  private ApiRoutes.Response post(String stack, String body, String caller) {
    return routes.handle("POST", "/stacks/" + stack + "/lock", Map.of(), body, caller);
  }

  private ApiRoutes.Response delete(String stack, Map<String, String> query, String caller) {
    return routes.handle("DELETE", "/stacks/" + stack + "/lock", query, null, caller);
  }

  private static JsonNode json(ApiRoutes.Response r) {
    return Json.mapper().valueToTree(r.body());
  }

  private static String code(ApiRoutes.Response r) {
    return json(r).path("error").path("code").asText();
  }

  private static String message(ApiRoutes.Response r) {
    return json(r).path("error").path("message").asText();
  }

  /** A clock the test moves on by hand: lock TTLs run out without sleeping. */
  private static final class SettableClock extends Clock {
    private Instant now;

    SettableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
