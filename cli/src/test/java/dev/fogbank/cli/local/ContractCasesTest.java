package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.testing.OpenApiContract;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every operation of docs/api/openapi.yaml has contract cases, one of them a success. */
class ContractCasesTest {
  /**
   * Continuing a rollback needs a stack in UPDATE_ROLLBACK_FAILED, which the emulator cannot
   * produce: its cases are the documented errors only (404, 409, 400, 403).
   */
  private static final Set<String> NO_SUCCESS_ON_THE_EMULATOR = Set.of("continueStackRollback");

  @Test
  void cases_whenComparedWithTheDocument_thenEveryOperationHasASuccessCase() {
    Set<String> documented = new TreeSet<>(OpenApiContract.project().operations().keySet());
    Set<String> succeeding =
        ContractCases.all().stream()
            .filter(c -> c.status() < 300)
            .map(ContractCases.Case::operationId)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> cased =
        ContractCases.all().stream()
            .map(ContractCases.Case::operationId)
            .collect(Collectors.toCollection(TreeSet::new));

    Set<String> uncased = new TreeSet<>(documented);
    uncased.removeAll(cased);
    Set<String> missing = new TreeSet<>(documented);
    missing.removeAll(succeeding);
    missing.removeAll(NO_SUCCESS_ON_THE_EMULATOR);
    Set<String> unknown = new TreeSet<>(cased);
    unknown.removeAll(documented);
    assertTrue(uncased.isEmpty(), "operations with no contract case: " + uncased);
    assertTrue(missing.isEmpty(), "operations with no successful contract case: " + missing);
    assertTrue(unknown.isEmpty(), "contract cases for operations not documented: " + unknown);
  }
}
