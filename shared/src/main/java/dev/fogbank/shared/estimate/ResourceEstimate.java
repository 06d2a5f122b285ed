package dev.fogbank.shared.estimate;

import java.math.BigDecimal;
import java.util.List;

/**
 * The estimate of one resource of the template.
 *
 * @param service the AWS service it is billed under, e.g. {@code EC2}
 * @param monthly USD a month of its priced parts (null when not priced)
 * @param annual twelve months of {@code monthly}
 * @param notes why it is not (fully) priced, and the assumptions made
 */
public record ResourceEstimate(
    String logicalId,
    String type,
    String service,
    Status status,
    BigDecimal monthly,
    BigDecimal annual,
    List<CostLine> lines,
    List<String> notes) {

  public ResourceEstimate {
    lines = List.copyOf(lines);
    notes = List.copyOf(notes);
  }

  /** How far fogbank could price the resource. */
  public enum Status {
    /** Every fixed part priced (usage parts, if any, priced from assumptions or listed). */
    PRICED,
    /** Billed by usage and no usage assumption given: listed with unit prices, not as $0. */
    USAGE_BASED,
    /** AWS does not charge for the resource itself (IAM, VPC, subnets, security groups, ...). */
    FREE,
    /** Its Condition is false for these parameters: not created. */
    NOT_CREATED,
    /** Not priced: a type fogbank does not price, a value or price it could not find. */
    UNKNOWN
  }
}
