package dev.fogbank.functions.scans;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.model.PublishRequest;

final class ScanFixtures {
  private ScanFixtures() {}

  /** EventBridge's documented "Scheduled Event", as a schedule rule delivers it. */
  static InputStream scheduledEvent() {
    try (InputStream in =
        ScanFixtures.class.getResourceAsStream("/events/eventbridge-scheduled-event.json")) {
      return new ByteArrayInputStream(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The SNS Publish calls the emulator answered with success. */
  static final class PublishRecorder implements ExecutionInterceptor {
    private final List<PublishRequest> published = new ArrayList<>();

    @Override
    public synchronized void afterExecution(
        Context.AfterExecution context, ExecutionAttributes attributes) {
      if (context.request() instanceof PublishRequest publish) {
        published.add(publish);
      }
    }

    synchronized List<PublishRequest> published() {
      return List.copyOf(published);
    }
  }
}
