package dev.fogbank.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.cli.local.FileTemplateStore;
import dev.fogbank.functions.api.ApiRoutes;
import dev.fogbank.shared.deploy.DeploymentIntake;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.execution.ExecutionStarter;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import dev.fogbank.shared.testing.Prerequisite;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.fogbank.shared.drift.DriftReports;
import dev.fogbank.shared.drift.DynamoDbDriftRecords;
import dev.fogbank.shared.drift.DynamoDbDriftScans;
import dev.fogbank.shared.drift.ManagedStacks;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code docs/api/openapi.yaml} is valid OpenAPI and describes exactly what ApiRoutes serves. */
@ExtendWith(DynamoDbLocalExtension.class)
class OpenApiSpecTest {
  private static final String VALIDATOR = "openapi-spec-validator";

  /** Where scripts/test puts the validator it found (PATH, or the project's tools venv). */
  private static final String VALIDATOR_VARIABLE = "FOGBANK_OPENAPI_SPEC_VALIDATOR";

  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private static Path root;
  private static Map<String, Object> spec;

  @BeforeAll
  static void load() throws IOException {
    root = projectRoot();
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    spec = yaml.load(Files.readString(specPath(), StandardCharsets.UTF_8));
  }

  @Test
  void spec_isValidOpenApiPerValidator() throws Exception {
    Path validator = validator();
    Prerequisite.require(
        validator != null,
        VALIDATOR
            + " is not installed (pip install openapi-spec-validator, or set "
            + VALIDATOR_VARIABLE
            + "): docs/api/openapi.yaml was NOT validated");

    Process process =
        new ProcessBuilder(validator.toString(), specPath().toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), VALIDATOR + " did not finish");

    assertEquals(0, process.exitValue(), out);
    assertTrue(out.contains("OK"), out);
  }

  @Test
  void spec_isOpenApi31() {
    assertEquals("3.1.0", String.valueOf(spec.get("openapi")));
  }

  @Test
  void spec_listsExactlyTheRoutesApiRoutesDeclares() {
    Set<String> served = routesInSource();
    assertFalse(served.isEmpty(), "no routes in ApiRoutes' route table");

    assertEquals(served, operationsInSpec());
  }

  @Test
  void spec_errorCodesAreTheErrorCodeEnum() {
    Set<String> expected =
        Arrays.stream(ErrorCode.values())
            .map(Enum::name)
            .collect(Collectors.toCollection(TreeSet::new));

    Map<String, Object> errorCode = map(map(map(spec, "components"), "schemas"), "ErrorCode");
    @SuppressWarnings("unchecked")
    List<String> documented = (List<String>) errorCode.get("enum");

    assertEquals(expected, new TreeSet<>(documented));
  }

  @Test
  void everySpecOperation_isServedWithADocumentedStatus(
      DynamoDbClient dynamoDb, @ControlTableName String table, @TempDir Path dataDir) {
    var history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    ExecutionStarter started = (name, input) -> new ExecutionStarter.StartedExecution(name, false);
    ApiRoutes routes =
        new ApiRoutes(
            new DeploymentIntake(
                history,
                FileTemplateStore.create(dataDir),
                started,
                Clock.systemUTC(),
                "123456789012",
                "us-east-1",
                null,
                DeploymentOptions.defaults()),
            history,
            DynamoDbLockStore.create(dynamoDb, table),
            "123456789012",
            "us-east-1")
        .withDrift(
            () ->
                new DriftReports(
                    "123456789012",
                    "us-east-1",
                    ManagedStacks.of(
                        new DynamoDbStackSummaries(
                            dynamoDb, table, "123456789012", "us-east-1", java.time.Clock.systemUTC())),
                    new DynamoDbDriftRecords(dynamoDb, table),
                    new DynamoDbDriftScans(dynamoDb, table, Clock.systemUTC()),
                    () -> started,
                    Clock.systemUTC(),
                    1000))
        .withNotifications(
            () ->
                new dev.fogbank.shared.notify.NotificationDispatcher(
                    new dev.fogbank.shared.notify.DynamoDbNotificationChannels(
                        dynamoDb, table, Clock.systemUTC()),
                    List.of(),
                    id -> {
                      throw new IllegalStateException("no channels, no webhooks");
                    },
                    dev.fogbank.shared.notify.WebhookPoster.create(),
                    new dev.fogbank.shared.notify.SlackMessageRenderer(),
                    new dev.fogbank.shared.notify.DynamoDbFailedNotifications(dynamoDb, table),
                    Clock.systemUTC(),
                    dev.fogbank.shared.log.StructuredLog.stderr()))
        .withAudit(() -> FileTemplateStore.create(dataDir))
        // Presigning is local: no S3 is called, the endpoint need not answer.
        .withTemplateUploads(
            () ->
                dev.fogbank.shared.template.S3PresignedTemplateUploads.of(
                    dev.fogbank.shared.aws.AwsClientFactory.create(
                        new dev.fogbank.shared.aws.AwsSettings(
                            "us-east-1", java.util.Optional.of(java.net.URI.create(
                                "http://127.0.0.1:9")))),
                    "artifacts"))
        // An unknown id answers 404 before CloudFormation would be asked.
        .withDeploymentEvents(
            () ->
                new dev.fogbank.shared.history.DeploymentEvents(
                    history,
                    () -> {
                      throw new IllegalStateException("no stack reads for an unknown id");
                    }))
        // No signing secret: POST /slack/actions answers its documented 401.
        .withSlackActions(() -> dev.fogbank.shared.secret.SecretSource.none(), Clock.systemUTC());
    String body = "{\"stackName\":\"web\",\"templateBody\":\"Resources: {}\"}";

    for (Map.Entry<String, Object> path : map(spec, "paths").entrySet()) {
      String concrete =
          path.getKey()
              .replace("{deploymentId}", "d-unknown")
              .replace("{stackName}", "web")
              .replace("{scanId}", "ds-00000000-0000-0000-0000-000000000000")
              .replace("{failedId}", "nf-0000000000000-00000000");
      for (Map.Entry<String, Object> op : asMap(path.getValue()).entrySet()) {
        if (!HTTP_METHODS.contains(op.getKey())) {
          continue;
        }
        String method = op.getKey().toUpperCase(Locale.ROOT);
        ApiRoutes.Response response =
            routes.handle(method, concrete, Map.of(), method.equals("POST") ? body : null, "t");
        String where = method + " " + path.getKey() + " -> " + response;

        assertNotEquals(405, response.status(), where);
        assertFalse(String.valueOf(response.body()).contains("no route for"), where);
        Set<String> documented = map(asMap(op.getValue()), "responses").keySet();
        assertTrue(documented.contains(String.valueOf(response.status())), where);
      }
    }
  }

  // --- helpers ----------------------------------------------------------------------------

  /** METHOD + path shape of every route in ApiRoutes' route table. */
  private static Set<String> routesInSource() {
    Set<String> routes = new TreeSet<>();
    for (var route : ApiRoutes.routeTable().routes()) {
      routes.add(route.method() + " " + route.path().replaceAll("\\{[^}]+}", "{}"));
    }
    return routes;
  }

  private static Set<String> operationsInSpec() {
    Set<String> operations = new TreeSet<>();
    for (Map.Entry<String, Object> path : map(spec, "paths").entrySet()) {
      for (String method : asMap(path.getValue()).keySet()) {
        if (HTTP_METHODS.contains(method)) {
          operations.add(
              method.toUpperCase(Locale.ROOT) + " " + path.getKey().replaceAll("\\{[^}]+}", "{}"));
        }
      }
    }
    return operations;
  }

  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    assertTrue(value instanceof Map, "'" + key + "' is not a mapping");
    return asMap(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return (Map<String, Object>) value;
  }

  private static Path specPath() {
    return root.resolve("docs/api/openapi.yaml");
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("docs/api/openapi.yaml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("docs/api/openapi.yaml not found above " + Path.of(""));
    }
    return dir;
  }

  private static Path validator() {
    String configured = System.getenv(VALIDATOR_VARIABLE);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured.strip());
      return Files.isExecutable(path) ? path : null;
    }
    return onPath(VALIDATOR);
  }

  private static Path onPath(String command) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(Arrays.asList(path.split(File.pathSeparator)));
    }
    for (String dir : dirs) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
