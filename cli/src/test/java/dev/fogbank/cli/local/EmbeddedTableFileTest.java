package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fogbank.infrastructure.ControlPlaneNames;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class EmbeddedTableFileTest {

  @Test
  void open_whenNewFile_thenWriteAheadLogWithNormalSyncAndBusyTimeout(@TempDir Path dir) {
    try (EmbeddedTableFile file = EmbeddedTableFile.open(dir.resolve("fogbank.db"))) {
      assertEquals("wal", file.pragma("journal_mode"));
      // 1 = NORMAL: under WAL a commit is durable against a process crash, not a power loss.
      assertEquals("1", file.pragma("synchronous"));
      assertEquals("10000", file.pragma("busy_timeout"));
    }
  }

  @Test
  void close_whenOpenedAgainAtOnceInSameJvm_thenEveryWriteBeforeIsRead(@TempDir Path dir) {
    Path db = dir.resolve("fogbank.db");
    int rounds = 8;
    for (int i = 0; i < rounds; i++) {
      String sk = "item-" + i;
      // No wait between a close and the next open: close returns once the file is released.
      try (EmbeddedTableFile file = EmbeddedTableFile.open(db)) {
        LocalControlTable.createIfAbsent(file.client(), ControlPlaneNames.TABLE);
        file.client()
            .putItem(r -> r.tableName(ControlPlaneNames.TABLE).item(Map.of("pk", s("K"), "sk", s(sk))));
      }
    }
    try (EmbeddedTableFile file = EmbeddedTableFile.open(db)) {
      assertEquals("wal", file.pragma("journal_mode"));
      int count =
          file.client()
              .query(
                  r ->
                      r.tableName(ControlPlaneNames.TABLE)
                          .keyConditionExpression("pk = :k")
                          .expressionAttributeValues(Map.of(":k", s("K"))))
              .count();
      assertEquals(rounds, count);
    }
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
