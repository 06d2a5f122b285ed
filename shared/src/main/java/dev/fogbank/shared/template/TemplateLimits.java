package dev.fogbank.shared.template;

import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The limits every fogbank read of a template or a deployment manifest applies, declared once:
 * hostile input (alias bombs, deep nesting, huge files) is refused before it costs much.
 */
public final class TemplateLimits {

  /** CloudFormation's limit for a template passed through S3 (1 MiB). */
  public static final int MAX_TEMPLATE_BYTES = 1_048_576;

  /** Aliases of mappings or lists; a few are normal, thousands are a "billion laughs". */
  public static final int MAX_ALIASES = 20;

  /** Nesting of mappings and lists. */
  public static final int MAX_DEPTH = 100;

  /**
   * Size budget of the read tree (nodes plus characters). A template without aliases stays far
   * below it; only aliases of large scalars, which SnakeYAML does not count, can reach it.
   */
  public static final long MAX_EXPANDED_UNITS = 4L * MAX_TEMPLATE_BYTES;

  /** Short-form tags whose long form is {@code Fn::<Name>}. */
  public static final Set<String> FN_TAGS =
      Set.of(
          "And",
          "Base64",
          "Cidr",
          "Contains",
          "EachMemberEquals",
          "EachMemberIn",
          "Equals",
          "FindInMap",
          "ForEach",
          "GetAZs",
          "GetAtt",
          "If",
          "ImportValue",
          "Join",
          "Length",
          "Not",
          "Or",
          "RefAll",
          "Select",
          "Split",
          "Sub",
          "ToJsonString",
          "Transform",
          "ValueOf",
          "ValueOfAll");

  private TemplateLimits() {}

  /** SnakeYAML's options with these limits; a new instance each call (LoaderOptions is mutable). */
  static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    // Code points never exceed bytes, so the byte limit (checked first) is the real bound.
    options.setCodePointLimit(MAX_TEMPLATE_BYTES + 1024);
    options.setProcessComments(false);
    return options;
  }
}
