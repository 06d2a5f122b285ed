package dev.fogbank.cli.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.log.StructuredLog;
import dev.fogbank.shared.notify.DeploymentEvent.Kind;
import dev.fogbank.shared.notify.Notifier;
import dev.fogbank.shared.notify.SlackMessageRendererTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeNotifierTest {

  @Test
  void notify_whenOneNotifierThrows_thenOthersStillNotifiedAndFailureLogged() {
    List<String> received = new ArrayList<>();
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    Notifier failing =
        event -> {
          throw new IllegalStateException("down");
        };
    CompositeNotifier composite =
        new CompositeNotifier(
            List.of(e -> received.add("first"), failing, e -> received.add("third")),
            StructuredLog.to(new PrintStream(logBytes, true, UTF_8)));

    composite.notify(SlackMessageRendererTest.event(Kind.STARTED, null, null, null));

    assertEquals(List.of("first", "third"), received);
    String logged = logBytes.toString(UTF_8);
    assertTrue(logged.contains("\"event\":\"notifier_failed\""), logged);
    assertTrue(logged.contains("IllegalStateException"), logged);
  }
}
