package dev.fogbank.shared.rules;

import dev.fogbank.shared.rules.Inspection.At;
import dev.fogbank.shared.template.ResourceDefinition;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** IAM policies, wherever they are written: FB-IAM-001 to FB-IAM-009. */
final class IdentityRules {

  /** Types whose Properties.Policies[].PolicyDocument are inline identity policies. */
  private static final Set<String> WITH_INLINE_POLICIES =
      Set.of("AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group");

  /** Types whose Properties.PolicyDocument is one identity policy. */
  private static final Set<String> POLICIES =
      Set.of(
          "AWS::IAM::Policy",
          "AWS::IAM::ManagedPolicy",
          "AWS::IAM::RolePolicy",
          "AWS::IAM::UserPolicy",
          "AWS::IAM::GroupPolicy");

  private static final List<String> ADMIN_POLICIES =
      List.of(":policy/AdministratorAccess", ":policy/IAMFullAccess");

  /** Actions that let a principal grant itself more than it was given. */
  private static final List<String> ESCALATION =
      List.of(
          "iam:CreatePolicyVersion",
          "iam:SetDefaultPolicyVersion",
          "iam:AttachUserPolicy",
          "iam:AttachRolePolicy",
          "iam:AttachGroupPolicy",
          "iam:PutUserPolicy",
          "iam:PutRolePolicy",
          "iam:PutGroupPolicy",
          "iam:UpdateAssumeRolePolicy",
          "iam:CreateAccessKey",
          "iam:CreateLoginProfile",
          "iam:UpdateLoginProfile",
          "iam:AddUserToGroup");

  /** Actions FB-IAM-006 to 008 report by name, in lower case. */
  private static final Set<String> NAMED_ABOVE =
      java.util.stream.Stream.concat(
              ESCALATION.stream(), java.util.stream.Stream.of("iam:PassRole", "sts:AssumeRole"))
          .map(a -> a.toLowerCase(Locale.ROOT))
          .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** Verbs of actions that read; anything else (and a wildcard verb) may write. */
  private static final List<String> READ_VERBS =
      List.of(
          "get",
          "list",
          "describe",
          "batchget",
          "batchcheck",
          "check",
          "head",
          "query",
          "scan",
          "view",
          "lookup",
          "search",
          "select",
          "filter",
          "read");

  /**
   * Write actions that accept no resource but "*" (AWS's service authorization reference lists no
   * resource type for them), so Resource: * is the only way to grant them: the Systems Manager and
   * CloudWatch agents', X-Ray's and metrics'. Tuned from the corpus report in docs/rules.md.
   */
  private static final List<String> ONLY_ON_EVERY_RESOURCE =
      List.of(
          "cloudwatch:putmetricdata",
          "xray:puttracesegments",
          "xray:puttelemetryrecords",
          "ssmmessages:*",
          "ssmmessages:createcontrolchannel",
          "ssmmessages:createdatachannel",
          "ssmmessages:opencontrolchannel",
          "ssmmessages:opendatachannel",
          "ec2messages:*",
          "ec2messages:acknowledgemessage",
          "ec2messages:deletemessage",
          "ec2messages:failmessage",
          "ec2messages:sendreply",
          "ssm:updateinstanceinformation");

  private IdentityRules() {}

  static void check(Inspection in, ResourceDefinition<?> r) {
    if (WITH_INLINE_POLICIES.contains(r.type())) {
      for (At policy : in.items(in.property(r, "Policies"))) {
        statements(in, r, in.get(List.of(policy), "PolicyDocument"));
      }
      for (At arn : in.items(in.property(r, "ManagedPolicyArns"))) {
        String value = Inspection.text(arn);
        if (value != null && ADMIN_POLICIES.stream().anyMatch(value::endsWith)) {
          in.report(
              "FB-IAM-005",
              r.logicalId(),
              arn,
              r.logicalId()
                  + " is given "
                  + value.substring(value.lastIndexOf('/') + 1)
                  + ", full control of the account: attach a policy with the actions and"
                  + " resources it needs");
        }
      }
    } else if (POLICIES.contains(r.type())) {
      statements(in, r, in.property(r, "PolicyDocument"));
    }
    if (r.type().equals("AWS::IAM::Role")) {
      for (PolicyStatement s : PolicyStatement.of(in, in.property(r, "AssumeRolePolicyDocument"))) {
        if (s.allows() && !s.conditioned() && s.anyPrincipal(in)) {
          in.report(
              "FB-IAM-009",
              r.logicalId(),
              s.at(),
              r.logicalId()
                  + " can be assumed by any AWS principal (Principal *): name the accounts,"
                  + " roles or services that may assume it, or add a Condition such as"
                  + " aws:PrincipalOrgID");
        }
      }
    }
  }

  private static void statements(Inspection in, ResourceDefinition<?> r, List<At> documents) {
    String id = r.logicalId();
    for (PolicyStatement s : PolicyStatement.of(in, documents)) {
      if (!s.allows()) {
        continue;
      }
      if (s.notAction()) {
        in.report(
            "FB-IAM-003",
            id,
            s.at(),
            id
                + " allows NotAction, which grants every action not listed (including ones AWS"
                + " adds later): list the allowed actions in Action instead");
      }
      if (s.notResource()) {
        in.report(
            "FB-IAM-004",
            id,
            s.at(),
            id
                + " allows NotResource, which grants every resource not listed: list the"
                + " resources in Resource instead");
      }
      if (s.actions().contains("*") || s.actions().contains("*:*")) {
        in.report(
            "FB-IAM-001",
            id,
            s.at(),
            id
                + " allows every action (Action: *)"
                + (s.anyResource() ? " on every resource, which is administrator access" : "")
                + ": list the actions it needs");
        continue; // the narrower rules below would repeat the same statement
      }
      boolean wildcardResource = s.resources().stream().anyMatch(res -> res.contains("*"));
      if (s.anyResource() && s.covers("iam:PassRole")) {
        in.report(
            "FB-IAM-006",
            id,
            s.at(),
            id
                + " allows iam:PassRole on every role (Resource: *), so it can hand any role,"
                + " an administrator's included, to a service it controls: name the roles");
      }
      if (wildcardResource) {
        List<String> escalations = ESCALATION.stream().filter(s::covers).toList();
        if (!escalations.isEmpty()) {
          in.report(
              "FB-IAM-007",
              id,
              s.at(),
              id
                  + " allows "
                  + String.join(", ", escalations)
                  + " on "
                  + s.resources()
                  + ", which lets it grant itself more permissions: remove them or name the"
                  + " exact users, roles, groups and policies");
        }
      }
      if (s.anyResource() && s.covers("sts:AssumeRole")) {
        in.report(
            "FB-IAM-008",
            id,
            s.at(),
            id
                + " allows sts:AssumeRole on every role (Resource: *): name the roles it may"
                + " assume");
      }
      if (s.anyResource()) {
        // An action a narrower rule above names (iam:PassRole, sts:AssumeRole, an escalation) is
        // not repeated; a wildcard such as iam:* still is, since it grants far more than those.
        List<String> writes =
            s.actions().stream()
                .filter(IdentityRules::mayWrite)
                .filter(a -> a.contains("*") || !NAMED_ABOVE.contains(a.toLowerCase(Locale.ROOT)))
                .toList();
        if (!writes.isEmpty()) {
          in.report(
              "FB-IAM-002",
              id,
              s.at(),
              id
                  + " allows "
                  + String.join(", ", writes)
                  + " on every resource (Resource: *):"
                  + " name the resources (ARNs) it writes to");
        }
      }
    }
  }

  private static boolean mayWrite(String action) {
    if (ONLY_ON_EVERY_RESOURCE.contains(action.toLowerCase(Locale.ROOT))) {
      return false;
    }
    int colon = action.indexOf(':');
    String verb = action.substring(colon + 1).toLowerCase(Locale.ROOT);
    if (verb.isEmpty() || verb.startsWith("*")) {
      return true;
    }
    return READ_VERBS.stream().noneMatch(verb::startsWith);
  }
}
