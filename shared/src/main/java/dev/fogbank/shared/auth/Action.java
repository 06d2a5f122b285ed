package dev.fogbank.shared.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a caller may do to a stack. {@link #ADMIN} includes every other action. */
public enum Action {
  /** Read deployments, history, locks, costs. */
  READ,
  /** Start, roll back or cancel a deployment. */
  DEPLOY,
  /** Approve or reject a deployment waiting for approval. */
  APPROVE,
  /** Take and release one's own manual lock. */
  UNLOCK,
  /** Everything, and on the {@code *} pattern: force-release locks and manage the policy. */
  ADMIN;

  /** The name in policies and token files: lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code read}, {@code deploy}, ...; anything else is refused with the allowed names. */
  public static Action parse(String wireName) {
    for (Action action : values()) {
      if (action.wireName().equals(wireName)) {
        return action;
      }
    }
    throw new IllegalArgumentException(
        "unknown action '" + wireName + "': allowed are "
            + Arrays.stream(values()).map(Action::wireName).collect(Collectors.joining(", ")));
  }
}
