package dev.fogbank.shared.deploy;

import java.time.Instant;

/**
 * A person's decision on a reviewed change set, as history keeps it.
 *
 * @param decision APPROVED or REJECTED
 * @param by who decided (the API caller)
 * @param reason why (required to reject; optional to approve)
 */
public record ApprovalDecision(String decision, String by, Instant at, String reason) {
  public static final String APPROVED = "APPROVED";
  public static final String REJECTED = "REJECTED";
}
