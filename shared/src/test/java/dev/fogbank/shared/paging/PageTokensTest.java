package dev.fogbank.shared.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@ExtendWith(DynamoDbLocalExtension.class)
class PageTokensTest {
  private static final String CURSOR = "{\"pk\":\"STACK#1#r#web\",\"sk\":\"DEPLOY#2026#d-1\"}";
  private final PageTokens tokens = PageTokens.ephemeral();

  @Test
  void open_whenSealedForTheSameListing_thenTheCursorBack_andTheTokenHidesNoPlainCursor() {
    String token = tokens.seal("stack-deployments:web", CURSOR);

    assertEquals(CURSOR, tokens.open("stack-deployments:web", token));
    assertTrue(!token.contains("STACK#"), token);
    assertNull(tokens.seal("x", null));
    assertNull(tokens.open("x", null));
  }

  @Test
  void open_whenTamperedForeignOrMadeUp_thenInvalidNextToken() {
    String token = tokens.seal("stack-deployments:web", CURSOR);
    String[] parts = token.split("\\.");
    String otherCursor =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
            CURSOR.replace("d-1", "d-2").getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertRefused("stack-deployments:web", parts[0] + "." + otherCursor + "." + parts[2]);
    assertRefused("stack-deployments:web", token.substring(0, token.length() - 2) + "AA");
    assertRefused("stack-deployments:other", token);
    assertRefused("stack-deployments:web", PageTokens.ephemeral().seal("stack-deployments:web", CURSOR));
    assertRefused("stack-deployments:web", "garbage");
    assertRefused("stack-deployments:web", "v1.!!.??");
    assertRefused("stack-deployments:web", "v1." + "A".repeat(5000) + ".x");
  }

  @Test
  void dynamoDbPageKey_whenTwoProcessesShareTheTable_thenEachAcceptsTheOthersTokens(
      DynamoDbClient dynamoDb, @ControlTableName String table) {
    PageTokens first = PageTokens.of(new DynamoDbPageKey(dynamoDb, table));
    PageTokens second = PageTokens.of(new DynamoDbPageKey(dynamoDb, table));

    String token = first.seal("stacks", "web");

    assertEquals("web", second.open("stacks", token));
    assertNotEquals(token, tokens.seal("stacks", "web"), "another key, another token");
  }

  private void assertRefused(String listing, String token) {
    DeploymentException e =
        assertThrows(DeploymentException.class, () -> tokens.open(listing, token), token);
    assertEquals(ErrorCode.INVALID_NEXT_TOKEN, e.code());
  }
}
