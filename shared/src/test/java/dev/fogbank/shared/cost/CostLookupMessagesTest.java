package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostLookupMessagesTest {
  private static final String ACCOUNT = "123456789012";
  private static final String REGION = "eu-west-1";
  private static final LocalDate START = LocalDate.of(2026, 11, 1);
  private static final LocalDate END = LocalDate.of(2026, 12, 1);

  private final List<String> asked = new ArrayList<>();

  /** Lookups that answer fixed values and record what they were asked. */
  private final CostLookups fixed =
      new CostLookups() {
        @Override
        public ServiceCosts costsByService(String stack, LocalDate start, LocalDate end) {
          asked.add("costs " + stack + " " + start + " " + end);
          return new ServiceCosts(
              stack,
              start,
              end.minusDays(1),
              List.of(
                  new ServiceCosts.Service("AWS Lambda", new BigDecimal("0.2500"), "USD"),
                  new ServiceCosts.Service("Amazon DynamoDB", new BigDecimal("7.0"), "USD")),
              3);
        }

        @Override
        public Optional<StackBudget> budget(StackRef stack) {
          asked.add("budget " + stack);
          return stack.name().equals("orders")
              ? Optional.of(new StackBudget(new BigDecimal("250.00"), "USD", List.of(80, 100)))
              : Optional.empty();
        }
      };

  private static JsonNode json(String text) throws Exception {
    return Json.mapper().readTree(text);
  }

  private CostLookupMessages.Answer answer(String request) throws Exception {
    return CostLookupMessages.answer(json(request), fixed, ACCOUNT, REGION);
  }

  @Test
  void serviceCosts_whenAnsweredAndRead_thenSameServicesAmountsAndRequests() throws Exception {
    CostLookupMessages.Answer answer =
        answer(CostLookupMessages.serviceCostsRequest("orders", START, END));

    ServiceCosts read = CostLookupMessages.serviceCosts(answer.json());

    assertNull(answer.failure());
    assertEquals(List.of("costs orders 2026-11-01 2026-12-01"), asked);
    assertEquals(fixed.costsByService("orders", START, END), read);
  }

  @Test
  void budget_whenAnsweredAndRead_thenAmountUnitAndThresholdsOfTheFunctionsOwnAccount()
      throws Exception {
    Optional<StackBudget> read =
        CostLookupMessages.budget(answer(CostLookupMessages.budgetRequest("orders")).json());

    assertEquals(
        Optional.of(new StackBudget(new BigDecimal("250.00"), "USD", List.of(80, 100))), read);
    assertEquals(List.of("budget " + StackRef.of(ACCOUNT, REGION, "orders")), asked);
  }

  @Test
  void budget_whenStackHasNone_thenEmpty() throws Exception {
    assertEquals(
        Optional.empty(),
        CostLookupMessages.budget(answer(CostLookupMessages.budgetRequest("web")).json()));
  }

  @Test
  void answer_whenLookupFails_thenItsCodeAndMessageThrownAgainWhereRead() throws Exception {
    CostLookups refusing =
        CostLookups.direct(
            () -> {
              throw new DeploymentException(ErrorCode.COST_ACCESS_DENIED, "no ce:GetCostAndUsage");
            },
            () -> {
              throw new AwsUnavailableException("Budgets throttled");
            });

    CostLookupMessages.Answer costs =
        CostLookupMessages.answer(
            json(CostLookupMessages.serviceCostsRequest("orders", START, END)),
            refusing,
            ACCOUNT,
            REGION);
    CostLookupMessages.Answer budget =
        CostLookupMessages.answer(
            json(CostLookupMessages.budgetRequest("orders")), refusing, ACCOUNT, REGION);

    assertEquals(ErrorCode.COST_ACCESS_DENIED, costs.failure());
    DeploymentException denied =
        assertThrows(
            DeploymentException.class, () -> CostLookupMessages.serviceCosts(costs.json()));
    assertEquals(ErrorCode.COST_ACCESS_DENIED, denied.code());
    assertEquals("no ce:GetCostAndUsage", denied.getMessage());
    assertInstanceOf(
        AwsUnavailableException.class,
        assertThrows(DeploymentException.class, () -> CostLookupMessages.budget(budget.json())));
  }

  @Test
  void answer_whenUnexpectedFailure_thenInternalWithoutItsMessage() throws Exception {
    CostLookups broken =
        CostLookups.direct(
            () -> {
              throw new IllegalStateException("secret detail");
            },
            () -> null);

    CostLookupMessages.Answer answer =
        CostLookupMessages.answer(
            json(CostLookupMessages.serviceCostsRequest("orders", START, END)),
            broken,
            ACCOUNT,
            REGION);

    assertEquals(ErrorCode.INTERNAL, answer.failure());
    assertTrue(!answer.json().contains("secret detail"), answer.json());
    assertEquals("java.lang.IllegalStateException", answer.detail());
  }

  @Test
  void answer_whenRequestIsBad_thenInvalidRequestAndNothingAsked() throws Exception {
    for (String bad :
        List.of(
            "{\"lookup\":\"SOMETHING\",\"stack\":\"orders\"}",
            "{\"lookup\":\"BUDGET\"}",
            "{\"lookup\":\"BUDGET\",\"stack\":\"a b\"}",
            "{\"lookup\":\"BUDGET\",\"stack\":\"" + "a".repeat(129) + "\"}",
            "{\"lookup\":\"SERVICE_COSTS\",\"stack\":\"orders\",\"start\":\"2026-11-01\"}",
            "{\"lookup\":\"SERVICE_COSTS\",\"stack\":\"orders\",\"start\":\"2026-12-01\","
                + "\"end\":\"2026-11-01\"}",
            "{\"lookup\":\"SERVICE_COSTS\",\"stack\":\"orders\",\"start\":\"2024-01-01\","
                + "\"end\":\"2026-11-01\"}")) {
      CostLookupMessages.Answer answer = answer(bad);
      assertEquals(ErrorCode.INVALID_REQUEST, answer.failure(), bad);
      assertEquals(
          "INVALID_REQUEST", json(answer.json()).path("error").path("code").asText(), bad);
    }
    assertEquals(List.of(), asked);
  }

  @Test
  void read_whenAnswerIsNotALookupAnswer_thenInternalNamingIt() {
    for (String answer : List.of("", "null", "[]", "{\"recorded\":3}", "not json")) {
      DeploymentException e =
          assertThrows(DeploymentException.class, () -> CostLookupMessages.budget(answer));
      assertEquals(ErrorCode.INTERNAL, e.code(), answer);
      assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }
  }

  @Test
  void isLookup_whenScheduledEventOrQueuedScan_thenFalse() throws Exception {
    assertTrue(CostLookupMessages.isLookup(json(CostLookupMessages.budgetRequest("web"))));
    assertTrue(!CostLookupMessages.isLookup(json("{\"source\":\"aws.events\"}")));
    assertTrue(
        !CostLookupMessages.isLookup(json("{\"trigger\":\"api\",\"scanId\":\"cs-1\",\"days\":3}")));
  }
}
