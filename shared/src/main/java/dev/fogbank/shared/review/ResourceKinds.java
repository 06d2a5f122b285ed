package dev.fogbank.shared.review;

import java.util.Set;

/**
 * Which resource types hold data (deleting them loses it) and which govern access or the network
 * (changing them can lock people or traffic out, or let them in). The one list the review's risk
 * and the {@code protect-stateful} stack policy share.
 */
public final class ResourceKinds {

  /** Types whose deletion loses data, state or identity that a new resource does not bring back. */
  private static final Set<String> STATEFUL =
      Set.of(
          "AWS::DynamoDB::Table",
          "AWS::DynamoDB::GlobalTable",
          "AWS::S3::Bucket",
          "AWS::S3Express::DirectoryBucket",
          "AWS::RDS::DBInstance",
          "AWS::RDS::DBCluster",
          "AWS::RDS::GlobalCluster",
          "AWS::Neptune::DBCluster",
          "AWS::DocDB::DBCluster",
          "AWS::EFS::FileSystem",
          "AWS::FSx::FileSystem",
          "AWS::EC2::Volume",
          "AWS::KMS::Key",
          "AWS::Kinesis::Stream",
          "AWS::SQS::Queue",
          "AWS::Logs::LogGroup",
          "AWS::ElastiCache::CacheCluster",
          "AWS::ElastiCache::ReplicationGroup",
          "AWS::ElastiCache::ServerlessCache",
          "AWS::MemoryDB::Cluster",
          "AWS::OpenSearchService::Domain",
          "AWS::Elasticsearch::Domain",
          "AWS::Redshift::Cluster",
          "AWS::RedshiftServerless::Namespace",
          "AWS::Timestream::Table",
          "AWS::Cognito::UserPool",
          "AWS::SecretsManager::Secret",
          "AWS::Backup::BackupVault",
          "AWS::ECR::Repository");

  /**
   * Types whose DeletionPolicy or UpdateReplacePolicy may be Snapshot (CloudFormation's list): for
   * them a snapshot keeps the data; for the others only Retain does.
   */
  private static final Set<String> SNAPSHOT =
      Set.of(
          "AWS::EC2::Volume",
          "AWS::ElastiCache::CacheCluster",
          "AWS::ElastiCache::ReplicationGroup",
          "AWS::Neptune::DBCluster",
          "AWS::RDS::DBCluster",
          "AWS::RDS::DBInstance",
          "AWS::Redshift::Cluster",
          "AWS::DocDB::DBCluster");

  private static final Set<String> NETWORK =
      Set.of(
          "AWS::EC2::VPC",
          "AWS::EC2::Subnet",
          "AWS::EC2::RouteTable",
          "AWS::EC2::Route",
          "AWS::EC2::SubnetRouteTableAssociation",
          "AWS::EC2::NetworkAcl",
          "AWS::EC2::NetworkAclEntry",
          "AWS::EC2::SubnetNetworkAclAssociation",
          "AWS::EC2::InternetGateway",
          "AWS::EC2::EgressOnlyInternetGateway",
          "AWS::EC2::VPCGatewayAttachment",
          "AWS::EC2::NatGateway",
          "AWS::EC2::VPNGateway",
          "AWS::EC2::CustomerGateway",
          "AWS::EC2::VPNConnection",
          "AWS::EC2::TransitGateway",
          "AWS::EC2::TransitGatewayAttachment",
          "AWS::EC2::TransitGatewayVpcAttachment",
          "AWS::EC2::TransitGatewayRoute",
          "AWS::EC2::VPCPeeringConnection",
          "AWS::EC2::VPCEndpoint",
          "AWS::EC2::VPCCidrBlock",
          "AWS::EC2::EIP",
          "AWS::EC2::EIPAssociation");

  /** Resource policies: who may use a resource. */
  private static final Set<String> ACCESS =
      Set.of(
          "AWS::S3::BucketPolicy",
          "AWS::SQS::QueuePolicy",
          "AWS::SNS::TopicPolicy",
          "AWS::Lambda::Permission",
          "AWS::KMS::Alias",
          "AWS::SecretsManager::ResourcePolicy",
          "AWS::Logs::ResourcePolicy");

  private ResourceKinds() {}

  /** Whether deleting a resource of this type loses data. */
  public static boolean isStateful(String type) {
    return type != null && STATEFUL.contains(type);
  }

  /** Every stateful type, for policies that protect them. */
  public static Set<String> statefulTypes() {
    return STATEFUL;
  }

  /** Whether CloudFormation accepts Snapshot as this type's DeletionPolicy/UpdateReplacePolicy. */
  public static boolean supportsSnapshot(String type) {
    return type != null && SNAPSHOT.contains(type);
  }

  /**
   * What a change to this type touches when it is about access or the network, in words; null for
   * any other type.
   */
  public static String accessOrNetwork(String type) {
    if (type == null) {
      return null;
    }
    if (type.startsWith("AWS::IAM::")) {
      return "IAM";
    }
    if (type.startsWith("AWS::EC2::SecurityGroup")) {
      return "security group";
    }
    if (NETWORK.contains(type)) {
      return "network";
    }
    if (ACCESS.contains(type)) {
      return "resource access policy";
    }
    return null;
  }
}
