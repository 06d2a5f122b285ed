package dev.fogbank.shared.stack;

import java.util.Objects;

/** A stack in one account and region: the unit that is locked and that history is kept for. */
public record StackRef(String account, String region, String name) {
  public StackRef {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(name, "name");
  }

  public static StackRef of(String account, String region, String name) {
    return new StackRef(account, region, name);
  }

  /** The table partition key of this stack's items. */
  public String partitionKey() {
    return "STACK#" + account + "#" + region + "#" + name;
  }
}
