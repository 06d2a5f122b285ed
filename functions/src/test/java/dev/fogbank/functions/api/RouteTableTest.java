package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.functions.api.RouteTable.Route;
import dev.fogbank.shared.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The route table and {@code docs/api/openapi.yaml} list exactly the same operations: the same
 * (method, path template) pairs, each with the same operationId, in both directions.
 */
class RouteTableTest {
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  @Test
  void table_whenComparedWithOpenApi_thenSameMethodPathAndOperationIds() throws IOException {
    Map<String, String> documented = documentedOperations();
    Map<String, String> routed = new TreeMap<>();
    for (Route route : ApiRoutes.routeTable().routes()) {
      routed.put(route.method() + " " + route.path(), route.operationId());
    }

    Set<String> undocumented = new TreeSet<>(routed.keySet());
    undocumented.removeAll(documented.keySet());
    Set<String> unrouted = new TreeSet<>(documented.keySet());
    unrouted.removeAll(routed.keySet());
    assertTrue(undocumented.isEmpty(), "routed but not in openapi.yaml: " + undocumented);
    assertTrue(unrouted.isEmpty(), "in openapi.yaml but not routed: " + unrouted);
    assertEquals(documented, routed, "operationIds differ");
  }

  @Test
  void routes_whenOpen_thenOnlyHealthAndSlacksSignedActions() {
    List<String> open =
        ApiRoutes.routeTable().routes().stream()
            .filter(Route::open)
            .map(r -> r.method() + " " + r.path())
            .toList();

    // POST /slack/actions authenticates Slack's request signature itself (SlackActionRoutes).
    assertEquals(List.of("GET /health", "POST /slack/actions"), open);
  }

  @Test
  void match_whenTrailingSlashOrEmptySegment_thenNoMatch() {
    Route route = Route.get("/deployments/{deploymentId}", "x", (api, r) -> null);

    assertEquals(Map.of("deploymentId", "d-1"), route.match("/deployments/d-1").orElseThrow());
    assertFalse(route.match("/deployments/").isPresent());
    assertFalse(route.match("/deployments/d-1/").isPresent());
    assertFalse(route.match("/deployments").isPresent());
    assertFalse(route.match("/deployments/d-1/approve").isPresent());
  }

  @Test
  void of_whenAnOperationIsListedTwice_thenRefused() {
    Route a = Route.get("/x/{id}", "getX", (api, r) -> null);
    Route b = Route.get("/x/{name}", "getOtherX", (api, r) -> null);

    assertThrows(IllegalArgumentException.class, () -> RouteTable.of(List.of(a, b)));
  }

  @Test
  void handle_whenPathUnknownOrMethodWrong_then404Or405FromTheTable() {
    ApiRoutes routes = new ApiRoutes(null, null, null, "123456789012", "us-east-1");

    JsonNode unknown = Json.mapper().valueToTree(routes.handle("GET", "/nope", null, null, "t").body());
    ApiRoutes.Response wrong = routes.handle("PATCH", "/stacks/web/lock", null, null, "t");
    ApiRoutes.Response driftUnwired = routes.handle("GET", "/drift", null, null, "t");

    assertEquals("no route for GET /nope", unknown.path("error").path("message").asText());
    assertEquals(405, wrong.status());
    assertEquals(404, driftUnwired.status(), "drift routes are absent where drift is not wired");
  }

  /** "METHOD /path/{param}" → operationId, from the document. */
  static Map<String, String> documentedOperations() throws IOException {
    Map<String, Object> spec =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(openApiPath(), StandardCharsets.UTF_8));
    Map<String, String> operations = new TreeMap<>();
    for (Map.Entry<String, Object> path : asMap(spec.get("paths")).entrySet()) {
      for (Map.Entry<String, Object> op : asMap(path.getValue()).entrySet()) {
        if (HTTP_METHODS.contains(op.getKey())) {
          operations.put(
              op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
              String.valueOf(asMap(op.getValue()).get("operationId")));
        }
      }
    }
    return operations;
  }

  static Path openApiPath() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("docs/api/openapi.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("docs/api/openapi.yaml not found above " + Path.of(""));
    }
    return dir.resolve("docs/api/openapi.yaml");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }
}
