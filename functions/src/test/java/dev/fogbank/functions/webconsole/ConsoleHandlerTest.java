package dev.fogbank.functions.webconsole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.functions.api.HttpApiEvents;
import dev.fogbank.functions.console.Console;
import dev.fogbank.functions.console.ConsoleSessions;
import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.deploy.DeploymentSource;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.history.DynamoDbDeploymentHistory;
import dev.fogbank.shared.history.DynamoDbStackSummaries;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.lock.DynamoDbLockStore;
import dev.fogbank.shared.stack.StackRef;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The console function as API Gateway calls it: {@code POST /console/session} with an AWS_IAM
 * request context answers a one-time login URL; its GET gives the session cookie once (the use is
 * recorded in the control table on DynamoDB Local); replayed, expired and forged tickets get the
 * login page and no cookie; the pages then read as the IAM principal under the stored policy.
 */
@ExtendWith(DynamoDbLocalExtension.class)
class ConsoleHandlerTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "us-east-1";
  private static final String DEPLOYER = "arn:aws:iam::123456789012:user/deployer";
  private static final String SESSION_EVENT = "http-api-v2-post-console-session.json";
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

  private final MovableClock clock = new MovableClock(NOW);
  private final byte[] key = "k".repeat(64).getBytes(StandardCharsets.UTF_8);
  private DynamoDbClient dynamoDb;
  private String table;
  private ConsoleHandler handler;

  @BeforeEach
  void setUp(DynamoDbClient dynamoDb, @ControlTableName String table) {
    this.dynamoDb = dynamoDb;
    this.table = table;
    handler = new ConsoleHandler(console(key));
    DynamoDbPolicyStore.create(dynamoDb, table)
        .write(
            AccessPolicy.fromJson(
                "{\"statements\": [{\"principal\": \"" + DEPLOYER + "\","
                    + " \"stacks\": [\"web-*\"], \"actions\": [\"read\"]}]}"),
            "bootstrap");
    DynamoDbDeploymentHistory history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    for (String stack : List.of("web-shop", "payments")) {
      history.append(
          DeploymentRecord.requested(
              "d-" + stack, StackRef.of(ACCOUNT, REGION, stack), DeploymentSource.API, "alice",
              "ab".repeat(32), "s3://a/b", Map.of(), Map.of(), NOW.minusSeconds(60)));
    }
  }

  private Console console(byte[] sessionKey) {
    DynamoDbDeploymentHistory history = DynamoDbDeploymentHistory.create(dynamoDb, table);
    DynamoDbLockStore locks = new DynamoDbLockStore(dynamoDb, table, clock);
    DynamoDbStackSummaries stacks =
        new DynamoDbStackSummaries(dynamoDb, table, ACCOUNT, REGION, clock);
    return new Console(
            new Console.Services(
                () -> history, () -> locks, () -> stacks, unused(), unused(), unused(),
                ACCOUNT, REGION),
            new ConsoleSessions(sessionKey, clock, ConsoleSessions.DEFAULT_TTL),
            null,
            Authorizer.of(() -> new DynamoDbPolicyStore(dynamoDb, table, clock), Map.of()),
            clock)
        .withTickets(new DynamoDbTicketLedger(dynamoDb, table, clock))
        .withoutApiReference();
  }

  @Test
  void sessionRoute_whenSignedByAnIamPrincipal_thenOneTimeLoginUrlOnTheApisDomain() {
    APIGatewayV2HTTPResponse r = handle(HttpApiEvents.load(SESSION_EVENT));

    assertEquals(200, r.getStatusCode(), r.getBody());
    JsonNode body = json(r.getBody());
    assertEquals(DEPLOYER, body.path("principal").asText());
    assertEquals(60, body.path("expiresInSeconds").asInt());
    assertTrue(
        body.path("loginUrl").asText().startsWith(
            "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/console/login?ticket="),
        body.toString());
    assertEquals("no-store", r.getHeaders().get("cache-control"));
    assertNull(r.getCookies(), "the signed call itself gets no session: the browser does");
  }

  @Test
  void sessionRoute_whenNoIamPrincipalInTheContext_then401AndNoTicket() {
    ObjectNode event = HttpApiEvents.load(SESSION_EVENT);
    ((ObjectNode) event.path("requestContext")).remove("authorizer");

    APIGatewayV2HTTPResponse r = handle(event);

    assertEquals(401, r.getStatusCode());
    assertEquals("UNAUTHORIZED", json(r.getBody()).path("error").path("code").asText());
    assertFalse(r.getBody().contains("ticket="));
  }

  @Test
  void loginUrl_whenOpened_thenSecureSessionCookieAndPagesReadAsThePrincipal() {
    APIGatewayV2HTTPResponse login = open(ticket());

    assertEquals(303, login.getStatusCode(), login.getBody());
    assertEquals("/console/stacks", login.getHeaders().get("Location"));
    assertEquals(1, login.getCookies().size());
    String cookie = login.getCookies().getFirst();
    assertTrue(cookie.startsWith(ConsoleSessions.COOKIE + "="), cookie);
    for (String attribute : List.of("; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/")) {
      assertTrue(cookie.contains(attribute), cookie + " lacks " + attribute);
    }

    APIGatewayV2HTTPResponse stacks = page("/console/stacks", cookie);
    assertEquals(200, stacks.getStatusCode(), stacks.getBody());
    Document html = Jsoup.parse(stacks.getBody());
    assertNotNull(html.selectFirst("tr[data-stack=web-shop]"), "the policy lets it read web-*");
    assertNull(html.selectFirst("tr[data-stack=payments]"), "and nothing else");
    assertTrue(html.text().contains(DEPLOYER), "the page names the IAM principal");
    assertEquals(
        1,
        dynamoDb
            .scan(
                r ->
                    r.tableName(table)
                        .filterExpression("begins_with(pk, :p)")
                        .expressionAttributeValues(
                            Map.of(":p", AttributeValue.fromS(ControlTable.CONSOLE_TICKET_PREFIX))))
            .count(),
        "the ticket's use is recorded in the control table");
  }

  @Test
  void ticket_whenUsedTwice_thenTheReplayGetsTheLoginPageAndNoCookie() {
    String ticket = ticket();
    assertEquals(303, open(ticket).getStatusCode());

    APIGatewayV2HTTPResponse replay = open(ticket);

    assertEquals(401, replay.getStatusCode());
    assertNull(replay.getCookies());
    assertEquals(
        "This login link was already used: run fogbank console again.",
        Jsoup.parse(replay.getBody()).selectFirst("p#error").text());
  }

  @Test
  void ticket_whenAnotherContainerRedeemsIt_thenTheSecondStillFails() {
    // Two containers of the function share the key (the secret) and the table, not memory.
    String ticket = ticket();
    ConsoleHandler other = new ConsoleHandler(console(key));
    assertEquals(303, open(ticket).getStatusCode());

    APIGatewayV2HTTPResponse r = handle(other, loginEvent(ticket));

    assertEquals(401, r.getStatusCode());
    assertNull(r.getCookies());
  }

  @Test
  void ticket_whenOlderThanSixtySeconds_thenExpiredAndNoCookie() {
    String ticket = ticket();
    clock.advance(Duration.ofSeconds(61));

    APIGatewayV2HTTPResponse r = open(ticket);

    assertEquals(401, r.getStatusCode());
    assertNull(r.getCookies());
    assertTrue(
        Jsoup.parse(r.getBody()).selectFirst("p#error").text().contains("has expired"),
        r.getBody());
  }

  @Test
  void ticket_whenForgedOrASessionCookie_thenNotValidAndNoCookie() {
    String ticket = ticket();
    String[] parts = ticket.split("\\.");
    byte[] adminArn = "arn:aws:iam::123456789012:user/admin".getBytes(StandardCharsets.UTF_8);
    String admin = Base64.getUrlEncoder().withoutPadding().encodeToString(adminArn);
    String otherPrincipal = admin + "." + parts[1] + "." + parts[2] + "." + parts[3];
    String otherKey =
        new ConsoleSessions("x".repeat(64).getBytes(StandardCharsets.UTF_8), clock,
            ConsoleSessions.DEFAULT_TTL).ticket(DEPLOYER);
    String session =
        new ConsoleSessions(key, clock, ConsoleSessions.DEFAULT_TTL).issue(DEPLOYER);

    for (String forged : List.of(otherPrincipal, otherKey, session, "garbage", "")) {
      APIGatewayV2HTTPResponse r = open(forged);
      assertEquals(401, r.getStatusCode(), forged);
      assertNull(r.getCookies(), forged);
      assertEquals(
          "This login link is not valid: run fogbank console again.",
          Jsoup.parse(r.getBody()).selectFirst("p#error").text());
    }
    assertEquals(303, open(ticket).getStatusCode(), "the real ticket was not spent by those");
  }

  @Test
  void pages_whenNoCookie_thenLoginPageExplainsFogbankConsoleAndOffersNoTokenForm() {
    APIGatewayV2HTTPResponse r = page("/console/stacks", null);
    assertEquals(303, r.getStatusCode());
    assertEquals("/console/login", r.getHeaders().get("Location"));

    Document login = Jsoup.parse(page("/console/login", null).getBody());
    assertNotNull(login.selectFirst("#login-link"));
    assertNull(login.selectFirst("form#login"), "no token logs in in AWS");
    assertTrue(login.text().contains("fogbank console"));
  }

  @Test
  void apiReference_whenNoArchiveConfigured_then404PageSayingWhereTheDocumentIs() {
    APIGatewayV2HTTPResponse r = page("/api", null);

    assertEquals(404, r.getStatusCode());
    assertTrue(
        Jsoup.parse(r.getBody()).selectFirst("p#not-found").text().contains("openapi.yaml"),
        r.getBody());
  }

  @Test
  void apiReference_whenServedFromTheAssetsArchive_thenSwaggerUiFilesWithoutASessionReadOnce()
      throws Exception {
    // The console-assets jar as the build makes it: the WebJar's bundle and stylesheet, the page,
    // its script and the OpenAPI document under their resource paths.
    String swagger = "META-INF/resources/webjars/swagger-ui/5.35.0/";
    String own = "dev/fogbank/functions/console/assets/";
    java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
    Map<String, byte[]> files = new java.util.LinkedHashMap<>();
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
      for (String name :
          List.of(swagger + "swagger-ui-bundle.js", swagger + "swagger-ui.css", own + "api.html",
              own + "swagger-init.js")) {
        byte[] bytes = getClass().getResourceAsStream("/" + name).readAllBytes();
        files.put(name, bytes);
        out.putNextEntry(new java.util.zip.ZipEntry(name));
        out.write(bytes);
      }
      out.putNextEntry(new java.util.zip.ZipEntry("openapi/openapi.yaml"));
      out.write("openapi: 3.1.0\n".getBytes(StandardCharsets.UTF_8));
      out.putNextEntry(new java.util.zip.ZipEntry(own + "console.css"));
      out.write("not served from the archive".getBytes(StandardCharsets.UTF_8));
    }
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    handler =
        new ConsoleHandler(
            console(key)
                .withApiReference(
                    () -> {
                      reads.incrementAndGet();
                      return zip.toByteArray();
                    }));

    APIGatewayV2HTTPResponse page = page("/api", null);
    assertEquals(200, page.getStatusCode(), page.getBody());
    assertNotNull(Jsoup.parse(page.getBody()).selectFirst("div#swagger-ui"));
    APIGatewayV2HTTPResponse bundle = page("/api/swagger-ui-bundle.js", null);
    assertEquals(200, bundle.getStatusCode());
    assertTrue(bundle.getHeaders().get("Content-Type").startsWith("text/javascript"));
    assertEquals(
        new String(files.get(swagger + "swagger-ui-bundle.js"), StandardCharsets.UTF_8),
        bundle.getBody());
    assertEquals(200, page("/api/swagger-ui.css", null).getStatusCode());
    assertEquals(200, page("/api/swagger-init.js", null).getStatusCode());
    assertEquals("openapi: 3.1.0\n", page("/api/openapi.yaml", null).getBody());
    assertEquals(404, page("/api/index.html", null).getStatusCode(), "only the listed files");
    assertFalse(page("/console/assets/console.css", null).getBody().contains("archive"),
        "the console's own files stay its jar's");
    assertEquals(1, reads.get(), "the archive is read once");
  }

  @Test
  void assets_whenAsked_thenServedWithoutASession() {
    APIGatewayV2HTTPResponse r = page("/console/assets/console.css", null);

    assertEquals(200, r.getStatusCode());
    assertTrue(r.getHeaders().get("Content-Type").startsWith("text/css"));
    assertFalse(r.getIsBase64Encoded());
  }

  // --- helpers ---

  private String ticket() {
    String url =
        json(handle(HttpApiEvents.load(SESSION_EVENT)).getBody())
            .path("loginPath")
            .asText();
    return url.substring(url.indexOf("ticket=") + "ticket=".length());
  }

  private APIGatewayV2HTTPResponse open(String ticket) {
    return handle(loginEvent(ticket));
  }

  private static ObjectNode loginEvent(String ticket) {
    ObjectNode event =
        HttpApiEvents.request("http-api-v2-get-console-page.json", "GET", "/console/login");
    event.remove("cookies");
    return HttpApiEvents.withQuery(event, Map.of("ticket", ticket));
  }

  private APIGatewayV2HTTPResponse page(String path, String setCookie) {
    ObjectNode event = HttpApiEvents.request("http-api-v2-get-console-page.json", "GET", path);
    if (setCookie != null) {
      // The browser sends back the name=value part of Set-Cookie beside its other cookies.
      event.withArray("cookies").add(setCookie.substring(0, setCookie.indexOf(';')));
    }
    return handle(event);
  }

  private APIGatewayV2HTTPResponse handle(ObjectNode event) {
    return handle(handler, event);
  }

  private static APIGatewayV2HTTPResponse handle(ConsoleHandler h, ObjectNode event) {
    return h.handleRequest(HttpApiEvents.bind(event), null);
  }

  private static JsonNode json(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  private static <T> Supplier<T> unused() {
    return () -> {
      throw new AssertionError("not used by these pages");
    };
  }

  private static final class MovableClock extends Clock {
    private final List<Instant> now = new ArrayList<>();

    MovableClock(Instant start) {
      now.add(start);
    }

    void advance(Duration d) {
      now.set(0, now.getFirst().plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.getFirst();
    }
  }
}
