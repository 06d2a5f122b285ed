package dev.fogbank.shared.cost;

/** Where each stack's daily cost is kept (the control table). */
public interface CostLedger {
  /** Writes the day's cost of the stack; writing the same stack and day again replaces it. */
  void record(StackDayCost cost);
}
