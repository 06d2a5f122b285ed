package dev.fogbank.shared.validation;

import dev.fogbank.shared.template.Parameter;
import dev.fogbank.shared.template.SourceTemplate;
import dev.fogbank.shared.template.TextPosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Something a template expects to exist in the account before CloudFormation resolves it: a
 * dynamic reference ({@code {{resolve:ssm:NAME[:version]}}}, {@code {{resolve:ssm-secure:...}}},
 * {@code {{resolve:secretsmanager:ID[:...]}}}) or the value of an {@code
 * AWS::SSM::Parameter::Value<...>} parameter.
 *
 * @param id what to look up: a parameter name (with {@code :version} when written so) or ARN, or a
 *     secret's name or ARN
 * @param versionStage for a secret, the version stage written in the reference (or null)
 * @param versionId for a secret, the version id written in the reference (or null)
 * @param written how the template says it, for messages
 */
public record AccountReference(
    Kind kind,
    String id,
    String versionStage,
    String versionId,
    String written,
    TextPosition position) {

  /** What kind of thing it points at. */
  public enum Kind {
    SSM_PARAMETER,
    SECRET
  }

  private static final Pattern DYNAMIC =
      Pattern.compile("\\{\\{resolve:(ssm|ssm-secure|secretsmanager):([^{}\\s]{1,2048})}}");

  /** An ARN's fixed parts: arn:partition:service:region:account:resource. */
  private static final int SECRET_ARN_PARTS = 7;

  private static final String SSM_VALUE_TYPE = "AWS::SSM::Parameter::Value<";

  /**
   * Every reference in the template's text (anywhere: CloudFormation resolves them in resource
   * properties, outputs and metadata alike) and in its SSM parameter types' values, with its line
   * and column. A reference built at deploy time (holding {@code ${...}}) cannot be checked
   * before, and is left to CloudFormation.
   */
  public static List<AccountReference> find(
      byte[] body, SourceTemplate read, Map<String, String> parameters) {
    List<AccountReference> found = new ArrayList<>();
    String text = new String(body, StandardCharsets.UTF_8);
    Matcher m = DYNAMIC.matcher(text);
    while (m.find()) {
      String service = m.group(1);
      String rest = m.group(2);
      if (rest.contains("${")) {
        continue;
      }
      TextPosition at = TextPosition.ofChar(text, m.start());
      found.add(
          service.equals("secretsmanager")
              ? secret(rest, m.group(), at)
              : new AccountReference(Kind.SSM_PARAMETER, rest, null, null, m.group(), at));
    }
    for (Parameter p : read.template().parameters().values()) {
      if (!p.type().startsWith(SSM_VALUE_TYPE)) {
        continue;
      }
      String value = parameters.get(p.name());
      if (value == null && p.defaultValue() != null) {
        value = String.valueOf(p.defaultValue());
      }
      if (value == null || value.isBlank()) {
        continue; // ParameterCheck reports a parameter without a value
      }
      found.add(
          new AccountReference(
              Kind.SSM_PARAMETER,
              value,
              null,
              null,
              "parameter " + p.name() + " (" + p.type() + ") = " + value,
              read.positionOf("Parameters." + p.name())));
    }
    return found;
  }

  /** {@code secret-id:SecretString:json-key:version-stage:version-id}; the id may be an ARN. */
  private static AccountReference secret(String rest, String written, TextPosition at) {
    String[] parts = rest.split(":", -1);
    int idParts = rest.startsWith("arn:") ? Math.min(SECRET_ARN_PARTS, parts.length) : 1;
    String id = String.join(":", java.util.Arrays.copyOfRange(parts, 0, idParts));
    // After the id: SecretString, json-key, version-stage, version-id (each may be empty).
    String stage = part(parts, idParts + 2);
    String versionId = part(parts, idParts + 3);
    return new AccountReference(Kind.SECRET, id, stage, versionId, written, at);
  }

  private static String part(String[] parts, int index) {
    return index < parts.length && !parts[index].isEmpty() ? parts[index] : null;
  }

  /** {@code {{resolve:ssm:/app/db}} (line 7, column 18)}. */
  public String describe() {
    return written + (position == null ? "" : " (" + position + ")");
  }
}
