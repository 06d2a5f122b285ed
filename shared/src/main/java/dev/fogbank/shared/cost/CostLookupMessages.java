package dev.fogbank.shared.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fogbank.shared.error.AwsUnavailableException;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.stack.StackRef;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON a cost lookup travels as between the api function ({@link LambdaCostLookups}) and the
 * cost-scan function, which answers it with {@link CostLookups#direct}:
 *
 * <pre>
 * {"lookup":"SERVICE_COSTS","stack":"web","start":"2026-11-01","end":"2026-12-01"}
 *   → {"serviceCosts":{"stack","from","to","services":[{"service","amount","unit"}],"requests"}}
 * {"lookup":"BUDGET","stack":"web"}
 *   → {"budget":{"amount","unit","alertPercents":[80,100]}} or {"budget":null}
 * any failure → {"error":{"code":"COST_ACCESS_DENIED","message":"..."}}
 * </pre>
 *
 * A failure is an answer, not a function error, so that the caller gets the same error code the
 * lookup had (and Lambda counts no function error for a refusal of Cost Explorer or Budgets).
 * Amounts are decimal strings, as Cost Explorer and Budgets report them.
 */
public final class CostLookupMessages {
  /** The field that marks an event as a cost lookup. */
  public static final String LOOKUP = "lookup";

  static final String SERVICE_COSTS = "SERVICE_COSTS";
  static final String BUDGET = "BUDGET";

  /** Longest range a lookup may ask for (a year and a day, as {@code GET /costs} allows). */
  private static final int MAX_DAYS = 367;

  private CostLookupMessages() {}

  static String serviceCostsRequest(String stack, LocalDate start, LocalDate end) {
    ObjectNode request = Json.mapper().createObjectNode();
    request.put(LOOKUP, SERVICE_COSTS);
    request.put("stack", stack);
    request.put("start", start.toString());
    request.put("end", end.toString());
    return request.toString();
  }

  static String budgetRequest(String stack) {
    ObjectNode request = Json.mapper().createObjectNode();
    request.put(LOOKUP, BUDGET);
    request.put("stack", stack);
    return request.toString();
  }

  /** Whether {@code event} is a cost lookup (rather than a scheduled or queued cost scan). */
  public static boolean isLookup(JsonNode event) {
    return event != null && event.isObject() && event.has(LOOKUP);
  }

  /**
   * An answered lookup: its JSON, its kind and, when it failed, the failure's code and what to log
   * about it (the message, or the type of an unexpected exception).
   */
  public record Answer(String json, String lookup, ErrorCode failure, String detail) {}

  /**
   * Runs the lookup {@code request} names against {@code lookups}, for a stack of {@code account}
   * and {@code region} (the answering function's own), and returns its answer; a request that
   * cannot be read is answered INVALID_REQUEST, a failure with its code.
   */
  public static Answer answer(
      JsonNode request, CostLookups lookups, String account, String region) {
    String lookup = request.path(LOOKUP).asText("");
    ObjectNode answer = Json.mapper().createObjectNode();
    try {
      String stack = stack(request);
      switch (lookup) {
        case SERVICE_COSTS -> {
          LocalDate start = date(request, "start");
          LocalDate end = date(request, "end");
          long days = ChronoUnit.DAYS.between(start, end);
          if (days < 1 || days > MAX_DAYS) {
            throw invalid("start must be 1 to " + MAX_DAYS + " days before end");
          }
          answer.set("serviceCosts", serviceCosts(lookups.costsByService(stack, start, end)));
        }
        case BUDGET ->
            answer.set(
                "budget",
                lookups
                    .budget(StackRef.of(account, region, stack))
                    .map(CostLookupMessages::budget)
                    .orElse(null));
        default -> throw invalid("lookup must be SERVICE_COSTS or BUDGET");
      }
      return new Answer(answer.toString(), lookup, null, null);
    } catch (DeploymentException e) {
      return failed(lookup, e.code(), e.getMessage(), e.getMessage());
    } catch (RuntimeException e) {
      return failed(
          lookup, ErrorCode.INTERNAL, "internal error in the cost lookup", e.getClass().getName());
    }
  }

  private static Answer failed(String lookup, ErrorCode code, String message, String detail) {
    ObjectNode error = Json.mapper().createObjectNode();
    error.putObject("error").put("code", code.name()).put("message", message);
    return new Answer(error.toString(), lookup, code, detail);
  }

  /** The costs by service a lookup answered, or its failure thrown with its code. */
  static ServiceCosts serviceCosts(String answer) {
    JsonNode costs = read(answer).path("serviceCosts");
    if (!costs.isObject()) {
      throw unreadable(answer);
    }
    List<ServiceCosts.Service> services = new ArrayList<>();
    for (JsonNode s : costs.path("services")) {
      services.add(
          new ServiceCosts.Service(
              s.path("service").asText(), amount(s.path("amount")), s.path("unit").asText()));
    }
    return new ServiceCosts(
        costs.path("stack").asText(),
        LocalDate.parse(costs.path("from").asText()),
        LocalDate.parse(costs.path("to").asText()),
        services,
        costs.path("requests").asInt());
  }

  /** The budget a lookup answered (empty for none), or its failure thrown with its code. */
  static Optional<StackBudget> budget(String answer) {
    JsonNode read = read(answer);
    if (!read.has("budget")) {
      throw unreadable(answer);
    }
    JsonNode budget = read.path("budget");
    if (budget.isNull()) {
      return Optional.empty();
    }
    List<Integer> percents = new ArrayList<>();
    budget.path("alertPercents").forEach(p -> percents.add(p.asInt()));
    return Optional.of(
        new StackBudget(amount(budget.path("amount")), budget.path("unit").asText(), percents));
  }

  private static ObjectNode serviceCosts(ServiceCosts costs) {
    ObjectNode view = Json.mapper().createObjectNode();
    view.put("stack", costs.stack());
    view.put("from", costs.from().toString());
    view.put("to", costs.to().toString());
    ArrayNode services = view.putArray("services");
    for (ServiceCosts.Service s : costs.services()) {
      services
          .addObject()
          .put("service", s.service())
          .put("amount", s.amount().toPlainString())
          .put("unit", s.unit());
    }
    view.put("requests", costs.requests());
    return view;
  }

  private static ObjectNode budget(StackBudget budget) {
    ObjectNode view = Json.mapper().createObjectNode();
    view.put("amount", budget.amount().toPlainString());
    view.put("unit", budget.unit());
    ArrayNode percents = view.putArray("alertPercents");
    budget.alertPercents().forEach(percents::add);
    return view;
  }

  /** The answer as JSON; an {@code error} answer is thrown as the failure it reports. */
  private static JsonNode read(String answer) {
    JsonNode read;
    try {
      read = Json.mapper().readTree(answer);
    } catch (IOException e) {
      throw unreadable(answer);
    }
    if (read == null || !read.isObject()) {
      throw unreadable(answer);
    }
    JsonNode error = read.path("error");
    if (error.isObject()) {
      ErrorCode code = code(error.path("code").asText());
      // The lookup's own message, so that the API answers as it does where it asks AWS itself.
      String message = error.path("message").asText();
      throw code == ErrorCode.AWS_UNAVAILABLE
          ? new AwsUnavailableException(message)
          : new DeploymentException(code, message);
    }
    return read;
  }

  private static ErrorCode code(String name) {
    try {
      return ErrorCode.valueOf(name);
    } catch (IllegalArgumentException e) {
      return ErrorCode.INTERNAL;
    }
  }

  private static String stack(JsonNode request) {
    String stack = request.path("stack").asText("");
    if (stack.isEmpty() || stack.length() > 128 || !stack.matches("[\\x21-\\x7e]+")) {
      throw invalid("stack must be 1 to 128 printable characters");
    }
    return stack;
  }

  private static LocalDate date(JsonNode request, String field) {
    try {
      return LocalDate.parse(request.path(field).asText(""));
    } catch (DateTimeParseException e) {
      throw invalid(field + " must be a date as yyyy-MM-dd");
    }
  }

  private static BigDecimal amount(JsonNode amount) {
    try {
      return new BigDecimal(amount.asText());
    } catch (NumberFormatException e) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "cost lookup answered an amount that is not a number");
    }
  }

  private static DeploymentException invalid(String message) {
    return new DeploymentException(ErrorCode.INVALID_REQUEST, "cost lookup: " + message);
  }

  private static DeploymentException unreadable(String answer) {
    String shown = answer.length() > 200 ? answer.substring(0, 200) + "…" : answer;
    return new DeploymentException(
        ErrorCode.INTERNAL, "the cost lookup's answer cannot be read: " + shown);
  }
}
