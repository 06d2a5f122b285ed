package dev.fogbank.functions.events;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/** The SNS Publish calls the emulator answered with success, as the SDK made them. */
final class PublishRecorder implements ExecutionInterceptor {
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
