package dev.fogbank.shared.review;

import java.util.List;

/**
 * An exported output of the stack this deployment affects, and who imports it.
 *
 * @param exportName the export's name; null when it cannot be resolved without deploying
 * @param importers the stacks that import it (CloudFormation ListImports); empty when none does or
 *     the name is unknown
 * @param blocks whether the deployment must not run: CloudFormation refuses to remove, rename or
 *     change an export another stack imports, and would fail the update part-way
 */
public record ExportImpact(
    String outputKey,
    String exportName,
    Kind kind,
    List<String> importers,
    boolean blocks,
    String reason) {

  public enum Kind {
    /** The new template no longer exports it. */
    REMOVED,
    /** The same output exports under another name: the old name goes. */
    RENAMED,
    /** Its value will change. */
    VALUE_CHANGES,
    /** Its value may change: it refers to something this deployment changes. */
    VALUE_MAY_CHANGE
  }

  public ExportImpact {
    importers = List.copyOf(importers);
  }
}
