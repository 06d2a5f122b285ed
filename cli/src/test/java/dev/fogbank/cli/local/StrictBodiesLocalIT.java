package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.functions.api.RouteTable.Route;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import dev.fogbank.shared.testing.OpenApiContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Issue 12, "request bodies strictly parsed": every POST and PUT of the route table, through the
 * whole local control plane, refuses an unknown field (400 INVALID_REQUEST naming it) and, for each
 * top-level field its documented request schema types, a value of another type (400 naming the
 * field); a route documented without a body refuses one with fields. Driven from {@code
 * ApiRoutes.routeTable()} and {@code docs/api/openapi.yaml}, so a new route is covered as it lands.
 */
@ExtendWith(AwsEndpointExtension.class)
class StrictBodiesLocalIT {
  static final String TOKEN = "strict-bodies-token";

  /** Slack's signed form post, not JSON: its parsing is SlackActionRoutesTest's. */
  static final Set<String> NOT_JSON = Set.of("slackAction");

  /** Values of each JSON type, and a value of another type for a field of that type. */
  static final Map<String, String> WRONG =
      Map.of(
          "string", "5",
          "integer", "\"5\"",
          "number", "\"5\"",
          "boolean", "\"yes\"",
          "array", "\"x\"",
          "object", "[1]");

  @TempDir Path tmp;
  LocalControlPlane plane;

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
  }

  @Test
  @DisplayName(
      "every POST/PUT route refuses an unknown field and a wrongly typed one with a 400 naming it")
  void everyBodyRoute_whenUnknownOrWronglyTypedField_then400NamingTheField(AwsEndpoint aws)
      throws IOException {
    plane =
        new LocalControlPlane(
            new LocalConfig(0, tmp.resolve("drop"), tmp.resolve("data"),
                aws.endpoint().toString(), aws.region(), null, TOKEN, "123456789012",
                DeploymentOptions.defaults(), 50, 1_000));
    LocalRuntimeClient client = new LocalRuntimeClient(plane.start(), TOKEN);
    OpenApiContract contract = OpenApiContract.project();
    Map<String, Object> spec =
        new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(Files.readString(OpenApiContract.projectDocument(), StandardCharsets.UTF_8));

    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Route route : ApiRoutes.routeTable().routes()) {
      if (!Set.of("POST", "PUT").contains(route.method())
          || NOT_JSON.contains(route.operationId())) {
        continue;
      }
      String path =
          route.path()
              .replace("{stackName}", "strict-web")
              .replace("{deploymentId}", "d-20261207T000000-000000000000")
              .replaceAll("\\{[^}]+}", "x-nope");
      String label = route.method() + " " + route.path();
      checked += expect400(client, contract, route, path, "{\"unexpectedField\": 1}",
          "unexpectedField", label + " with an unknown field", failures);
      Map<String, Object> schema = requestSchema(spec, route);
      Map<String, Object> properties = schema == null ? Map.of() : map(schema.get("properties"));
      for (Map.Entry<String, Object> p : properties.entrySet()) {
        Object type = map(p.getValue()).get("type");
        if (type instanceof String t && WRONG.containsKey(t)) {
          String body = "{\"" + p.getKey() + "\": " + WRONG.get(t) + "}";
          checked += expect400(client, contract, route, path, body, p.getKey(),
              label + " with " + body, failures);
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    // 14 routes today, most with typed fields: a table that stopped being read would check none.
    assertTrue(checked >= 25, "checked " + checked + " bodies");
  }

  private static int expect400(
      LocalRuntimeClient client,
      OpenApiContract contract,
      Route route,
      String path,
      String body,
      String field,
      String what,
      List<String> failures) {
    LocalRuntimeClient.Answer a =
        route.method().equals("PUT") ? client.put(path, body) : client.post(path, body);
    String code = a.body().path("error").path("code").asText();
    String message = a.body().path("error").path("message").asText();
    if (a.status() != 400 || !code.equals("INVALID_REQUEST") || !message.contains(field)) {
      failures.add(what + ": " + a.status() + " " + a.body());
    }
    List<String> problems =
        contract.problems(route.operationId(), a.status(), "application/json", a.body().toString());
    if (!problems.isEmpty()) {
      failures.add(what + ": the answer is not as documented: " + problems);
    }
    return 1;
  }

  /** The documented JSON request body schema of the route's operation, $ref resolved; or null. */
  private static Map<String, Object> requestSchema(Map<String, Object> spec, Route route) {
    Map<String, Object> op =
        map(map(map(spec.get("paths")).get(route.path())).get(
            route.method().toLowerCase(java.util.Locale.ROOT)));
    Object schema =
        map(map(map(op.get("requestBody")).get("content")).get("application/json")).get("schema");
    if (schema == null) {
      return null;
    }
    Map<String, Object> s = map(schema);
    if (s.get("$ref") instanceof String ref) {
      String name = ref.substring(ref.lastIndexOf('/') + 1);
      return map(map(map(spec.get("components")).get("schemas")).get(name));
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
