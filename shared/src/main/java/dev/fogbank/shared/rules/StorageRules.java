package dev.fogbank.shared.rules;

import dev.fogbank.shared.rules.Inspection.At;
import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.ResourceDefinition;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * S3 buckets (FB-S3-001 to FB-S3-007), and the resource policies of buckets, queues and topics that
 * let anyone in (FB-S3-003, FB-SQS-002, FB-SNS-002).
 */
final class StorageRules {

  private static final String BUCKET = "AWS::S3::Bucket";
  private static final String BUCKET_POLICY = "AWS::S3::BucketPolicy";
  private static final List<String> BLOCK_SETTINGS =
      List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets");

  private StorageRules() {}

  static void check(Inspection in, ResourceDefinition<?> r) {
    if (r.type().equals(BUCKET)) {
      bucket(in, r);
    } else if (r.type().equals(BUCKET_POLICY)) {
      openToEveryone(in, r, "FB-S3-003");
    } else if (r.type().equals("AWS::SQS::QueuePolicy")) {
      openToEveryone(in, r, "FB-SQS-002");
    } else if (r.type().equals("AWS::SNS::TopicPolicy")) {
      openToEveryone(in, r, "FB-SNS-002");
    }
  }

  /** A resource policy (bucket, queue, topic) granting anyone anything, with no condition. */
  private static void openToEveryone(Inspection in, ResourceDefinition<?> r, String ruleId) {
    for (PolicyStatement s : PolicyStatement.of(in, in.property(r, "PolicyDocument"))) {
      if (s.allows() && !s.conditioned() && s.anyPrincipal(in)) {
        in.report(
            ruleId,
            r.logicalId(),
            s.at(),
            r.logicalId()
                + " allows Principal * (anyone on the internet) "
                + s.actions()
                + ": name the principals, or add a Condition (aws:SourceArn, aws:SourceVpce,"
                + " aws:PrincipalOrgID) that narrows it");
      }
    }
  }

  private static void bucket(Inspection in, ResourceDefinition<?> r) {
    String id = r.logicalId();
    for (At acl : in.property(r, "AccessControl")) {
      String value = Inspection.text(acl);
      if ("PublicReadWrite".equals(value)) {
        in.report(
            "FB-S3-001",
            id,
            acl,
            id
                + " has AccessControl: PublicReadWrite, so anyone can read, overwrite and delete"
                + " its objects: remove AccessControl (buckets are private by default)");
      } else if ("PublicRead".equals(value) || "AuthenticatedRead".equals(value)) {
        in.report(
            "FB-S3-002",
            id,
            acl,
            id
                + " has AccessControl: "
                + value
                + ", so anyone"
                + (value.equals("AuthenticatedRead") ? " with any AWS account" : "")
                + " can read its objects: remove it; serve public content through CloudFront"
                + " with origin access control");
      }
    }
    for (At block : in.property(r, "PublicAccessBlockConfiguration")) {
      if (block.absent()) {
        in.report(
            "FB-S3-005",
            id,
            block,
            id
                + " has no PublicAccessBlockConfiguration: AWS blocks public access on new buckets,"
                + " but say so explicitly (all four settings true) so that an account default or a"
                + " later change cannot open it");
        continue;
      }
      for (String setting : BLOCK_SETTINGS) {
        for (At v : in.get(List.of(block), setting)) {
          if (v.known() && !Inspection.isTrue(v.value())) {
            in.report(
                "FB-S3-004",
                id,
                v.absent() ? block : v,
                id
                    + "'s public access block leaves "
                    + setting
                    + (v.absent() ? " unset (false)" : " false")
                    + ": set it to true unless this bucket is meant to be public");
          }
        }
      }
    }
    for (At encryption : in.property(r, "BucketEncryption")) {
      if (encryption.absent()) {
        in.report(
            "FB-S3-006",
            id,
            encryption,
            id
                + " has no BucketEncryption: AWS applies SSE-S3, but set it explicitly (aws:kms"
                + " with a customer managed key where access to the key should be controlled)");
      }
    }
  }

  /** FB-S3-007: every bucket needs a bucket policy denying aws:SecureTransport false. */
  static void checkTlsOnly(Inspection in) {
    Set<String> covered = new HashSet<>();
    boolean unknownTarget = false;
    for (ResourceDefinition<?> p : in.template().resources().values()) {
      if (!p.type().equals(BUCKET_POLICY) || !deniesPlainHttp(in, p)) {
        continue;
      }
      Object bucket = p.properties().get("Bucket");
      if (bucket instanceof Intrinsic.Ref ref
          && in.template().resources().containsKey(ref.target())) {
        covered.add(ref.target());
      } else {
        String name = bucket == null ? null : singleText(in, bucket);
        String owner = name == null ? null : bucketNamed(in, name);
        if (owner == null) {
          unknownTarget = true; // an imported or computed bucket: cannot tell which one
        } else {
          covered.add(owner);
        }
      }
    }
    if (unknownTarget) {
      return;
    }
    for (ResourceDefinition<?> r : in.template().resources().values()) {
      if (r.type().equals(BUCKET) && !covered.contains(r.logicalId())) {
        in.report(
            "FB-S3-007",
            r.logicalId(),
            Inspection.resourcePath(r),
            r.logicalId()
                + " accepts plain HTTP requests: add an AWS::S3::BucketPolicy with a Deny"
                + " statement for Principal * when aws:SecureTransport is false");
      }
    }
  }

  private static boolean deniesPlainHttp(Inspection in, ResourceDefinition<?> policy) {
    for (PolicyStatement s : PolicyStatement.of(in, in.property(policy, "PolicyDocument"))) {
      if ("Deny".equals(s.effect())) {
        List<At> condition = in.get(List.of(s.at()), "Condition");
        for (At c : condition) {
          if (mentionsSecureTransport(c.value())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean mentionsSecureTransport(Object condition) {
    if (condition instanceof Map<?, ?> operators) {
      for (Object keys : operators.values()) {
        if (keys instanceof Map<?, ?> m) {
          for (Object key : m.keySet()) {
            String k = String.valueOf(key).toLowerCase(java.util.Locale.ROOT);
            if (k.equals("aws:securetransport") || k.equals("s3:tlsversion")) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  private static String singleText(Inspection in, Object raw) {
    List<At> values = in.resolve(raw, "", false);
    return values.size() == 1 ? Inspection.text(values.get(0)) : null;
  }

  private static String bucketNamed(Inspection in, String name) {
    for (ResourceDefinition<?> r : in.template().resources().values()) {
      Object bucketName = r.properties().get("BucketName");
      if (r.type().equals(BUCKET)
          && bucketName != null
          && name.equals(singleText(in, bucketName))) {
        return r.logicalId();
      }
    }
    return null;
  }
}
