package dev.fogbank.shared.review;

import dev.fogbank.shared.rules.Severity;
import java.util.List;

/**
 * One resource change of a change set, reviewed.
 *
 * @param action Add, Modify, Remove, Import or Dynamic, as the change set says
 * @param replacement TRUE, CONDITIONAL or FALSE (FALSE for additions, removals and imports)
 * @param replacementSource where {@code replacement} comes from: "change set" when CloudFormation
 *     said it, "template diff" when fogbank computed it from the templates
 * @param properties what changes, riskiest first
 * @param risk how bad it would be if this went wrong
 * @param reason the risk and the replacement explained in words
 */
public record ReviewedChange(
    String action,
    String logicalId,
    String resourceType,
    Replacement replacement,
    String replacementSource,
    List<PropertyChange> properties,
    Severity risk,
    String reason) {

  public ReviewedChange {
    properties = List.copyOf(properties);
  }
}
