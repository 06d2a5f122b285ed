package fogbank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.ErrorCode;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** Every error code has a failure whose class name is the name state machines match. */
class FunctionFailureTest {

  @Test
  void of_whenEveryErrorCode_thenClassNameIsTheCodesErrorName() {
    for (ErrorCode code : ErrorCode.values()) {
      FunctionFailure failure = FunctionFailure.of(code, "why it failed");

      // The Java Lambda runtime reports getClass().getName() as the error type.
      assertEquals(code.errorName(), failure.getClass().getName(), code.name());
      assertEquals(code, failure.code());
      assertEquals("why it failed", failure.getMessage());
      assertTrue(Modifier.isFinal(failure.getClass().getModifiers()), code.name());
    }
  }

  @Test
  void of_whenCreated_thenCapturesNoStackTrace() {
    FunctionFailure failure = FunctionFailure.of(ErrorCode.INTERNAL, "x");

    // Lambda would print the trace into the Cause that history and the API show.
    assertEquals(0, failure.getStackTrace().length);
  }

  @Test
  void of_whenMessageMissing_thenStillCarriesCodeAndAReason() {
    FunctionFailure failure = FunctionFailure.of(ErrorCode.LOCKED, null);

    assertEquals("fogbank.LOCKED", failure.getClass().getName());
    assertNotNull(failure.getMessage());
    assertEquals("no reason given", failure.getMessage());
  }

  @Test
  void of_whenCodeMissing_thenNullPointerNamingIt() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> FunctionFailure.of(null, "x"));

    assertEquals("code", e.getMessage());
  }
}
