package dev.fogbank.shared.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SlackSignatureTest {
  private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
  private static final byte[] BODY =
      "payload=%7B%22type%22%3A%22block_actions%22%7D".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.ofEpochSecond(1_531_420_618);

  @Test
  void sign_whenSlacksDocumentedExample_thenSlacksDocumentedSignature() {
    // The worked example of Slack's "Verifying requests from Slack" page.
    String body =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id"
            + "=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command"
            + "=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
            + "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id="
            + "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

    assertEquals(
        "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
        SlackSignature.sign(SECRET, "1531420618", body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void verify_whenSignedWithTheSecretNow_thenAccepted() {
    String ts = String.valueOf(NOW.getEpochSecond());
    SlackSignature.verify(SECRET, ts, SlackSignature.sign(SECRET, ts, BODY), BODY, NOW);
  }

  @Test
  void verify_whenSignedWithAnotherSecretOrBodyChanged_then401() {
    String ts = String.valueOf(NOW.getEpochSecond());
    assertUnauthorized(
        () -> SlackSignature.verify(SECRET, ts, SlackSignature.sign("other", ts, BODY), BODY, NOW),
        "does not match");
    byte[] changed = "payload=%7B%7D".getBytes(StandardCharsets.UTF_8);
    assertUnauthorized(
        () ->
            SlackSignature.verify(SECRET, ts, SlackSignature.sign(SECRET, ts, BODY), changed, NOW),
        "does not match");
  }

  @Test
  void verify_whenTimestampOverFiveMinutesOld_then401EvenIfSigned() {
    String old = String.valueOf(NOW.getEpochSecond() - 301);
    assertUnauthorized(
        () -> SlackSignature.verify(SECRET, old, SlackSignature.sign(SECRET, old, BODY), BODY, NOW),
        "replay");
    String edge = String.valueOf(NOW.getEpochSecond() - 300);
    SlackSignature.verify(SECRET, edge, SlackSignature.sign(SECRET, edge, BODY), BODY, NOW);
  }

  @Test
  void verify_whenHeadersMissingOrTimestampNotANumber_then401() {
    assertUnauthorized(() -> SlackSignature.verify(SECRET, null, "v0=00", BODY, NOW), "headers");
    assertUnauthorized(() -> SlackSignature.verify(SECRET, "1", null, BODY, NOW), "headers");
    assertUnauthorized(
        () -> SlackSignature.verify(SECRET, "soon", "v0=00", BODY, NOW), "not a number");
  }

  private static void assertUnauthorized(Runnable call, String says) {
    DeploymentException e = assertThrows(DeploymentException.class, call::run);
    assertEquals(ErrorCode.UNAUTHORIZED, e.code());
    assertTrue(e.getMessage().contains(says), e.getMessage());
  }
}
