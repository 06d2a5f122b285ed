package dev.fogbank.shared.rules;

import dev.fogbank.shared.rules.Inspection.At;
import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.Parameter;
import dev.fogbank.shared.template.ResourceDefinition;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Secrets written into templates: FB-SECRET-001 to FB-SECRET-004. */
final class SecretRules {

  /** A name that holds a secret... */
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(password|passwd|passphrase|secret|token|api_?key|private_?key|credential"
              + "|access_?key|auth_?key).*");

  /** ...unless it names, sizes or points at one (SecretArn, TokenLength, PasswordParameter). */
  private static final Pattern SECRET_REFERENCE =
      Pattern.compile(
          "(?i).*(arn|name|id|ids|length|path|ttl|type|parameter|param|version|prefix|policy"
              + "|rotation|enabled|duration|expiry|expiration|url|uri|key_?id|source)$");

  /** A KMS key id or alias that protects a secret is not one (SecretsKMSKey). */
  private static final Pattern KMS = Pattern.compile("(?i)kms");

  /** AWS access key ids and secret keys written out in full. */
  private static final Pattern SECRET_VALUE =
      Pattern.compile("(AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----");

  /** Password properties per type, read by FB-SECRET-004. */
  private static final Map<String, List<List<String>>> PASSWORDS =
      Map.of(
          "AWS::RDS::DBInstance", List.of(List.of("MasterUserPassword")),
          "AWS::RDS::DBCluster", List.of(List.of("MasterUserPassword")),
          "AWS::Redshift::Cluster", List.of(List.of("MasterUserPassword")),
          "AWS::DocDB::DBCluster", List.of(List.of("MasterUserPassword")),
          "AWS::IAM::User", List.of(List.of("LoginProfile", "Password")),
          "AWS::DirectoryService::SimpleAD", List.of(List.of("Password")),
          "AWS::DirectoryService::MicrosoftAD", List.of(List.of("Password")),
          "AWS::ElastiCache::ReplicationGroup", List.of(List.of("AuthToken")));

  private SecretRules() {}

  static boolean looksSecret(String name) {
    return SECRET_NAME.matcher(name).matches()
        && !SECRET_REFERENCE.matcher(name).matches()
        && !KMS.matcher(name).find();
  }

  /** A value that is text written into the template, not a dynamic reference to a store. */
  private static boolean plainText(Object value) {
    return value instanceof String s && !s.isBlank() && !s.strip().startsWith("{{resolve:");
  }

  static void checkParameters(Inspection in) {
    for (Parameter p : in.template().parameters().values()) {
      // AWS::SSM::Parameter::Value<...> and other AWS types hold names and ids, not secrets.
      if (!p.type().equals(Parameter.STRING) || !looksSecret(p.name())) {
        continue;
      }
      String path = "Parameters." + p.name();
      if (plainText(p.defaultValue())) {
        in.report(
            "FB-SECRET-001",
            null,
            path + ".Default",
            "parameter "
                + p.name()
                + " has a plain-text Default, which anyone who can read the template sees:"
                + " remove the Default and pass the value at deploy time, or use a"
                + " {{resolve:secretsmanager:...}} dynamic reference where it is used");
      }
      if (!p.noEcho()) {
        in.report(
            "FB-SECRET-002",
            null,
            path,
            "parameter "
                + p.name()
                + " looks like a secret but has no NoEcho: true, so CloudFormation shows its"
                + " value in the console and API: add NoEcho: true");
      }
    }
  }

  static void check(Inspection in, ResourceDefinition<?> r) {
    switch (r.type()) {
      case "AWS::Lambda::Function", "AWS::Serverless::Function" -> {
        for (At vars : in.property(r, "Environment", "Variables")) {
          if (vars.value() instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
              String name = String.valueOf(e.getKey());
              String path = vars.path() + "." + name;
              for (At value : literals(e.getValue(), path, vars.conditional())) {
                environment(in, r, name, value, "function");
              }
            }
          }
        }
      }
      case "AWS::ECS::TaskDefinition" -> {
        for (At container : in.items(in.property(r, "ContainerDefinitions"))) {
          for (At variable : in.items(in.get(List.of(container), "Environment"))) {
            if (variable.value() instanceof Map<?, ?> map && map.get("Name") instanceof String n) {
              for (At value :
                  literals(map.get("Value"), variable.path() + ".Value", variable.conditional())) {
                environment(in, r, n, value, "container");
              }
            }
          }
        }
      }
      default -> {}
    }
    for (List<String> keys : PASSWORDS.getOrDefault(r.type(), List.of())) {
      password(in, r, keys);
    }
  }

  /**
   * The text written at {@code raw}, in each branch of an Fn::If. A Ref to a parameter is not
   * listed: the parameter rules judge its Default and NoEcho.
   */
  private static List<At> literals(Object raw, String path, boolean conditional) {
    if (raw instanceof String s) {
      return List.of(new At(s, path, conditional));
    }
    if (raw instanceof Intrinsic.If fnIf) {
      List<At> out = new java.util.ArrayList<>();
      out.addAll(literals(fnIf.whenTrue(), path + ".Fn::If[1]", true));
      out.addAll(literals(fnIf.whenFalse(), path + ".Fn::If[2]", true));
      return out;
    }
    return List.of();
  }

  private static void environment(
      Inspection in, ResourceDefinition<?> r, String name, At value, String kind) {
    String text = (String) value.value();
    if (!plainText(text)) {
      return;
    }
    boolean secretValue = SECRET_VALUE.matcher(text).find();
    if (looksSecret(name) || secretValue) {
      in.report(
          "FB-SECRET-003",
          r.logicalId(),
          value,
          r.logicalId()
              + "'s "
              + kind
              + " environment variable "
              + name
              + (secretValue ? " holds a credential" : " looks like a secret and is plain text")
              + ", readable by anyone who can read the "
              + kind
              + "'s configuration: read it at run time from Secrets Manager or SSM"
              + (kind.equals("container") ? " (the container definition's Secrets)" : ""));
    }
  }

  private static void password(Inspection in, ResourceDefinition<?> r, List<String> keys) {
    Object raw = r.properties();
    for (String key : keys) {
      raw = raw instanceof Map<?, ?> m ? m.get(key) : null;
    }
    String where = String.join(".", keys);
    if (plainText(raw)) {
      in.report(
          "FB-SECRET-004",
          r.logicalId(),
          Inspection.resourcePath(r) + ".Properties." + where,
          r.logicalId()
              + "'s "
              + where
              + " is written in the template: use a {{resolve:secretsmanager:...}} dynamic"
              + " reference (or ManageMasterUserPassword where the type has it)");
    } else if (raw instanceof Intrinsic.Ref ref
        && in.template().parameters().get(ref.target()) instanceof Parameter p
        && p.defaultValue() != null
        && !p.noEcho()) {
      in.report(
          "FB-SECRET-004",
          r.logicalId(),
          Inspection.resourcePath(r) + ".Properties." + where,
          r.logicalId()
              + "'s "
              + where
              + " comes from parameter "
              + p.name()
              + ", which has a Default and no NoEcho: use a {{resolve:secretsmanager:...}}"
              + " dynamic reference, or remove the Default and set NoEcho: true");
    }
  }
}
