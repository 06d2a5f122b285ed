package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalTokensTest {
  private static final String ADMIN = "a".repeat(48);

  @Test
  void load_whenNoFile_thenOnlyTheAdminTokenWithAdminOnEveryStack() throws Exception {
    LocalTokens tokens = LocalTokens.load(ADMIN, Path.of("/nonexistent/tokens.json"));

    assertEquals(Optional.of(LocalTokens.ADMIN_PRINCIPAL), tokens.principalOf(ADMIN));
    assertEquals(Optional.empty(), tokens.principalOf(ADMIN + "x"));
    Caller admin = new Caller("local-admin", tokens.grants().get("local-admin"));
    assertTrue(admin.mayEverywhere(Action.ADMIN));
  }

  @Test
  void load_whenFileNamesTokens_thenEachIsItsPrincipalWithItsOwnGrants(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("tokens.json");
    Files.writeString(
        file,
        """
        {"tokens": [
          {"principal": "ci", "token": "ci-token-0123456789", "stacks": ["web-*"],
           "actions": ["read", "deploy"]},
          {"principal": "viewer", "token": "viewer-token-0123456", "stacks": ["*"],
           "actions": ["read"]}
        ]}
        """);

    LocalTokens tokens = LocalTokens.load(ADMIN, file);

    assertEquals(Optional.of("ci"), tokens.principalOf("ci-token-0123456789"));
    assertEquals(Optional.of("viewer"), tokens.principalOf("viewer-token-0123456"));
    Caller ci = new Caller("ci", tokens.grants().get("ci"));
    assertTrue(ci.may(Action.DEPLOY, "web-shop"));
    assertTrue(!ci.may(Action.DEPLOY, "payments"));
    assertTrue(!ci.may(Action.APPROVE, "web-shop"));
  }

  @Test
  void load_whenFileIsBad_thenRefusedNamingFileAndPlace(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens.json");
    assertRefused(file, "{\"tokens\": [{\"principal\": \"ci\", \"token\": \"short\","
        + " \"stacks\": [\"*\"], \"actions\": [\"read\"]}]}", "tokens[0].token");
    assertRefused(file, "{\"tokens\": [{\"principal\": \"ci\", \"token\": \"ci-token-0123456789\","
        + " \"stacks\": [\"*\"], \"actions\": [\"rule\"]}]}", "unknown action 'rule'");
    assertRefused(file, "{\"tokens\": [{\"principal\": \"ci\", \"token\": \"ci-token-0123456789\","
        + " \"stack\": [\"*\"], \"actions\": [\"read\"]}]}", "unknown field 'tokens[0].stack'");
    assertRefused(file, "{\"tokens\": [{\"principal\": \"ci\", \"token\": \"" + ADMIN + "\","
        + " \"stacks\": [\"*\"], \"actions\": [\"read\"]}]}", "already used");
    assertRefused(file, "{\"tokens\": [", "not valid JSON");
  }

  private static void assertRefused(Path file, String json, String expected) throws Exception {
    Files.writeString(file, json);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalTokens.load(ADMIN, file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }
}
