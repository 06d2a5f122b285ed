package dev.fogbank.shared.estimate;

/** How many of the template's resources the estimate priced, by {@link ResourceEstimate.Status}. */
public record Coverage(int priced, int usageBased, int free, int notCreated, int unknown) {
  public int total() {
    return priced + usageBased + free + notCreated + unknown;
  }
}
