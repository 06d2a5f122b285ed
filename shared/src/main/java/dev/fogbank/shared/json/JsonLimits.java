package dev.fogbank.shared.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.fogbank.shared.template.TemplateLimits;

/**
 * The limits every JSON read through {@link Json} applies, declared once: a hostile document (deep
 * nesting, a huge number, a huge key or string) is refused by the parser before it costs memory or
 * reaches code that assumes sane input. A refusal is a {@code StreamConstraintsException}, which
 * the API answers as a 400 {@code INVALID_REQUEST} naming the limit.
 */
public final class JsonLimits {

  /** Nesting of objects and arrays: the same bound as for templates. */
  public static final int MAX_DEPTH = TemplateLimits.MAX_DEPTH;

  /**
   * Digits of one number. The longest legitimate figure fogbank reads is a price or a usage
   * quantity; 5,000-digit numbers only cost BigDecimal time.
   */
  public static final int MAX_NUMBER_LENGTH = 100;

  /**
   * Characters of one object key. API keys are far shorter (parameter names 255, tag keys 128);
   * a template's Metadata may hold long ones, which YAML would accept too.
   */
  public static final int MAX_NAME_LENGTH = 10_000;

  /**
   * Characters of one string value: a template body as JSON text, escapes included, fits twice
   * over (CloudFormation's template limit is 1 MiB).
   */
  public static final int MAX_STRING_LENGTH = 4 * TemplateLimits.MAX_TEMPLATE_BYTES;

  /**
   * Characters of one document. API Gateway's payload limit (10 MB); the API refuses bodies over
   * 2 MiB before parsing them at all.
   */
  public static final long MAX_DOCUMENT_LENGTH = 10L * 1024 * 1024;

  private JsonLimits() {}

  /** The limits as Jackson's constraints. */
  public static StreamReadConstraints constraints() {
    return StreamReadConstraints.builder()
        .maxNestingDepth(MAX_DEPTH)
        .maxNumberLength(MAX_NUMBER_LENGTH)
        .maxNameLength(MAX_NAME_LENGTH)
        .maxStringLength(MAX_STRING_LENGTH)
        .maxDocumentLength(MAX_DOCUMENT_LENGTH)
        .build();
  }

  /**
   * Which limit a document broke, in a sentence for the caller (Jackson's own text names its
   * classes and methods, which callers should not see).
   */
  public static String describe(StreamConstraintsException e) {
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Document nesting depth") || message.contains("NestingDepth")) {
      return "nested deeper than " + MAX_DEPTH + " levels";
    }
    if (message.startsWith("Number value length") || message.contains("NumberLength")) {
      return "a number is longer than " + MAX_NUMBER_LENGTH + " digits";
    }
    if (message.startsWith("Name length") || message.contains("NameLength")) {
      return "a key is longer than " + MAX_NAME_LENGTH + " characters";
    }
    if (message.startsWith("String value length") || message.contains("StringLength")) {
      return "a string is longer than " + MAX_STRING_LENGTH + " characters";
    }
    if (message.startsWith("Document length") || message.contains("DocumentLength")) {
      return "longer than " + MAX_DOCUMENT_LENGTH + " characters";
    }
    return "over a size limit";
  }
}
