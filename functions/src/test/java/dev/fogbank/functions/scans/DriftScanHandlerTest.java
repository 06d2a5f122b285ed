package dev.fogbank.functions.scans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.Context;
import dev.fogbank.shared.drift.DriftDetection;
import dev.fogbank.shared.drift.DriftDetector;
import dev.fogbank.shared.drift.DriftRecords;
import dev.fogbank.shared.drift.DriftReport;
import dev.fogbank.shared.drift.DriftScan;
import dev.fogbank.shared.drift.DriftScanLimits;
import dev.fogbank.shared.drift.DriftScanResult;
import dev.fogbank.shared.drift.DriftStatus;
import dev.fogbank.shared.drift.ResourceDrift;
import dev.fogbank.shared.drift.StackGoneException;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.StackRef;
import fogbank.FunctionFailure;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftScanHandlerTest {
  private final List<DriftReport> written = new ArrayList<>();

  private final DriftDetector detector =
      new DriftDetector() {
        @Override
        public String start(String stackName) {
          if (stackName.equals("gone")) {
            throw new StackGoneException(stackName);
          }
          return "det-" + stackName;
        }

        @Override
        public DriftDetection status(String detectionId) {
          boolean drifted = detectionId.equals("det-orders");
          return new DriftDetection(
              "arn",
              DriftDetection.State.COMPLETE,
              drifted ? DriftStatus.DRIFTED : DriftStatus.IN_SYNC,
              drifted ? 1 : 0,
              null);
        }

        @Override
        public List<ResourceDrift> driftedResources(String stackName, int max) {
          return List.of(new ResourceDrift("Queue", "AWS::SQS::Queue", "MODIFIED"));
        }
      };

  private final DriftRecords records =
      new DriftRecords() {
        @Override
        public Optional<DriftReport> latestConclusive(StackRef stack) {
          return Optional.empty();
        }

        @Override
        public synchronized void record(DriftReport report) {
          written.add(report);
        }
      };

  private DriftScan scan(List<String> stacks) {
    return new DriftScan(
        limit -> stacks.stream().map(n -> StackRef.of("123456789012", "eu-west-1", n)).toList(),
        detector,
        records,
        e -> {},
        Clock.systemUTC(),
        new DriftScanLimits(10, 2, Duration.ofMillis(1)));
  }

  private static Context remaining(long millis) {
    return (Context)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                method.getName().equals("getRemainingTimeInMillis") ? (int) millis : null);
  }

  @Test
  void handleRequest_thenCountsByOutcomeAndEachStack() throws Exception {
    DriftScanHandler handler = new DriftScanHandler(scan(List.of("gone", "orders", "web")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    handler.handleRequest(ScanFixtures.scheduledEvent(), out, remaining(900_000));

    String json = out.toString(StandardCharsets.UTF_8);
    assertEquals(
        "{\"outcomes\":{\"DRIFTED\":1,\"GONE\":1,\"IN_SYNC\":1},\"stacks\":["
            + "{\"stack\":\"gone\",\"outcome\":\"GONE\",\"driftedCount\":0,\"notified\":false},"
            + "{\"stack\":\"orders\",\"outcome\":\"DRIFTED\",\"driftedCount\":1,\"notified\":true},"
            + "{\"stack\":\"web\",\"outcome\":\"IN_SYNC\",\"driftedCount\":0,\"notified\":false}]}",
        json);
    assertEquals(2, written.size());
  }

  @Test
  void budget_thenLambdasRemainingTimeLessAMarginAndNeverAboveTheMaximum() {
    assertEquals(Duration.ofSeconds(270), DriftScanHandler.budget(remaining(300_000)));
    assertEquals(DriftScanHandler.MAX_BUDGET, DriftScanHandler.budget(remaining(900_000)));
    assertEquals(Duration.ofSeconds(27), DriftScanHandler.budget(remaining(30_000)));
    assertEquals(Duration.ZERO, DriftScanHandler.budget(remaining(0)));
    assertEquals(DriftScanHandler.MAX_BUDGET, DriftScanHandler.budget(null));
  }

  @Test
  void handle_whenTheStacksCannotBeListed_thenScanFailedSoLambdaRetries() {
    DriftScan failing =
        new DriftScan(
            limit -> {
              throw new AwsUnavailableException("could not list the managed stacks: DynamoDB");
            },
            detector,
            records,
            e -> {},
            Clock.systemUTC(),
            DriftScanLimits.defaults());

    FunctionFailure e =
        assertThrows(
            FunctionFailure.class,
            () ->
                new DriftScanHandler(failing)
                    .handle(ScanFixtures.scheduledEvent(), Duration.ofSeconds(60)));

    assertEquals(ErrorCode.AWS_UNAVAILABLE, e.code());

    assertEquals("fogbank.AWS_UNAVAILABLE", e.getClass().getName());
    assertEquals(0, e.getStackTrace().length);
  }

  @Test
  void handle_whenOneStackFails_thenTheInvocationSucceedsWithThatStackFailed() {
    DriftScan scan =
        new DriftScan(
            limit ->
                List.of(
                    StackRef.of("123456789012", "eu-west-1", "web"),
                    StackRef.of("123456789012", "eu-west-1", "orders")),
            detector,
            new DriftRecords() {
              @Override
              public Optional<DriftReport> latestConclusive(StackRef stack) {
                if (stack.name().equals("web")) {
                  throw new AwsUnavailableException("DynamoDB answered 500");
                }
                return Optional.empty();
              }

              @Override
              public void record(DriftReport report) {}
            },
            e -> {},
            Clock.systemUTC(),
            new DriftScanLimits(10, 1, Duration.ofMillis(1)));

    DriftScanHandler.Result result =
        new DriftScanHandler(scan).handle(ScanFixtures.scheduledEvent(), Duration.ofSeconds(60));

    assertEquals(Map.of("DRIFTED", 1L, "FAILED", 1L), result.outcomes());
    assertEquals(
        DriftScanResult.Outcome.FAILED,
        result.stacks().stream()
            .filter(s -> s.stack().equals("web"))
            .findFirst()
            .orElseThrow()
            .outcome());
  }
}
