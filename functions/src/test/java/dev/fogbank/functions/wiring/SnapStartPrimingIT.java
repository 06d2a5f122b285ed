package dev.fogbank.functions.wiring;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.testing.AwsEndpoint;
import dev.fogbank.shared.testing.AwsEndpointExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * SnapStart priming: the hooks run through the stand-in for a checkpoint, a failing one does not
 * stop the checkpoint, and the priming's only AWS call is a read. The artifacts' own hooks, with
 * ProGuard's output, are run by LambdaArtifactIT.
 */
@ExtendWith(AwsEndpointExtension.class)
class SnapStartPrimingIT {

  @Test
  void checkpointStandIn_whenOneHookFails_thenTheNextStillRuns() {
    AtomicInteger ran = new AtomicInteger();
    SnapStartPriming.register(
        "failing",
        () -> {
          throw new IllegalStateException("priming failed");
        });
    SnapStartPriming.register("counting", ran::incrementAndGet);

    int hooks = assertDoesNotThrow(SnapStartPriming::checkpointStandIn);

    assertTrue(hooks >= 2, "hooks run: " + hooks);
    assertEquals(1, ran.get());
  }

  @Test
  void readOnlyTableRead_whenRun_thenOneGetItemAndTheTableStaysEmpty(AwsEndpoint aws) {
    java.util.List<String> operations = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutionInterceptor recorder =
        new ExecutionInterceptor() {
          @Override
          public void beforeExecution(
              Context.BeforeExecution context, ExecutionAttributes attributes) {
            SdkRequest request = context.request();
            operations.add(request.getClass().getSimpleName());
          }
        };
    try (AwsClientFactory clients = aws.clients();
        AwsClientFactory recorded = aws.clients(recorder)) {
      clients.dynamoDb().createTable(ControlTable.createRequest("priming-test"));

      SnapStartPriming.readOnlyTableRead(recorded, "priming-test");

      assertEquals(java.util.List.of("GetItemRequest"), operations);
      assertEquals(0, clients.dynamoDb().scan(r -> r.tableName("priming-test")).count());
    }
  }

  @Test
  void readOnlyTableRead_whenTheTableIsMissing_thenPrimingGoesOn(AwsEndpoint aws) {
    try (AwsClientFactory clients = aws.clients()) {
      assertDoesNotThrow(() -> SnapStartPriming.readOnlyTableRead(clients, "no-such-table"));
    }
  }

  @Test
  void stepJson_whenRun_thenReadsAndWritesAStepInput() {
    assertDoesNotThrow(SnapStartPriming::stepJson);
  }
}
