package dev.fogbank.shared.cost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * Cost Explorer's answer for a range of days, grouped by the stack-name cost allocation tag.
 *
 * @param byStack one entry per stack name and day (the tag's value is never empty here)
 * @param untagged per day, what had no stack-name tag (costs not from a stack); unit of the first
 * @param requests how many GetCostAndUsage requests (pages) the answer took; each costs $0.01
 */
public record DailyCosts(List<Entry> byStack, List<Entry> untagged, int requests) {
  public DailyCosts {
    byStack = List.copyOf(byStack);
    untagged = List.copyOf(untagged);
  }

  /** One group of one day; {@code stackName} is empty for the untagged group. */
  public record Entry(String stackName, LocalDate day, BigDecimal amount, String unit) {
    public Entry {
      Objects.requireNonNull(stackName, "stackName");
      Objects.requireNonNull(day, "day");
      Objects.requireNonNull(amount, "amount");
      Objects.requireNonNull(unit, "unit");
    }
  }
}
