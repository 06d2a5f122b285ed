package dev.fogbank.infrastructure.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.auth.AccessPolicy;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.DynamoDbPolicyStore;
import dev.fogbank.shared.testing.DynamoDbLocalExtension;
import dev.fogbank.shared.testing.DynamoDbLocalExtension.ControlTableName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@ExtendWith(DynamoDbLocalExtension.class)
class PolicySeedTest {
  private static final String SESSION =
      "arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice@example.com";

  @Test
  void seedIfAbsent_whenAssumedRole_thenEverySessionOfTheRoleIsAdmin(
      DynamoDbClient dynamoDb, @ControlTableName String table) {
    DynamoDbPolicyStore store = DynamoDbPolicyStore.create(dynamoDb, table);

    assertTrue(PolicySeed.seedIfAbsent(store, SESSION).isPresent());

    AccessPolicy stored = store.read().orElseThrow();
    assertTrue(
        stored
            .callerFor("arn:aws:sts::123456789012:assumed-role/PlatformAdmin/bob")
            .mayEverywhere(Action.ADMIN));
    assertTrue(
        stored
            .callerFor("arn:aws:sts::123456789012:assumed-role/Other/alice")
            .grants()
            .isEmpty());
  }

  @Test
  void seedIfAbsent_whenAPolicyIsStored_thenItIsKept(
      DynamoDbClient dynamoDb, @ControlTableName String table) {
    DynamoDbPolicyStore store = DynamoDbPolicyStore.create(dynamoDb, table);
    AccessPolicy existing =
        AccessPolicy.fromJson(
            "{\"statements\": [{\"principal\": \"arn:aws:iam::123456789012:user/ops\","
                + " \"stacks\": [\"*\"], \"actions\": [\"admin\"]}]}");
    store.write(existing, "ops");

    assertTrue(PolicySeed.seedIfAbsent(store, SESSION).isEmpty());

    assertEquals(existing, store.read().orElseThrow());
  }

  @Test
  void principalPattern_whenUserOrRoot_thenTheArnItself() {
    assertEquals(
        "arn:aws:iam::123456789012:user/ops",
        PolicySeed.principalPattern("arn:aws:iam::123456789012:user/ops"));
    assertEquals(
        "arn:aws-us-gov:sts::123456789012:assumed-role/Admin/*",
        PolicySeed.principalPattern("arn:aws-us-gov:sts::123456789012:assumed-role/Admin/s1"));
  }
}
