package dev.fogbank.statemachines.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The States.* intrinsic functions. Argument errors are States.Runtime failures, as on AWS; the
 * limits (1000 array items, 10000 characters for Base64) are AWS's documented ones.
 */
final class IntrinsicFunctions {

  private static final int MAX_RANGE_ITEMS = 1000;
  private static final int MAX_BASE64_INPUT = 10_000;
  private static final Map<String, String> HASH_ALGORITHMS =
      Map.of(
          "MD5", "MD5",
          "SHA-1", "SHA-1",
          "SHA-256", "SHA-256",
          "SHA-384", "SHA-384",
          "SHA-512", "SHA-512");

  /** Minimum and maximum argument counts; -1 for no maximum. */
  private static final Map<String, int[]> ARITY =
      Map.ofEntries(
          Map.entry("States.Format", new int[] {1, -1}),
          Map.entry("States.StringToJson", new int[] {1, 1}),
          Map.entry("States.JsonToString", new int[] {1, 1}),
          Map.entry("States.Array", new int[] {0, -1}),
          Map.entry("States.ArrayPartition", new int[] {2, 2}),
          Map.entry("States.ArrayContains", new int[] {2, 2}),
          Map.entry("States.ArrayRange", new int[] {3, 3}),
          Map.entry("States.ArrayGetItem", new int[] {2, 2}),
          Map.entry("States.ArrayLength", new int[] {1, 1}),
          Map.entry("States.ArrayUnique", new int[] {1, 1}),
          Map.entry("States.Base64Encode", new int[] {1, 1}),
          Map.entry("States.Base64Decode", new int[] {1, 1}),
          Map.entry("States.Hash", new int[] {2, 2}),
          Map.entry("States.JsonMerge", new int[] {3, 3}),
          Map.entry("States.MathRandom", new int[] {2, 3}),
          Map.entry("States.MathAdd", new int[] {2, 2}),
          Map.entry("States.StringSplit", new int[] {2, 2}),
          Map.entry("States.UUID", new int[] {0, 0}));

  private IntrinsicFunctions() {}

  static boolean exists(String name) {
    return ARITY.containsKey(name);
  }

  static void checkArity(IntrinsicExpression.Call call) {
    int[] arity = ARITY.get(call.name());
    int count = call.arguments().size();
    if (count < arity[0] || (arity[1] >= 0 && count > arity[1])) {
      String expected =
          arity[1] < 0
              ? "at least " + arity[0]
              : arity[0] == arity[1] ? String.valueOf(arity[0]) : arity[0] + " to " + arity[1];
      throw new AslDefinitionException(
          call.name() + " takes " + expected + " argument(s), got " + count);
    }
  }

  static JsonNode apply(IntrinsicExpression.Call call, List<JsonNode> args) {
    String name = call.name();
    return switch (name) {
      case "States.Format" -> format(call, args);
      case "States.StringToJson" -> stringToJson(text(name, args, 0));
      case "States.JsonToString" -> Json.NODES.textNode(Json.write(args.get(0)));
      case "States.Array" -> Json.NODES.arrayNode().addAll(args);
      case "States.ArrayPartition" -> arrayPartition(name, args);
      case "States.ArrayContains" -> arrayContains(name, args);
      case "States.ArrayRange" -> arrayRange(name, args);
      case "States.ArrayGetItem" -> arrayGetItem(name, args);
      case "States.ArrayLength" -> Json.NODES.numberNode(array(name, args, 0).size());
      case "States.ArrayUnique" -> arrayUnique(name, args);
      case "States.Base64Encode" -> base64Encode(name, args);
      case "States.Base64Decode" -> base64Decode(name, args);
      case "States.Hash" -> hash(name, args);
      case "States.JsonMerge" -> jsonMerge(name, args);
      case "States.MathRandom" -> mathRandom(name, args);
      case "States.MathAdd" -> mathAdd(name, args);
      case "States.StringSplit" -> stringSplit(name, args);
      case "States.UUID" -> Json.NODES.textNode(UUID.randomUUID().toString());
      default -> throw new IllegalStateException("parser accepted unknown function " + name);
    };
  }

  /**
   * Replaces each {@code {}} with the next argument. In a literal template, {@code \{} and {@code
   * \}} are literal braces, so the raw (still escaped) text is scanned.
   */
  private static JsonNode format(IntrinsicExpression.Call call, List<JsonNode> args) {
    String template;
    boolean escaped;
    if (call.arguments().get(0) instanceof IntrinsicExpression.Literal literal
        && literal.value().isTextual()) {
      template = literal.raw();
      escaped = true;
    } else {
      template = text(call.name(), args, 0);
      escaped = false;
    }
    StringBuilder out = new StringBuilder();
    int next = 1;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (escaped && c == '\\' && i + 1 < template.length()) {
        out.append(template.charAt(++i));
      } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
        if (next >= args.size()) {
          throw failure(call.name(), "the template has more placeholders than arguments");
        }
        out.append(Json.display(args.get(next++)));
        i++;
      } else {
        out.append(c);
      }
    }
    if (next != args.size()) {
      throw failure(call.name(), "the template has fewer placeholders than arguments");
    }
    return Json.NODES.textNode(out.toString());
  }

  private static JsonNode stringToJson(String text) {
    if (text.isBlank()) {
      return Json.NODES.nullNode();
    }
    try {
      return Json.parse(text);
    } catch (IllegalArgumentException e) {
      throw failure("States.StringToJson", "the argument is not valid JSON: " + text);
    }
  }

  private static JsonNode arrayPartition(String name, List<JsonNode> args) {
    ArrayNode items = array(name, args, 0);
    long size = integer(name, args, 1);
    if (size <= 0) {
      throw failure(name, "the chunk size must be a positive integer, got " + size);
    }
    ArrayNode chunks = Json.NODES.arrayNode();
    ArrayNode chunk = null;
    for (int i = 0; i < items.size(); i++) {
      if (i % size == 0) {
        chunk = chunks.addArray();
      }
      chunk.add(items.get(i));
    }
    return chunks;
  }

  private static JsonNode arrayContains(String name, List<JsonNode> args) {
    for (JsonNode item : array(name, args, 0)) {
      if (Json.same(item, args.get(1))) {
        return Json.NODES.booleanNode(true);
      }
    }
    return Json.NODES.booleanNode(false);
  }

  private static JsonNode arrayRange(String name, List<JsonNode> args) {
    long start = integer(name, args, 0);
    long end = integer(name, args, 1);
    long step = integer(name, args, 2);
    if (step == 0) {
      throw failure(name, "the step must not be 0");
    }
    ArrayNode range = Json.NODES.arrayNode();
    for (long v = start; step > 0 ? v <= end : v >= end; v += step) {
      if (range.size() == MAX_RANGE_ITEMS) {
        throw failure(name, "the range has more than " + MAX_RANGE_ITEMS + " items");
      }
      range.add(Json.integer(v));
    }
    return range;
  }

  private static JsonNode arrayGetItem(String name, List<JsonNode> args) {
    ArrayNode items = array(name, args, 0);
    long index = integer(name, args, 1);
    if (index < 0 || index >= items.size()) {
      throw failure(name, "index " + index + " is out of bounds for an array of " + items.size());
    }
    return items.get((int) index);
  }

  private static JsonNode arrayUnique(String name, List<JsonNode> args) {
    ArrayNode unique = Json.NODES.arrayNode();
    for (JsonNode item : array(name, args, 0)) {
      boolean seen = false;
      for (JsonNode kept : unique) {
        seen |= Json.same(kept, item);
      }
      if (!seen) {
        unique.add(item);
      }
    }
    return unique;
  }

  private static JsonNode base64Encode(String name, List<JsonNode> args) {
    String text = text(name, args, 0);
    if (text.length() > MAX_BASE64_INPUT) {
      throw failure(name, "the input is longer than " + MAX_BASE64_INPUT + " characters");
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return Json.NODES.textNode(Base64.getEncoder().encodeToString(bytes));
  }

  private static JsonNode base64Decode(String name, List<JsonNode> args) {
    String text = text(name, args, 0);
    if (text.length() > MAX_BASE64_INPUT) {
      throw failure(name, "the input is longer than " + MAX_BASE64_INPUT + " characters");
    }
    try {
      byte[] bytes = Base64.getDecoder().decode(text);
      return Json.NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw failure(name, "the input is not valid Base64: " + text);
    }
  }

  private static JsonNode hash(String name, List<JsonNode> args) {
    String data = Json.display(args.get(0));
    String algorithm = HASH_ALGORITHMS.get(text(name, args, 1));
    if (algorithm == null) {
      throw failure(
          name,
          "the algorithm must be one of " + HASH_ALGORITHMS.keySet().stream().sorted().toList());
    }
    try {
      byte[] digest =
          MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
      return Json.NODES.textNode(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK lacks " + algorithm, e);
    }
  }

  /** Shallow merge only: AWS rejects a deep merge ("the boolean value must be false"). */
  private static JsonNode jsonMerge(String name, List<JsonNode> args) {
    if (!args.get(0).isObject() || !args.get(1).isObject()) {
      throw failure(name, "both arguments to merge must be JSON objects");
    }
    if (!args.get(2).isBoolean() || args.get(2).booleanValue()) {
      throw failure(name, "the third argument must be false: only shallow merge is supported");
    }
    ObjectNode merged = ((ObjectNode) args.get(0)).deepCopy();
    merged.setAll((ObjectNode) args.get(1).deepCopy());
    return merged;
  }

  private static JsonNode mathRandom(String name, List<JsonNode> args) {
    long start = integer(name, args, 0);
    long end = integer(name, args, 1);
    if (start >= end) {
      throw failure(name, "the start must be less than the end");
    }
    Random random =
        args.size() == 3
            ? new Random(integer(name, args, 2))
            : ThreadLocalRandom.current();
    return Json.integer(random.nextLong(start, end));
  }

  /** Operands are rounded half up to integers (AWS: MathAdd(1.49, 1.5) is 3, (2.5, 0) is 3). */
  private static JsonNode mathAdd(String name, List<JsonNode> args) {
    long sum = 0;
    for (int i = 0; i < 2; i++) {
      JsonNode arg = args.get(i);
      if (!arg.isNumber()) {
        throw failure(name, "argument " + (i + 1) + " must be a number, got " + Json.write(arg));
      }
      sum += arg.decimalValue().setScale(0, RoundingMode.HALF_UP).longValue();
    }
    return Json.integer(sum);
  }

  /** Splits on any character of the delimiter; empty pieces are dropped, as on AWS. */
  private static JsonNode stringSplit(String name, List<JsonNode> args) {
    String text = text(name, args, 0);
    String delimiters = text(name, args, 1);
    ArrayNode pieces = Json.NODES.arrayNode();
    StringBuilder piece = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (delimiters.indexOf(c) >= 0) {
        if (!piece.isEmpty()) {
          pieces.add(piece.toString());
        }
        piece.setLength(0);
      } else {
        piece.append(c);
      }
    }
    if (!piece.isEmpty()) {
      pieces.add(piece.toString());
    }
    return pieces;
  }

  private static String text(String name, List<JsonNode> args, int index) {
    JsonNode arg = args.get(index);
    if (!arg.isTextual()) {
      throw failure(name, "argument " + (index + 1) + " must be a string, got " + Json.write(arg));
    }
    return arg.textValue();
  }

  private static ArrayNode array(String name, List<JsonNode> args, int index) {
    if (!(args.get(index) instanceof ArrayNode array)) {
      throw failure(
          name,
          "argument " + (index + 1) + " must be an array, got " + Json.write(args.get(index)));
    }
    return array;
  }

  private static long integer(String name, List<JsonNode> args, int index) {
    Long value = Json.wholeNumber(args.get(index));
    if (value == null) {
      throw failure(
          name,
          "argument " + (index + 1) + " must be an integer, got " + Json.write(args.get(index)));
    }
    return value;
  }

  private static AslFailure failure(String function, String problem) {
    return AslFailure.runtime("The intrinsic function " + function + " failed: " + problem);
  }
}
