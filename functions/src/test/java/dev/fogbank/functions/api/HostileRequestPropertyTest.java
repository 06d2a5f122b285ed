package dev.fogbank.functions.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.deploy.DeploymentStatus;
import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.history.DeploymentRecord;
import dev.fogbank.shared.stack.StackName;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based hostile input for the API function (generated bodies, stack names and query
 * strings in API Gateway HTTP API events) and the drop function (generated S3 keys in S3 event
 * notifications), over the real history adapter on DynamoDB Local. Whatever is sent, the answer
 * is a 2xx or a 4xx whose code is fogbank's and whose status is that code's; a drop ends as a
 * QUEUED deployment, a FAILED record with a code, or an ignore with its reason. Never a 5xx, never
 * an exception out of a handler.
 *
 * <p>The seed is fixed so that a run is repeatable; jqwik prints it (and the shrunk sample) when a
 * property fails. With shared's HostileInputPropertyTest, more than 10,000 generated cases a run.
 */
class HostileRequestPropertyTest {
  static final String SEED = "20261206";
  private static final String TEMPLATE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
  private static final Pattern DROP_KEY = Pattern.compile("stacks/([^/]*)/([^/]+)");

  // jqwik makes an instance per property: each property gets its own control table.
  private final HostileFixture fixture =
      new HostileFixture(DynamoDbLocalExtension.client(), DynamoDbLocalExtension.newControlTable());
  private final ApiHandler api = fixture.api();

  @Property(tries = 2000, seed = SEED)
  void postDeployments_whenGeneratedBody_thenQueuedOrA4xxWithItsCode(
      @ForAll("bodies") String body) {
    APIGatewayV2HTTPResponse response =
        api.handleRequest(HostileFixture.post("/deployments", body), null);

    JsonNode answer = assertAnsweredWithoutServerError(response);
    if (response.getStatusCode() == 202) {
      String id = answer.path("deploymentId").asText();
      DeploymentRecord record = fixture.history.get(id).orElseThrow();
      assertEquals(DeploymentStatus.QUEUED, record.status());
      assertTrue(StackName.isValid(record.stack().name()), record.stack().name());
    }
  }

  @Property(tries = 1200, seed = SEED)
  void postDeployments_whenGeneratedStackName_thenQueuedExactlyWhenCloudFormationAllowsIt(
      @ForAll("stackNames") String name) {
    String body =
        "{\"stackName\":" + quoted(name) + ",\"templateBody\":" + quoted(TEMPLATE) + "}";

    APIGatewayV2HTTPResponse response =
        api.handleRequest(HostileFixture.post("/deployments", body), null);

    JsonNode answer = assertAnsweredWithoutServerError(response);
    if (StackName.isValid(name)) {
      assertEquals(202, response.getStatusCode(), answer.toString());
      assertEquals(name, answer.path("stackName").asText());
    } else {
      assertEquals(400, response.getStatusCode(), answer.toString());
      assertEquals("INVALID_STACK_NAME", answer.path("error").path("code").asText());
    }
  }

  @Property(tries = 1200, seed = SEED)
  void listDeployments_whenGeneratedQuery_thenPageOrA4xxWithItsCode(
      @ForAll("stackNames") String name, @ForAll("queries") Map<String, String> query) {
    APIGatewayV2HTTPResponse response =
        api.handleRequest(
            HostileFixture.request("GET", "/stacks/" + name + "/deployments", query), null);

    JsonNode answer = assertAnsweredWithoutServerError(response);
    if (response.getStatusCode() == 200) {
      assertTrue(answer.path("items").isArray(), answer.toString());
    }
  }

  @Property(tries = 1200, seed = SEED)
  void drop_whenGeneratedS3Key_thenQueuedFailedWithCodeOrIgnored(
      @ForAll("s3Keys") String encodedKey) {
    String key = HostileFixture.decoded(encodedKey);
    fixture.drops.put(key, TEMPLATE);

    List<String> results = HostileInputTest.drop(fixture, HostileFixture.s3Put(encodedKey));

    assertEquals(1, results.size(), results.toString());
    String result = results.getFirst();
    if (result.startsWith("ignored: ")) {
      return;
    }
    DeploymentRecord record = fixture.history.get(result).orElseThrow();
    assertTrue(record.stack().name().matches("[\\x21-\\x7e]{1,128}"), record.stack().name());
    if (record.status() == DeploymentStatus.FAILED) {
      assertFalse(record.error().code().isEmpty());
      ErrorCode.valueOf(record.error().code());
    } else {
      assertEquals(DeploymentStatus.QUEUED, record.status());
      Matcher m = DROP_KEY.matcher(key);
      assertTrue(m.matches() && StackName.isValid(m.group(1)), "queued from key " + key);
      assertTrue(DropIntake.TEMPLATE_NAMES.contains(m.group(2)), "queued from key " + key);
    }
  }

  private static JsonNode assertAnsweredWithoutServerError(APIGatewayV2HTTPResponse response) {
    JsonNode answer = HostileInputTest.json(response);
    int status = response.getStatusCode();
    assertTrue(status < 500, status + ": " + HostileInputTest.shorten(response.getBody()));
    if (status >= 400) {
      String code = answer.path("error").path("code").asText();
      assertEquals(status, ErrorCode.valueOf(code).httpStatus(), response.getBody());
      assertFalse(answer.path("error").path("message").asText().isEmpty());
      assertTrue(response.getBody().length() < 2000, "an error echoes a bounded text");
    }
    return answer;
  }

  // ---- generators ------------------------------------------------------------------------

  @Provide
  Arbitrary<String> stackNames() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            4,
            Combinators.combine(
                    Arbitraries.chars().alpha(),
                    Arbitraries.strings().alpha().numeric().withChars('-').ofMaxLength(130))
                .as((first, rest) -> first + rest)),
        Tuple.of(
            2,
            Arbitraries.of(
                "", "-", "a".repeat(128), "a".repeat(129), "../x", "..", ".", "web\u0000",
                "w\u00e9b", "web ", " web", "1web", "a--b", "web\u202E", "web\uD800", "web\n",
                "web%2F..", "web/x", "web\\x", "web?x=1", "web#x", "\u0430pple", "ＷＥＢ")),
        Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20)),
        Tuple.of(1, Arbitraries.strings().ascii().ofMaxLength(40)));
  }

  @Provide
  Arbitrary<Map<String, String>> queries() {
    Arbitrary<String> anyText =
        Arbitraries.oneOf(
            Arbitraries.strings().all().ofMaxLength(30),
            Arbitraries.strings().numeric().withChars('-', '+', 'e', '.').ofMaxLength(25),
            Arbitraries.of("1", "100", "101", "0", "-1", "20", "eyJhIjoxfQ==", "", "null"));
    Arbitrary<String> keys = Arbitraries.of("limit", "nextToken", "limit", "x", "", "LIMIT");
    return Arbitraries.maps(keys, anyText).ofMaxSize(3);
  }

  @Provide
  Arbitrary<String> s3Keys() {
    Arbitrary<String> segment =
        Arbitraries.frequencyOf(
            Tuple.of(4, stackNames().map(HostileRequestPropertyTest::urlEncoded)),
            Tuple.of(
                2,
                Arbitraries.of(
                    "..", ".", "", "%2E%2E", "%2F", "%00", "%zz", "%", "%C3%28", "%E2%80%AE",
                    "a+b", "web%0A", "stacks")),
            Tuple.of(1, Arbitraries.strings().all().ofMaxLength(10)));
    Arbitrary<String> file =
        Arbitraries.of(
            "template.yaml", "template.yml", "template.json", "deployment.yaml", "template.exe",
            "TEMPLATE.YAML", "template.yaml%00", "", "..", "x/template.yaml");
    return Arbitraries.frequencyOf(
        Tuple.of(6, Combinators.combine(segment, file).as((s, f) -> "stacks/" + s + "/" + f)),
        Tuple.of(
            2,
            segment.list().ofMaxSize(5).map(parts -> String.join("/", parts))),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(60)));
  }

  /** Request bodies: well-formed ones with hostile values, broken JSON, and noise. */
  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> text =
        Arbitraries.frequencyOf(
            Tuple.of(3, Arbitraries.strings().alpha().numeric().ofMaxLength(12)),
            Tuple.of(2, Arbitraries.strings().all().ofMaxLength(20)),
            Tuple.of(
                1,
                Arbitraries.of(
                    "", "NO", "on", "aws:x", "../../etc/passwd", "x".repeat(5000), "é".repeat(2049),
                    "\u0000", "\uD800", "\u202E")));
    Arbitrary<String> scalar =
        Arbitraries.frequencyOf(
            Tuple.of(6, text.map(HostileRequestPropertyTest::quoted)),
            Tuple.of(1, Arbitraries.of("null", "true", "false", "0", "-1", "1e999", "1.5")),
            Tuple.of(1, Arbitraries.integers().between(1, 300).map("9"::repeat)));
    Arbitrary<String> nested =
        Arbitraries.integers()
            .between(1, 1200)
            .map(depth -> "[".repeat(depth) + "]".repeat(depth));
    Arbitrary<String> value =
        Arbitraries.frequencyOf(
            Tuple.of(6, scalar),
            Tuple.of(1, nested),
            Tuple.of(1, scalar.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]")),
            Tuple.of(
                2,
                Combinators.combine(text.map(HostileRequestPropertyTest::quoted), scalar)
                    .as((k, v) -> k + ":" + v)
                    .list()
                    .ofMaxSize(4)
                    .map(l -> "{" + String.join(",", l) + "}")));
    Arbitrary<String> template =
        Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(TEMPLATE)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.of("", " ", "x".repeat(1_048_577), "a: &a [*a]")))
            .map(HostileRequestPropertyTest::quoted);
    Arbitrary<String> field =
        Arbitraries.frequencyOf(
            Tuple.of(3, stackNames().map(n -> "\"stackName\":" + quoted(n))),
            Tuple.of(3, template.map(t -> "\"templateBody\":" + t)),
            Tuple.of(2, value.map(v -> "\"parameters\":" + v)),
            Tuple.of(2, value.map(v -> "\"tags\":" + v)),
            Tuple.of(
                1,
                Combinators.combine(scalar, scalar)
                    .as(
                        (e, b) ->
                            "\"options\":{\"validation\":{\"enforcement\":"
                                + e
                                + ",\"blockAt\":"
                                + b
                                + "}}")),
            Tuple.of(1, Combinators.combine(text, value).as((k, v) -> quoted(k) + ":" + v)));
    Arbitrary<String> object =
        field.list().ofMaxSize(6).map(fields -> "{" + String.join(",", fields) + "}");
    Arbitrary<String> valid =
        Combinators.combine(stackNames(), value, value)
            .as(
                (name, parameters, tags) ->
                    "{\"stackName\":"
                        + quoted(name)
                        + ",\"templateBody\":"
                        + quoted(TEMPLATE)
                        + ",\"parameters\":"
                        + parameters
                        + ",\"tags\":"
                        + tags
                        + "}");
    Arbitrary<String> broken =
        Combinators.combine(object, Arbitraries.integers().between(0, 1000), Arbitraries.chars())
            .as(
                (json, at, c) -> {
                  int cut = Math.min(at, json.length());
                  return json.substring(0, cut) + c + json.substring(cut);
                });
    return Arbitraries.frequencyOf(
        Tuple.of(5, object),
        Tuple.of(3, valid),
        Tuple.of(2, broken),
        Tuple.of(1, Arbitraries.strings().all().ofMaxLength(50)),
        Tuple.of(1, value));
  }

  /** A JSON string literal: every character outside printable ASCII written as an escape. */
  static String quoted(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** As S3 writes a key in an event: URL-encoded, a space as '+'. */
  private static String urlEncoded(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }
}
