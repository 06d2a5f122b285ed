package dev.fogbank.shared.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker itself: documented answers pass; an undocumented field, status or type fails. */
class OpenApiContractTest {
  private static final String DEPLOYMENT =
      "{\"deploymentId\":\"d-1\",\"stackName\":\"web\",\"account\":\"123456789012\","
          + "\"region\":\"us-east-1\",\"status\":\"QUEUED\",\"source\":\"api\","
          + "\"requestedAt\":\"2026-12-07T02:00:00Z\"";

  private final OpenApiContract contract = OpenApiContract.project();

  @Test
  void problems_whenDocumentedAnswer_thenNone() {
    assertEquals(
        List.of(),
        contract.problems("getDeployment", 200, "application/json", DEPLOYMENT + "}"));
    assertEquals(
        List.of(),
        contract.problems(
            "getDeployment", 404, "application/json",
            "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no deployment\"}}"));
  }

  @Test
  void problems_whenAnUndocumentedField_thenNamed() {
    List<String> problems =
        contract.problems("getDeployment", 200, "application/json", DEPLOYMENT + ",\"x\":1}");

    assertTrue(problems.toString().contains("'x'"), problems::toString);
  }

  @Test
  void problems_whenAnUndocumentedFieldInAnError_thenNamed() {
    List<String> problems =
        contract.problems(
            "getDeployment", 404, "application/json",
            "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"m\",\"hint\":\"h\"}}");

    assertTrue(problems.toString().contains("'hint'"), problems::toString);
  }

  @Test
  void problems_whenAnUndocumentedStatus_thenSaid() {
    List<String> problems =
        contract.problems("getHealth", 418, "application/json", "{\"status\":\"ok\"}");

    assertTrue(problems.toString().contains("does not list"), problems::toString);
  }

  @Test
  void problems_whenWrongTypeOrEnumOrContentType_thenSaid() {
    assertTrue(
        !contract
            .problems("getDeployment", 200, "application/json",
                DEPLOYMENT.replace("QUEUED", "DONE") + "}")
            .isEmpty());
    assertTrue(
        !contract
            .problems("getDeployment", 404, "application/json",
                "{\"error\":{\"code\":\"NOPE\",\"message\":\"m\"}}")
            .isEmpty());
    assertTrue(!contract.problems("getHealth", 200, "text/html", "<p>ok</p>").isEmpty());
  }
}
