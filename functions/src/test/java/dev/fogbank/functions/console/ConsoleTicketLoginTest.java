package dev.fogbank.functions.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.auth.Authorizer;
import dev.fogbank.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

/**
 * Local mode's side of {@code fogbank console}: a program holding the bearer token asks {@code POST
 * /console/session} for a one-time link (the same exchange the console function makes for an IAM
 * principal), while the browser's token form keeps working.
 */
class ConsoleTicketLoginTest {
  private static final String TOKEN = "local-token-0123456789";
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
  private final Console console =
      new Console(
              new Console.Services(
                  null, null, null, null, null, null, "123456789012", "eu-west-1"),
              new ConsoleSessions(new byte[32], clock, ConsoleSessions.DEFAULT_TTL),
              ConsoleLogin.ofToken(TOKEN, "local"),
              Authorizer.of(() -> null, Map.of()),
              clock)
          .withTickets(TicketLedger.inMemory(clock));

  @Test
  void session_whenBearerTokenHeader_thenJsonLinkThatLogsInOnce() throws Exception {
    ConsoleResponse r = post(Map.of("Authorization", "Bearer " + TOKEN), null);

    assertEquals(200, r.status());
    assertEquals("application/json", r.headers().get("Content-Type"));
    assertEquals(List.of(), r.cookies(), "the program gets a link, not the session");
    JsonNode body = Json.mapper().readTree(r.body());
    assertEquals("local", body.path("principal").asText());
    String path = body.path("loginPath").asText();
    String ticket = path.substring(path.indexOf("ticket=") + 7);

    ConsoleResponse opened = login(ticket);
    assertEquals(303, opened.status());
    assertTrue(opened.cookies().getFirst().startsWith(ConsoleSessions.COOKIE + "="));
    ConsoleResponse again = login(ticket);
    assertEquals(401, again.status());
    assertEquals(List.of(), again.cookies());
    assertNotNull(
        Jsoup.parse(new String(again.body(), StandardCharsets.UTF_8)).selectFirst("form#login"),
        "locally the login page keeps its token form");
  }

  @Test
  void session_whenWrongBearerToken_then401JsonAndNoLink() throws Exception {
    ConsoleResponse r = post(Map.of("Authorization", "Bearer nope"), null);

    assertEquals(401, r.status());
    assertEquals(
        "UNAUTHORIZED", Json.mapper().readTree(r.body()).path("error").path("code").asText());
    assertTrue(!new String(r.body(), StandardCharsets.UTF_8).contains("ticket="));
  }

  @Test
  void session_whenTheBrowsersTokenForm_thenStillTheCookie() {
    ConsoleResponse r = post(Map.of(), "token=" + TOKEN);

    assertEquals(303, r.status());
    assertEquals("/console/stacks", r.headers().get("Location"));
    assertEquals(1, r.cookies().size());
  }

  private ConsoleResponse post(Map<String, String> headers, String body) {
    return console.handle(
        new ConsoleRequest("POST", "/console/session", Map.of(), headers, body, false));
  }

  private ConsoleResponse login(String ticket) {
    return console.handle(
        new ConsoleRequest(
            "GET", "/console/login", Map.of("ticket", ticket), Map.of(), null, false));
  }
}
