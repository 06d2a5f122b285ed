package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Inline Map: runs the item processor (ItemProcessor, or the legacy Iterator) once per element of
 * the array at ItemsPath, at most MaxConcurrency at a time (0: unbounded). Each iteration's input
 * is the item, or the ItemSelector (legacy: Parameters) template evaluated with $$.Map.Item.Index
 * and $$.Map.Item.Value. Distributed mode is not supported.
 */
record MapState(
    StateIo io,
    StateGraph processor,
    String itemsPath,
    PayloadTemplate itemSelector,
    int maxConcurrency,
    String maxConcurrencyPath,
    ErrorHandling errorHandling,
    String next)
    implements State {

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
  private static final Set<String> DISTRIBUTED_ONLY =
      Set.of(
          "ItemReader",
          "ItemBatcher",
          "ResultWriter",
          "ToleratedFailurePercentage",
          "ToleratedFailurePercentagePath",
          "ToleratedFailureCount",
          "ToleratedFailureCountPath",
          "Label");

  static MapState parse(JsonNode json, String where) {
    for (String field : DISTRIBUTED_ONLY) {
      if (json.has(field)) {
        throw distributedUnsupported(where, field);
      }
    }
    DefinitionReader.checkFields(json, FIELDS, where);
    DefinitionReader.exclusive(json, "ItemProcessor", "Iterator", where);
    DefinitionReader.exclusive(json, "ItemSelector", "Parameters", where);
    DefinitionReader.exclusive(json, "MaxConcurrency", "MaxConcurrencyPath", where);
    String processorField = json.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
    JsonNode processorJson = json.get(processorField);
    if (processorJson == null) {
      throw new AslDefinitionException(where + ": needs an ItemProcessor (or legacy Iterator)");
    }
    JsonNode config = processorJson.get("ProcessorConfig");
    if (config != null) {
      DefinitionReader.checkFields(
          config,
          Set.of("Mode", "ExecutionType"),
          where + "." + processorField + ".ProcessorConfig");
      if (config.has("Mode") && !"INLINE".equals(config.get("Mode").asText())) {
        throw distributedUnsupported(where, "ProcessorConfig.Mode");
      }
    }
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
        DefinitionReader.integer(json, "MaxConcurrency", 0, 0, Integer.MAX_VALUE, where),
        concurrencyPath,
        ErrorHandling.parse(json, where),
        DefinitionReader.transition(json, where));
  }

  private static AslDefinitionException distributedUnsupported(String where, String field) {
    return new AslDefinitionException(
        where
            + "."
            + field
            + ": Distributed Map is not supported by the local ASL engine;"
            + " use an inline Map");
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
          for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            JsonNode itemInput =
                itemSelector == null
                    ? item
                    : itemSelector.evaluate(effective, run.mapItemContext(retryCount, i, item));
            work.add(() -> processor.run(itemInput, run.execution(), false));
          }
          return io.output(input, BranchRunner.runAll(work, concurrency), context);
        });
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
