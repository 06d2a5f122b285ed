package dev.fogbank.shared.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fogbank.shared.deploy.DeploymentInput;
import dev.fogbank.shared.deploy.ReviewPolicy;
import dev.fogbank.shared.stack.StackRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StackBudgetsTest {

  /** Budgets that only note what they were asked. */
  private static final class NotingBudgets implements BudgetStore {
    final List<String> calls = new ArrayList<>();

    @Override
    public void keep(StackRef stack, BigDecimal monthlyUsd) {
      calls.add("keep " + stack.name() + " " + monthlyUsd);
    }

    @Override
    public void remove(StackRef stack) {
      calls.add("remove " + stack.name());
    }

    @Override
    public Optional<BigDecimal> budget(StackRef stack) {
      return Optional.empty();
    }
  }

  private static DeploymentInput input(String stack, ReviewPolicy policy) {
    return new DeploymentInput(
        "d-1", stack, "123456789012", "eu-west-1", "s3://b/k", "sha", Map.of(), Map.of(), "api",
        "me", Instant.parse("2026-12-07T00:00:00Z"), null, null, null, policy);
  }

  @Test
  void lazy_whenFollowedByManyDeployments_thenTheStoreIsBuiltOnceAndKept() {
    AtomicInteger builds = new AtomicInteger();
    NotingBudgets budgets = new NotingBudgets();
    StackBudgets keeper =
        StackBudgets.lazy(
            () -> {
              builds.incrementAndGet();
              return budgets;
            });

    keeper.follow(input("web", ReviewPolicy.defaults().withBudget("40")));
    keeper.follow(input("web", ReviewPolicy.defaults()));
    keeper.follow(input("api", ReviewPolicy.defaults()));

    assertEquals(1, builds.get());
    assertEquals(List.of("keep web 40", "remove web", "remove api"), budgets.calls);
  }

  @Test
  void lazy_whenTheFirstBuildFails_thenTheNextDeploymentBuildsAgain() {
    AtomicInteger builds = new AtomicInteger();
    NotingBudgets budgets = new NotingBudgets();
    StackBudgets keeper =
        StackBudgets.lazy(
            () -> {
              if (builds.incrementAndGet() == 1) {
                throw new dev.fogbank.shared.error.DeploymentException(
                    dev.fogbank.shared.error.ErrorCode.AWS_UNAVAILABLE, "no Budgets client yet");
              }
              return budgets;
            });

    assertEquals(
        dev.fogbank.shared.error.ErrorCode.AWS_UNAVAILABLE,
        keeper.follow(input("web", ReviewPolicy.defaults())).orElseThrow().code());
    keeper.follow(input("web", ReviewPolicy.defaults()));

    assertEquals(2, builds.get());
    assertEquals(List.of("remove web"), budgets.calls);
  }
}
