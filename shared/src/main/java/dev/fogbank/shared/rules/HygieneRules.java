package dev.fogbank.shared.rules;

import dev.fogbank.shared.rules.Inspection.At;
import dev.fogbank.shared.template.ResourceDefinition;
import java.util.Set;

/**
 * Audit and lifecycle: CloudTrail log validation (FB-CT-001), log retention (FB-LOGS-001), and what
 * happens to data when a stateful resource leaves the stack (FB-DATA-001/002).
 */
final class HygieneRules {

  /** Types whose deletion or replacement loses data that cannot be recreated from the template. */
  static final Set<String> STATEFUL =
      Set.of(
          "AWS::DynamoDB::Table",
          "AWS::DynamoDB::GlobalTable",
          "AWS::RDS::DBInstance",
          "AWS::RDS::DBCluster",
          "AWS::DocDB::DBCluster",
          "AWS::Neptune::DBCluster",
          "AWS::Redshift::Cluster",
          "AWS::EFS::FileSystem",
          "AWS::FSx::FileSystem",
          "AWS::EC2::Volume",
          "AWS::S3::Bucket",
          "AWS::KMS::Key",
          "AWS::Cognito::UserPool",
          "AWS::Elasticsearch::Domain",
          "AWS::OpenSearchService::Domain",
          "AWS::ElastiCache::ReplicationGroup",
          "AWS::Kinesis::Stream",
          "AWS::Backup::BackupVault");

  private HygieneRules() {}

  static void check(Inspection in, ResourceDefinition<?> r) {
    String id = r.logicalId();
    switch (r.type()) {
      case "AWS::CloudTrail::Trail" -> {
        for (At validation : in.property(r, "EnableLogFileValidation")) {
          if (Inspection.notTrue(validation)) {
            in.report(
                "FB-CT-001",
                id,
                validation,
                id
                    + " does not validate its log files, so edited or deleted logs go unnoticed:"
                    + " set EnableLogFileValidation: true");
          }
        }
      }
      case "AWS::Logs::LogGroup" -> {
        for (At retention : in.property(r, "RetentionInDays")) {
          if (retention.absent()) {
            in.report(
                "FB-LOGS-001",
                id,
                retention,
                id
                    + " keeps its logs forever (no RetentionInDays), at a cost that only grows:"
                    + " set RetentionInDays");
          }
        }
      }
      default -> {}
    }
    if (STATEFUL.contains(r.type())) {
      String path = Inspection.resourcePath(r);
      if (r.deletionPolicyValue() == null && !r.otherAttributes().containsKey("DeletionPolicy")) {
        in.report(
            "FB-DATA-001",
            id,
            path,
            id
                + " ("
                + r.type()
                + ") has no DeletionPolicy, so deleting the stack or removing it"
                + " from the template deletes its data: set DeletionPolicy: Retain or Snapshot"
                + " (or Delete, to say that losing it is fine)");
      }
      if (r.updateReplacePolicyValue() == null
          && !r.otherAttributes().containsKey("UpdateReplacePolicy")) {
        in.report(
            "FB-DATA-002",
            id,
            path,
            id
                + " ("
                + r.type()
                + ") has no UpdateReplacePolicy, so a change that replaces it"
                + " deletes the old one's data: set UpdateReplacePolicy: Retain or Snapshot (or"
                + " Delete, to say that losing it is fine)");
      }
    }
  }
}
