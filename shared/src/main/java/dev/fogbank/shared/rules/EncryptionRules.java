package dev.fogbank.shared.rules;

import dev.fogbank.shared.rules.Inspection.At;
import dev.fogbank.shared.template.ResourceDefinition;

/**
 * Data at rest and the keys that protect it: RDS (FB-RDS-001/002, public access included), EBS
 * (FB-EC2-004), EFS, SQS, SNS, DynamoDB, Kinesis, Redshift and KMS keys (FB-KMS-001/002).
 */
final class EncryptionRules {

  private EncryptionRules() {}

  static void check(Inspection in, ResourceDefinition<?> r) {
    String id = r.logicalId();
    switch (r.type()) {
      case "AWS::RDS::DBInstance" -> {
        for (At pub : in.property(r, "PubliclyAccessible")) {
          if (Inspection.isTrue(pub.value())) {
            in.report(
                "FB-RDS-001",
                id,
                pub,
                id
                    + " is PubliclyAccessible: set it to false and reach the database from inside"
                    + " the VPC");
          }
        }
        // Members of a cluster, read replicas and restores inherit encryption from their source.
        if (absent(in, r, "DBClusterIdentifier")
            && absent(in, r, "SourceDBInstanceIdentifier")
            && absent(in, r, "DBSnapshotIdentifier")) {
          unencrypted(in, r, "StorageEncrypted", "FB-RDS-002", "its storage is not encrypted");
        }
      }
      case "AWS::RDS::DBCluster" -> {
        if (absent(in, r, "SnapshotIdentifier") && absent(in, r, "SourceDBClusterIdentifier")) {
          unencrypted(in, r, "StorageEncrypted", "FB-RDS-002", "its storage is not encrypted");
        }
      }
      case "AWS::EC2::Volume" -> {
        if (absent(in, r, "SnapshotId")) {
          unencrypted(in, r, "Encrypted", "FB-EC2-004", "the volume is not encrypted");
        }
      }
      case "AWS::EFS::FileSystem" ->
          unencrypted(in, r, "Encrypted", "FB-EFS-001", "the file system is not encrypted");
      case "AWS::Redshift::Cluster" ->
          unencrypted(in, r, "Encrypted", "FB-REDSHIFT-001", "the cluster is not encrypted");
      case "AWS::SQS::Queue" -> {
        for (At key : in.property(r, "KmsMasterKeyId")) {
          if (key.absent()) {
            boolean sseOff =
                in.property(r, "SqsManagedSseEnabled").stream()
                    .anyMatch(v -> v.known() && !v.absent() && !Inspection.isTrue(v.value()));
            in.report(
                "FB-SQS-001",
                id,
                key,
                id
                    + (sseOff
                        ? " turns SqsManagedSseEnabled off and has no KmsMasterKeyId, so its"
                            + " messages are not encrypted at rest: set KmsMasterKeyId"
                        : " is encrypted with an SQS owned key only: set KmsMasterKeyId to a"
                            + " customer managed key to control who can read its messages"));
          }
        }
      }
      case "AWS::SNS::Topic" -> {
        for (At key : in.property(r, "KmsMasterKeyId")) {
          if (key.absent()) {
            in.report(
                "FB-SNS-001",
                id,
                key,
                id
                    + " has no KmsMasterKeyId: set a customer managed key (alias/aws/sns at"
                    + " least) to encrypt messages at rest under a key you control");
          }
        }
      }
      case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> {
        for (At sse : in.property(r, "SSESpecification", "SSEEnabled")) {
          if (Inspection.notTrue(sse)) {
            in.report(
                "FB-DDB-001",
                id,
                sse,
                id
                    + " is encrypted with an AWS owned key: set SSESpecification.SSEEnabled: true"
                    + " (with KMSMasterKeyId for a customer managed key) to control and audit"
                    + " access to the key");
          }
        }
      }
      case "AWS::Kinesis::Stream" -> {
        for (At enc : in.property(r, "StreamEncryption")) {
          if (enc.absent()) {
            in.report(
                "FB-KINESIS-001",
                id,
                enc,
                id
                    + " has no StreamEncryption, so its records are stored unencrypted: set"
                    + " EncryptionType: KMS with a KeyId");
          }
        }
      }
      case "AWS::KMS::Key" -> kmsKey(in, r);
      default -> {}
    }
  }

  private static void kmsKey(Inspection in, ResourceDefinition<?> r) {
    String id = r.logicalId();
    // Only symmetric encryption keys can rotate automatically.
    boolean symmetric =
        in.property(r, "KeySpec").stream()
            .allMatch(s -> s.absent() || "SYMMETRIC_DEFAULT".equals(Inspection.text(s)));
    if (symmetric) {
      for (At rotation : in.property(r, "EnableKeyRotation")) {
        if (Inspection.notTrue(rotation)) {
          in.report(
              "FB-KMS-001",
              id,
              rotation,
              id + " does not rotate its key material: set EnableKeyRotation: true");
        }
      }
    }
    for (PolicyStatement s : PolicyStatement.of(in, in.property(r, "KeyPolicy"))) {
      if (s.allows() && !s.conditioned() && s.anyPrincipal(in)) {
        in.report(
            "FB-KMS-002",
            id,
            s.at(),
            id
                + "'s key policy allows Principal * "
                + s.actions()
                + ": name the account root or the roles, or add a Condition such as"
                + " kms:CallerAccount");
      }
    }
  }

  private static boolean absent(Inspection in, ResourceDefinition<?> r, String key) {
    return in.property(r, key).stream().allMatch(At::absent);
  }

  private static void unencrypted(
      Inspection in, ResourceDefinition<?> r, String property, String ruleId, String what) {
    for (At flag : in.property(r, property)) {
      if (Inspection.notTrue(flag)) {
        in.report(
            ruleId,
            r.logicalId(),
            flag,
            r.logicalId()
                + ": "
                + what
                + " ("
                + property
                + (flag.absent() ? " unset" : " false")
                + "): set "
                + property
                + ": true");
      }
    }
  }
}
