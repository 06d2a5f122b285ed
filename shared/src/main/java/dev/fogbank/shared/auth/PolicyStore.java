package dev.fogbank.shared.auth;

import java.util.Optional;

/** Where the authorization policy is kept: one document, replaced whole by an admin. */
public interface PolicyStore {
  /** The stored policy; empty before the first write (bootstrap seeds one). */
  Optional<AccessPolicy> read();

  /** Replaces the policy; {@code by} (the admin's principal) is kept with it. */
  void write(AccessPolicy policy, String by);

  /** Stores {@code policy} only if none is stored yet (bootstrap's seed); false if one was. */
  boolean writeIfAbsent(AccessPolicy policy, String by);
}
