package dev.fogbank.shared.cost;

import dev.fogbank.shared.aws.LambdaInvoker;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.StackRef;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CostLookups} in AWS, for the api function: each lookup is one synchronous invocation of
 * the cost-scan function ({@link CostLookupMessages}), which answers it with {@link
 * CostLookups#direct} on its own Cost Explorer and Budgets clients. The caller is authorized by
 * the api before it gets here; the function looks up only the stack it is given, in its own
 * account and region.
 */
public final class LambdaCostLookups implements CostLookups {
  private final LambdaInvoker lambda;
  private final String function;

  public LambdaCostLookups(LambdaInvoker lambda, String function) {
    this.lambda = Objects.requireNonNull(lambda, "lambda");
    this.function = Objects.requireNonNull(function, "function");
  }

  @Override
  public ServiceCosts costsByService(String stack, LocalDate start, LocalDate end) {
    return CostLookupMessages.serviceCosts(
        lambda.call(
            function,
            CostLookupMessages.serviceCostsRequest(stack, start, end),
            ErrorCode.INTERNAL));
  }

  @Override
  public Optional<StackBudget> budget(StackRef stack) {
    return CostLookupMessages.budget(
        lambda.call(function, CostLookupMessages.budgetRequest(stack.name()), ErrorCode.INTERNAL));
  }
}
