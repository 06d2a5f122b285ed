package dev.fogbank.infrastructure.bootstrap;

/** Which AWS account the credentials belong to. */
@FunctionalInterface
public interface AccountLookup {
  String accountId();
}
