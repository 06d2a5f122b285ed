package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.deploy.DeploymentOptions;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console over HTTP through the local control plane on the emulator, as a browser without
 * JavaScript would use it: log in with the local token, find the deployment waiting for approval,
 * read its review, approve it with the form, roll back to the earlier deployment.
 */
@ExtendWith(AwsEndpointExtension.class)
class ConsoleLocalIT {
  static final String TOKEN = "test-token-console";

  @TempDir Path tmp;
  SlackWebhookStub slack;
  LocalControlPlane plane;
  LocalRuntimeClient client;
  URI url;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start(AwsEndpoint endpoint) throws IOException {
    slack = new SlackWebhookStub();
    plane =
        new LocalControlPlane(
            new LocalConfig(
                0, tmp.resolve("drop"), tmp.resolve("data"), endpoint.endpoint().toString(),
                endpoint.region(), slack.url(), TOKEN, "123456789012",
                DeploymentOptions.defaults().withPolls(1, 1), 50, 1_000));
    url = plane.start();
    client = new LocalRuntimeClient(url, TOKEN);
  }

  @AfterEach
  void stop() {
    if (plane != null) {
      plane.close();
    }
    slack.close();
  }

  @Test
  @DisplayName("log in, see AWAITING_APPROVAL, read replacement and risk, approve, roll back")
  void console_whenUsedWithoutJavaScript_thenDeploymentReviewedApprovedAndRolledBack()
      throws Exception {
    assertEquals("/console/login", send("GET", "/", null, null).headers().firstValue("Location").orElseThrow());
    assertEquals(401, send("POST", "/console/session", null, "token=wrong").statusCode());
    HttpResponse<String> login = send("POST", "/console/session", null, "token=" + TOKEN);
    assertEquals(303, login.statusCode());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    String session = cookie.substring(0, cookie.indexOf(';'));

    String stack = "orders-console";
    String first = deploy(stack, ReviewApprovalLocalIT.TABLE_V1);
    client.awaitStatus(first, ReviewApprovalLocalIT.ENDED, ReviewApprovalLocalIT.WAIT);
    String second = deploy(stack, ReviewApprovalLocalIT.TABLE_V2);
    client.awaitStatus(second, Set.of("AWAITING_APPROVAL"), ReviewApprovalLocalIT.WAIT);

    Document stacks = page("/console/stacks", session);
    assertEquals(
        "AWAITING_APPROVAL",
        stacks.selectFirst("tr[data-stack=" + stack + "] td.status").text());
    Document deployment = page("/console/deployments/" + second, session);
    assertEquals("AWAITING_APPROVAL", deployment.selectFirst("#status").text());
    assertEquals("CRITICAL", deployment.selectFirst("#risk-level").text());
    assertEquals("True", deployment.selectFirst("#changes td.replacement").text());
    assertTrue(deployment.selectFirst("#changes td.reason").text().contains("KeySchema"));
    String csrf = deployment.selectFirst("form#approve input[name=csrf]").val();

    assertEquals(403, send("POST", "/console/deployments/" + second + "/approve", session, "").statusCode());
    HttpResponse<String> approved =
        send("POST", "/console/deployments/" + second + "/approve", session, "csrf=" + csrf);
    assertEquals(303, approved.statusCode(), approved.body());
    JsonNode done = client.awaitStatus(second, ReviewApprovalLocalIT.ENDED, ReviewApprovalLocalIT.WAIT);
    assertEquals("SUCCEEDED", done.path("status").asText(), done::toString);
    assertEquals(LocalTokens.ADMIN_PRINCIPAL, done.path("approval").path("by").asText());
    assertEquals("SUCCEEDED", page("/console/deployments/" + second, session).selectFirst("#status").text());

    Document stackPage = page("/console/stacks/" + stack, session);
    assertNotNull(stackPage.selectFirst("form.rollback[data-deployment=" + first + "]"));
    HttpResponse<String> rolledBack =
        send("POST", "/console/stacks/" + stack + "/rollback", session,
            "csrf=" + enc(csrf) + "&deployment=" + enc(first));
    assertEquals(303, rolledBack.statusCode(), rolledBack.body());
    String location = rolledBack.headers().firstValue("Location").orElseThrow();
    String rollbackId = location.substring("/console/deployments/".length());
    JsonNode rollback = client.get("/deployments/" + rollbackId).body();
    assertEquals("rollback", rollback.path("source").asText(), rollback::toString);
  }

  @Test
  @DisplayName("fogbank console's exchange: the bearer token gets a one-time link that logs in once")
  void consoleSession_whenBearerToken_thenOneTimeLinkLogsInOnce() throws Exception {
    HttpRequest ask =
        HttpRequest.newBuilder(url.resolve("/console/session"))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    HttpResponse<String> answer = http.send(ask, HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    JsonNode link = Json.mapper().readTree(answer.body());
    assertEquals(LocalTokens.ADMIN_PRINCIPAL, link.path("principal").asText());
    String loginPath = link.path("loginPath").asText();

    HttpResponse<String> opened = send("GET", loginPath, null, null);
    assertEquals(303, opened.statusCode(), opened.body());
    String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
    assertEquals(401, send("GET", loginPath, null, null).statusCode(), "used once");
    assertTrue(send("GET", loginPath, null, null).headers().firstValue("Set-Cookie").isEmpty());
    assertNotNull(page("/console/stacks", cookie.substring(0, cookie.indexOf(';')))
        .selectFirst("table#stacks"));
  }

  @Test
  void assetsAndApiReference_areServed_andTheJsonApiStillNeedsTheToken() throws Exception {
    HttpResponse<String> htmx = send("GET", "/console/assets/htmx.min.js", null, null);
    assertEquals(200, htmx.statusCode());
    assertTrue(htmx.body().contains("htmx"));
    assertEquals(200, send("GET", "/console/assets/console.css", null, null).statusCode());
    Document api = Jsoup.parse(send("GET", "/api", null, null).body());
    assertNotNull(api.selectFirst("#swagger-ui"));
    assertTrue(send("GET", "/api/openapi.yaml", null, null).body().startsWith("openapi:"));
    assertEquals(200, send("GET", "/api/swagger-ui-bundle.js", null, null).statusCode());
    assertEquals(401, send("GET", "/deployments/d-1", null, null).statusCode());
    assertEquals(303, send("GET", "/console/stacks", null, null).statusCode());
  }

  private String deploy(String stack, String template) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("stackName", stack);
    body.put("templateBody", template);
    LocalRuntimeClient.Answer a = client.post("/deployments", body.toString());
    assertEquals(202, a.status(), () -> "POST /deployments: " + a.body());
    return a.body().path("deploymentId").asText();
  }

  private Document page(String path, String session) throws Exception {
    HttpResponse<String> r = send("GET", path, session, null);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return Jsoup.parse(r.body());
  }

  private HttpResponse<String> send(String method, String path, String session, String form)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path));
    if (session != null) {
      b.header("Cookie", session);
    }
    if (form != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
    }
    b.method(method, form == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(form));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
