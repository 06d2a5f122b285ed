package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Map: runs the item processor (ItemProcessor, or the legacy Iterator) once per element of the
 * array at ItemsPath, at most MaxConcurrency at a time (0: unbounded). Each iteration's input is
 * the item, or the ItemSelector (legacy: Parameters) template evaluated with $$.Map.Item.Index and
 * $$.Map.Item.Value.
 *
 * <p>Inline mode runs the iterations inside this execution. Distributed mode ({@code
 * ProcessorConfig.Mode: DISTRIBUTED}) runs each item as a child execution, as Step Functions does:
 * the child has its own name, its own $$.Execution (input: the item), its own event ids (history)
 * and, for {@code ExecutionType: EXPRESS}, Express's five-minute limit. Children failing beyond
 * ToleratedFailureCount / ToleratedFailurePercentage (default: none tolerated) fail the state with
 * {@code States.ExceedToleratedFailureThreshold}. Items come from ItemsPath only: ItemReader (S3),
 * ItemBatcher, ResultWriter and the tolerated-failure *Path fields are refused at parse time.
 */
record MapState(
    StateIo io,
    StateGraph processor,
    String itemsPath,
    PayloadTemplate itemSelector,
    int maxConcurrency,
    String maxConcurrencyPath,
    Distributed distributed,
    ErrorHandling errorHandling,
    String next)
    implements State {

  /** States.ExceedToleratedFailureThreshold: a Distributed Map's children failed too often. */
  static final String EXCEED_TOLERATED_FAILURE = "States.ExceedToleratedFailureThreshold";

  /** Step Functions runs at most this many child executions of one Map Run at once. */
  static final int MAX_DISTRIBUTED_CONCURRENCY = 10_000;

  /** Express child executions run at most five minutes. */
  static final Duration EXPRESS_LIMIT = Duration.ofMinutes(5);

  /**
   * A Distributed Map's settings: child execution type, label (child names), tolerated failures.
   */
  record Distributed(
      String executionType, String label, int toleratedCount, double toleratedPercentage) {

    boolean tolerates(int failed, int total) {
      return failed <= toleratedCount && failed * 100.0 <= toleratedPercentage * total;
    }
  }

  private static final Set<String> FIELDS =
      Set.of(
          "Type",
          "Comment",
          "Next",
          "End",
          "InputPath",
          "OutputPath",
          "ResultPath",
          "Parameters",
          "ResultSelector",
          "Retry",
          "Catch",
          "ItemProcessor",
          "Iterator",
          "ItemsPath",
          "ItemSelector",
          "MaxConcurrency",
          "MaxConcurrencyPath");
  private static final Set<String> DISTRIBUTED_FIELDS =
      Set.of("ToleratedFailurePercentage", "ToleratedFailureCount", "Label");
  private static final Set<String> DISTRIBUTED_UNSUPPORTED =
      Set.of(
          "ItemReader",
          "ItemBatcher",
          "ResultWriter",
          "ToleratedFailurePercentagePath",
          "ToleratedFailureCountPath");

  static MapState parse(JsonNode json, String where) {
    for (String field : DISTRIBUTED_UNSUPPORTED) {
      if (json.has(field)) {
        throw new AslDefinitionException(
            where
                + "."
                + field
                + ": not supported by the local ASL engine (a Distributed Map here reads its"
                + " items from ItemsPath and returns its results in the state output)");
      }
    }
    DefinitionReader.exclusive(json, "ItemProcessor", "Iterator", where);
    DefinitionReader.exclusive(json, "ItemSelector", "Parameters", where);
    DefinitionReader.exclusive(json, "MaxConcurrency", "MaxConcurrencyPath", where);
    String processorField = json.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
    JsonNode processorJson = json.get(processorField);
    if (processorJson == null) {
      throw new AslDefinitionException(where + ": needs an ItemProcessor (or legacy Iterator)");
    }
    Distributed distributed = distributed(json, processorJson.get("ProcessorConfig"), where);
    Set<String> allowed = new java.util.HashSet<>(FIELDS);
    if (distributed != null) {
      allowed.addAll(DISTRIBUTED_FIELDS);
    }
    for (String field : DISTRIBUTED_FIELDS) {
      if (distributed == null && json.has(field)) {
        throw new AslDefinitionException(
            where + "." + field + ": only a Distributed Map (ProcessorConfig.Mode DISTRIBUTED)"
                + " takes it");
      }
    }
    DefinitionReader.checkFields(json, allowed, where);
    StateGraph processor =
        DefinitionParser.graph(
            processorJson, where + "." + processorField, Set.of("ProcessorConfig"));
    String itemsPath = DefinitionReader.optionalText(json, "ItemsPath", where);
    if (itemsPath != null) {
      PathEvaluator.validate(itemsPath, where + ".ItemsPath");
    }
    String selectorField = json.has("ItemSelector") ? "ItemSelector" : "Parameters";
    String concurrencyPath = DefinitionReader.optionalText(json, "MaxConcurrencyPath", where);
    if (concurrencyPath != null) {
      PathEvaluator.validate(concurrencyPath, where + ".MaxConcurrencyPath");
    }
    StateIo io = StateIo.read(json, where);
    return new MapState(
        new StateIo(io.inputPath(), null, io.resultSelector(), io.resultPath(), io.outputPath()),
        processor,
        itemsPath == null ? "$" : itemsPath,
        DefinitionReader.template(json, selectorField, where),
        DefinitionReader.integer(
            json,
            "MaxConcurrency",
            0,
            0,
            distributed == null ? Integer.MAX_VALUE : MAX_DISTRIBUTED_CONCURRENCY,
            where),
        concurrencyPath,
        distributed,
        ErrorHandling.parse(json, where),
        DefinitionReader.transition(json, where));
  }

  /** The Distributed settings, or null for an inline Map. */
  private static Distributed distributed(JsonNode json, JsonNode config, String where) {
    String configWhere = where + ".ItemProcessor.ProcessorConfig";
    if (config == null) {
      return null;
    }
    DefinitionReader.checkFields(config, Set.of("Mode", "ExecutionType"), configWhere);
    String mode = DefinitionReader.optionalText(config, "Mode", configWhere);
    if (mode == null || mode.equals("INLINE")) {
      return null;
    }
    if (!mode.equals("DISTRIBUTED")) {
      throw new AslDefinitionException(
          configWhere + ".Mode: must be INLINE or DISTRIBUTED, got " + mode);
    }
    String type = DefinitionReader.optionalText(config, "ExecutionType", configWhere);
    if (type == null || !(type.equals("STANDARD") || type.equals("EXPRESS"))) {
      throw new AslDefinitionException(
          configWhere + ".ExecutionType: a Distributed Map needs STANDARD or EXPRESS");
    }
    String label = DefinitionReader.optionalText(json, "Label", where);
    if (label != null && !label.matches("[A-Za-z0-9_-]{1,40}")) {
      throw new AslDefinitionException(
          where + ".Label: at most 40 letters, digits, '-' or '_', got " + label);
    }
    double percentage = 0;
    JsonNode given = json.get("ToleratedFailurePercentage");
    if (given != null) {
      if (!given.isNumber() || given.asDouble() < 0 || given.asDouble() > 100) {
        throw new AslDefinitionException(
            where + ".ToleratedFailurePercentage: must be a number from 0 to 100, got " + given);
      }
      percentage = given.asDouble();
    }
    int count =
        DefinitionReader.integer(
            json, "ToleratedFailureCount", 0, 0, Integer.MAX_VALUE, where);
    if (!json.has("ToleratedFailureCount") && given != null) {
      count = Integer.MAX_VALUE; // only the percentage limits
    } else if (json.has("ToleratedFailureCount") && given == null) {
      percentage = 100; // only the count limits
    }
    return new Distributed(type, label, count, percentage);
  }

  @Override
  public Step execute(JsonNode input, StateRun run) {
    return errorHandling.run(
        input,
        run,
        next,
        retryCount -> {
          JsonNode context = run.context(retryCount);
          JsonNode effective = io.selectInput(input, context);
          JsonNode items = PathEvaluator.read(itemsPath, effective, context);
          if (!items.isArray()) {
            throw AslFailure.runtime(
                "Invalid path '"
                    + itemsPath
                    + "': the ItemsPath must point to a JSON array, got "
                    + Json.write(items));
          }
          int concurrency = concurrency(effective, context);
          List<Callable<JsonNode>> work = new ArrayList<>();
          AtomicInteger failed = new AtomicInteger();
          // A Map Run per entry into the state (its event id): children's names stay unique
          // when the state runs again (a loop over pages, a retry).
          String runName =
              run.execution().name
                  + "/"
                  + (distributed == null || distributed.label() == null
                      ? run.stateName()
                      : distributed.label())
                  + "/"
                  + run.enteredEventId()
                  + "-"
                  + retryCount;
          for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            JsonNode itemInput =
                itemSelector == null
                    ? item
                    : itemSelector.evaluate(effective, run.mapItemContext(retryCount, i, item));
            if (distributed == null) {
              work.add(() -> processor.run(itemInput, run.execution(), false));
            } else {
              String childName = runName + ":" + i;
              int total = items.size();
              work.add(() -> child(run, childName, itemInput, failed, total));
            }
          }
          if (distributed != null && concurrency == 0) {
            concurrency = MAX_DISTRIBUTED_CONCURRENCY;
          }
          return io.output(input, BranchRunner.runAll(work, concurrency), context);
        });
  }

  /**
   * One child execution of a Distributed Map: its own execution (name, input, history, deadline)
   * running the item processor as a top-level graph. A failed child is counted; past the tolerated
   * failures the Map fails (and the other children are stopped). A tolerated failure's output is
   * its error and cause, as Step Functions lists a failed child.
   */
  private JsonNode child(
      StateRun run, String childName, JsonNode itemInput, AtomicInteger failed, int total) {
    Execution child =
        run.execution()
            .child(
                childName,
                itemInput,
                distributed.executionType().equals("EXPRESS") ? EXPRESS_LIMIT : null);
    try {
      return processor.run(itemInput, child, false);
    } catch (AslFailure | ExecutionStopped failure) {
      if (failure instanceof ExecutionStopped stopped && !child.pastDeadline()) {
        throw stopped; // interrupted, suspended, or the parent's own deadline: not the child's
      }
      int failures = failed.incrementAndGet();
      String error =
          failure instanceof AslFailure f ? f.error() : ((ExecutionStopped) failure).error();
      String cause =
          failure instanceof AslFailure f ? f.cause() : ((ExecutionStopped) failure).cause();
      if (!distributed.tolerates(failures, total)) {
        throw new AslFailure(
            EXCEED_TOLERATED_FAILURE,
            "The Map Run's child executions failed beyond its tolerated failures: "
                + failures
                + " of "
                + total
                + " failed; the last, '"
                + childName
                + "', with "
                + error
                + (cause == null ? "" : ": " + cause));
      }
      var output = Json.NODES.objectNode();
      output.put("Error", error);
      output.put("Cause", cause);
      return output;
    }
  }

  private int concurrency(JsonNode input, JsonNode context) {
    if (maxConcurrencyPath == null) {
      return maxConcurrency;
    }
    JsonNode value = PathEvaluator.read(maxConcurrencyPath, input, context);
    Long whole = Json.wholeNumber(value);
    if (whole == null || whole < 0 || whole > Integer.MAX_VALUE) {
      throw AslFailure.runtime(
          "The MaxConcurrencyPath field refers to value \""
              + Json.display(value)
              + "\" which is not a valid integer: "
              + maxConcurrencyPath);
    }
    return whole.intValue();
  }

  @Override
  public List<String> targets() {
    List<String> targets = new ArrayList<>();
    if (next != null) {
      targets.add(next);
    }
    errorHandling.catchers().forEach(catcher -> targets.add(catcher.next()));
    return targets;
  }
}
