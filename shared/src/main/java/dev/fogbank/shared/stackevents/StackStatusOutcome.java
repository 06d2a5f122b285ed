package dev.fogbank.shared.stackevents;

/** What the stack-events function did with one delivery of a Stack Status Change event. */
public enum StackStatusOutcome {
  /** First delivery of a status that needs a person: claimed, and the notification published. */
  NOTIFIED,
  /**
   * First delivery of a status that ends an operation nobody needs to hear about, and a deployment
   * waited on the stack: claimed, and that deployment resumed.
   */
  RESUMED,
  /** First delivery of a status nobody needs to hear about: claimed only. */
  RECORDED,
  /** The event was already claimed by an earlier (or concurrent) delivery: nothing done. */
  DUPLICATE,
  /**
   * First delivery of a status that needs a person, but it failed a fogbank deployment whose own
   * failure message was claimed first (NOTIFY#<deploymentId>#FAILED): claimed, nothing published.
   */
  ANNOUNCED_BY_DEPLOYMENT
}
