package dev.fogbank.shared.stack;

/** Which form of a deployed template to read. */
public enum TemplateStage {
  /** As submitted (YAML or JSON). */
  ORIGINAL,
  /** After CloudFormation expanded its transforms (SAM, macros, language extensions). */
  PROCESSED
}
