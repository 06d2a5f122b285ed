package dev.fogbank.shared.estimate;

import dev.fogbank.shared.template.ResourceDefinition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How each resource type is priced: which Price List products (service code, TERM_MATCH attributes,
 * unit) and how many units a month, read from the resolved properties. No price is written here;
 * every figure comes from the {@link PriceBook}. Attribute names and values follow the Price List
 * Query API's product attributes ({@code DescribeServices}/{@code GetAttributeValues}).
 */
final class ResourcePricers {

  /** Prices one resource into its {@link ResourcePricing}. */
  @FunctionalInterface
  interface Pricer {
    void price(ResourcePricing r);
  }

  private static final BigDecimal ONE = BigDecimal.ONE;
  private static final BigDecimal MIB_PER_GIB = BigDecimal.valueOf(1024);

  /** Types AWS does not bill by themselves (their cost shows in what uses them, if anywhere). */
  static final Set<String> FREE =
      Set.of(
          "AWS::IAM::Role",
          "AWS::IAM::Policy",
          "AWS::IAM::ManagedPolicy",
          "AWS::IAM::InstanceProfile",
          "AWS::IAM::User",
          "AWS::IAM::Group",
          "AWS::IAM::AccessKey",
          "AWS::EC2::VPC",
          "AWS::EC2::Subnet",
          "AWS::EC2::SecurityGroup",
          "AWS::EC2::SecurityGroupIngress",
          "AWS::EC2::SecurityGroupEgress",
          "AWS::EC2::RouteTable",
          "AWS::EC2::Route",
          "AWS::EC2::SubnetRouteTableAssociation",
          "AWS::EC2::InternetGateway",
          "AWS::EC2::VPCGatewayAttachment",
          "AWS::EC2::NetworkAcl",
          "AWS::EC2::NetworkAclEntry",
          "AWS::EC2::SubnetNetworkAclAssociation",
          "AWS::EC2::EIPAssociation",
          "AWS::EC2::LaunchTemplate",
          "AWS::EC2::TransitGateway",
          "AWS::EC2::DHCPOptions",
          "AWS::EC2::VPCDHCPOptionsAssociation",
          "AWS::EC2::EgressOnlyInternetGateway",
          "AWS::EC2::KeyPair",
          "AWS::AutoScaling::LaunchConfiguration",
          "AWS::AutoScaling::ScalingPolicy",
          "AWS::AutoScaling::ScheduledAction",
          "AWS::ECS::Cluster",
          "AWS::ECS::TaskDefinition",
          "AWS::ECS::ClusterCapacityProviderAssociations",
          "AWS::ElasticLoadBalancingV2::Listener",
          "AWS::ElasticLoadBalancingV2::ListenerRule",
          "AWS::ElasticLoadBalancingV2::TargetGroup",
          "AWS::ElasticLoadBalancingV2::ListenerCertificate",
          "AWS::Lambda::Permission",
          "AWS::Lambda::EventSourceMapping",
          "AWS::Lambda::Version",
          "AWS::Lambda::Alias",
          "AWS::SNS::Subscription",
          "AWS::SNS::TopicPolicy",
          "AWS::SQS::QueuePolicy",
          "AWS::S3::BucketPolicy",
          "AWS::KMS::Alias",
          "AWS::Logs::MetricFilter",
          "AWS::Logs::SubscriptionFilter",
          "AWS::RDS::DBSubnetGroup",
          "AWS::RDS::DBParameterGroup",
          "AWS::RDS::DBClusterParameterGroup",
          "AWS::ElastiCache::SubnetGroup",
          "AWS::ElastiCache::ParameterGroup",
          "AWS::ApiGateway::Resource",
          "AWS::ApiGateway::Method",
          "AWS::ApiGateway::Deployment",
          "AWS::ApiGateway::Stage",
          "AWS::ApiGatewayV2::Route",
          "AWS::ApiGatewayV2::Integration",
          "AWS::ApiGatewayV2::Stage",
          "AWS::Route53::RecordSet",
          "AWS::Route53::RecordSetGroup",
          "AWS::CloudFormation::WaitCondition",
          "AWS::CloudFormation::WaitConditionHandle",
          "AWS::CDK::Metadata",
          "AWS::SSM::Parameter",
          "AWS::Events::Rule",
          "AWS::SecretsManager::SecretTargetAttachment",
          "AWS::SecretsManager::RotationSchedule",
          "AWS::EC2::TransitGatewayRouteTable",
          "AWS::EC2::TransitGatewayRoute");

  private final Map<String, Pricer> pricers = new HashMap<>();

  ResourcePricers() {
    pricers.put("AWS::EC2::Instance", ResourcePricers::ec2Instance);
    pricers.put("AWS::AutoScaling::AutoScalingGroup", ResourcePricers::autoScalingGroup);
    pricers.put("AWS::EC2::Volume", ResourcePricers::ebsVolume);
    pricers.put("AWS::EC2::NatGateway", ResourcePricers::natGateway);
    pricers.put("AWS::EC2::EIP", ResourcePricers::elasticIp);
    pricers.put("AWS::ElasticLoadBalancingV2::LoadBalancer", ResourcePricers::loadBalancerV2);
    pricers.put("AWS::ElasticLoadBalancing::LoadBalancer", ResourcePricers::classicLoadBalancer);
    pricers.put("AWS::RDS::DBInstance", ResourcePricers::rdsInstance);
    pricers.put("AWS::RDS::DBCluster", ResourcePricers::rdsCluster);
    pricers.put("AWS::ElastiCache::CacheCluster", ResourcePricers::cacheCluster);
    pricers.put("AWS::ElastiCache::ReplicationGroup", ResourcePricers::replicationGroup);
    pricers.put("AWS::OpenSearchService::Domain", ResourcePricers::openSearch);
    pricers.put("AWS::Elasticsearch::Domain", ResourcePricers::openSearch);
    pricers.put("AWS::EKS::Cluster", ResourcePricers::eksCluster);
    pricers.put("AWS::ECS::Service", ResourcePricers::ecsService);
    pricers.put("AWS::DynamoDB::Table", ResourcePricers::dynamoDbTable);
    pricers.put("AWS::Kinesis::Stream", ResourcePricers::kinesisStream);
    pricers.put("AWS::MSK::Cluster", ResourcePricers::mskCluster);
    pricers.put("AWS::Redshift::Cluster", ResourcePricers::redshiftCluster);
    pricers.put("AWS::EC2::VPCEndpoint", ResourcePricers::vpcEndpoint);
    pricers.put("AWS::EC2::TransitGatewayAttachment", ResourcePricers::transitGatewayAttachment);
    pricers.put("AWS::EC2::TransitGatewayVpcAttachment", ResourcePricers::transitGatewayAttachment);
    pricers.put(
        "AWS::EC2::TransitGatewayPeeringAttachment", ResourcePricers::transitGatewayAttachment);
    pricers.put("AWS::KMS::Key", ResourcePricers::kmsKey);
    pricers.put("AWS::KMS::ReplicaKey", ResourcePricers::kmsKey);
    pricers.put("AWS::SecretsManager::Secret", ResourcePricers::secret);
    pricers.put("AWS::CloudWatch::Alarm", ResourcePricers::alarm);
    pricers.put("AWS::CloudWatch::CompositeAlarm", ResourcePricers::compositeAlarm);
    pricers.put("AWS::CloudWatch::Dashboard", ResourcePricers::dashboard);
    pricers.put("AWS::Route53::HostedZone", ResourcePricers::hostedZone);
    // Usage-priced.
    pricers.put("AWS::Lambda::Function", ResourcePricers::lambda);
    pricers.put("AWS::Serverless::Function", ResourcePricers::lambda);
    pricers.put("AWS::S3::Bucket", ResourcePricers::s3Bucket);
    pricers.put("AWS::SQS::Queue", ResourcePricers::sqsQueue);
    pricers.put("AWS::SNS::Topic", ResourcePricers::snsTopic);
    pricers.put("AWS::ApiGateway::RestApi", ResourcePricers::restApi);
    pricers.put("AWS::Serverless::Api", ResourcePricers::restApi);
    pricers.put("AWS::ApiGatewayV2::Api", ResourcePricers::httpApi);
    pricers.put("AWS::Serverless::HttpApi", ResourcePricers::httpApi);
    pricers.put("AWS::Logs::LogGroup", ResourcePricers::logGroup);
    pricers.put("AWS::EFS::FileSystem", ResourcePricers::efs);
  }

  Optional<Pricer> pricer(String type) {
    return Optional.ofNullable(pricers.get(type));
  }

  /** Every type with a pricer: the estimate's catalogue. */
  Set<String> pricedTypes() {
    return Set.copyOf(pricers.keySet());
  }

  // --- EC2 ---------------------------------------------------------------------------------

  static PriceQuery ec2Hours(ResourcePricing r, String instanceType, String tenancy) {
    return PriceQuery.of(
        "AmazonEC2",
        r.region(),
        "Hrs",
        "instanceType",
        instanceType,
        "operatingSystem",
        "Linux",
        "tenancy",
        tenancy,
        "preInstalledSw",
        "NA",
        "capacitystatus",
        "Used",
        "licenseModel",
        "No License required");
  }

  private static void ec2Instance(ResourcePricing r) {
    r.service("EC2");
    String type = r.requireText("InstanceType");
    String tenancy =
        r.text("Tenancy")
            .map(t -> t.equalsIgnoreCase("dedicated") ? "Dedicated" : "Shared")
            .orElse("Shared");
    r.hourly("instance hours (" + type + ", Linux, on demand)", ONE, ec2Hours(r, type, tenancy));
    r.note("assumed Linux: the AMI's platform is not known before deployment");
    Optional<Object> mappings = r.value("BlockDeviceMappings");
    if (mappings.isPresent() && mappings.get() instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof Map<?, ?> m && m.get("Ebs") instanceof Map<?, ?> ebs) {
          String at = "BlockDeviceMappings." + i + ".Ebs";
          volume(
              r,
              "block device " + i + " ",
              optionalText(r, ebs.get("VolumeType"), at + ".VolumeType").orElse("gp2"),
              optionalNumber(r, ebs.get("VolumeSize"), at + ".VolumeSize"),
              optionalNumber(r, ebs.get("Iops"), at + ".Iops"),
              optionalNumber(r, ebs.get("Throughput"), at + ".Throughput"));
        }
      }
    } else {
      r.note("root volume not priced: its size comes from the AMI");
    }
  }

  private static void autoScalingGroup(ResourcePricing r) {
    r.service("EC2");
    BigDecimal desired =
        r.number("DesiredCapacity")
            .orElseGet(
                () -> {
                  r.note("no DesiredCapacity: priced at MinSize");
                  return r.number("MinSize").orElse(BigDecimal.ZERO);
                });
    String instanceType = groupInstanceType(r);
    r.hourly(
        "instance hours (" + desired.toPlainString() + " × " + instanceType + ", Linux)",
        desired,
        ec2Hours(r, instanceType, "Shared"));
    r.note("assumed Linux: the AMI's platform is not known before deployment");
  }

  private static String groupInstanceType(ResourcePricing r) {
    Optional<Object> spec = r.value("LaunchTemplate");
    if (spec.isEmpty()) {
      spec = r.value("MixedInstancesPolicy", "LaunchTemplate", "LaunchTemplateSpecification");
      Optional<Object> overrides = r.value("MixedInstancesPolicy", "LaunchTemplate", "Overrides");
      if (overrides.isPresent()
          && overrides.get() instanceof List<?> l
          && !l.isEmpty()
          && l.get(0) instanceof Map<?, ?> first
          && first.get("InstanceType") != null) {
        r.note("mixed instances: priced at the first override's instance type");
        return r.textAt(first.get("InstanceType"), "MixedInstancesPolicy", "Overrides", "0");
      }
    }
    if (spec.isPresent() && spec.get() instanceof Map<?, ?> lt) {
      Object id =
          lt.get("LaunchTemplateId") != null
              ? lt.get("LaunchTemplateId")
              : lt.get("LaunchTemplateName");
      ResourceDefinition<?> template =
          r.referenced(id)
              .orElseThrow(
                  () ->
                      new TemplateValues.Unresolved("the launch template is not in this template"));
      return r.textOf(template, "LaunchTemplateData", "InstanceType")
          .orElseThrow(
              () ->
                  new TemplateValues.Unresolved(
                      template.logicalId() + " sets no LaunchTemplateData.InstanceType"));
    }
    Optional<Object> config = r.value("LaunchConfigurationName");
    if (config.isPresent()) {
      ResourceDefinition<?> lc =
          r.referenced(config.get())
              .orElseThrow(
                  () ->
                      new TemplateValues.Unresolved(
                          "the launch configuration is not in this template"));
      return r.textOf(lc, "InstanceType")
          .orElseThrow(
              () -> new TemplateValues.Unresolved(lc.logicalId() + " sets no InstanceType"));
    }
    if (r.value("InstanceId").isPresent()) {
      throw new TemplateValues.Unresolved("instance type taken from an existing instance");
    }
    throw new TemplateValues.Unresolved("no launch template or launch configuration");
  }

  private static Optional<String> optionalText(ResourcePricing r, Object v, String at) {
    return v == null ? Optional.empty() : Optional.of(r.textAt(v, at));
  }

  private static Optional<BigDecimal> optionalNumber(ResourcePricing r, Object v, String at) {
    return v == null ? Optional.empty() : Optional.of(r.numberAt(v, at));
  }

  private static void ebsVolume(ResourcePricing r) {
    r.service("EC2");
    if (r.value("Size").isEmpty() && r.value("SnapshotId").isPresent()) {
      throw new TemplateValues.Unresolved("size comes from the snapshot");
    }
    volume(
        r,
        "",
        r.text("VolumeType").orElse("gp2"),
        r.number("Size"),
        r.number("Iops"),
        r.number("Throughput"));
  }

  /** EBS storage, and the IOPS and throughput billed beyond what the volume type includes. */
  private static void volume(
      ResourcePricing r,
      String prefix,
      String volumeType,
      Optional<BigDecimal> size,
      Optional<BigDecimal> iops,
      Optional<BigDecimal> throughput) {
    String type = volumeType.toLowerCase(Locale.ROOT);
    BigDecimal gb =
        size.orElseThrow(() -> new TemplateValues.Unresolved(prefix + "volume size is not set"));
    r.fixed(
        prefix + "storage (" + type + ", " + gb.toPlainString() + " GB)",
        gb,
        PriceQuery.of(
            "AmazonEC2", r.region(), "GB-Mo", "productFamily", "Storage", "volumeApiName", type));
    BigDecimal includedIops = type.equals("gp3") ? BigDecimal.valueOf(3000) : null;
    if ((type.equals("gp3") || type.startsWith("io")) && iops.isPresent()) {
      BigDecimal billed =
          includedIops == null
              ? iops.get()
              : iops.get().subtract(includedIops).max(BigDecimal.ZERO);
      if (billed.signum() > 0) {
        r.fixed(
            prefix
                + "provisioned IOPS ("
                + billed.toPlainString()
                + (includedIops == null ? "" : " above 3000")
                + ")",
            billed,
            PriceQuery.of(
                "AmazonEC2",
                r.region(),
                "IOPS-Mo",
                "productFamily",
                "System Operation",
                "group",
                "EBS IOPS",
                "volumeApiName",
                type));
      }
    }
    if (type.equals("gp3") && throughput.isPresent()) {
      BigDecimal billed = throughput.get().subtract(BigDecimal.valueOf(125)).max(BigDecimal.ZERO);
      if (billed.signum() > 0) {
        r.fixed(
            prefix + "provisioned throughput (" + billed.toPlainString() + " MiB/s above 125)",
            billed,
            PriceQuery.of(
                "AmazonEC2",
                r.region(),
                "MiBps-Mo",
                "productFamily",
                "Provisioned Throughput",
                "volumeApiName",
                type));
      }
    }
  }

  private static void natGateway(ResourcePricing r) {
    r.service("EC2");
    r.hourly(
        "NAT gateway hours",
        ONE,
        PriceQuery.of("AmazonEC2", r.region(), "Hrs", "productFamily", "NAT Gateway"));
    r.usage(
        "data processed",
        "monthlyDataProcessedGb",
        ONE,
        PriceQuery.of("AmazonEC2", r.region(), "GB", "productFamily", "NAT Gateway"));
  }

  private static void elasticIp(ResourcePricing r) {
    r.service("VPC");
    r.hourly(
        "public IPv4 address hours",
        ONE,
        PriceQuery.of("AmazonVPC", r.region(), "Hrs", "productFamily", "VPC Public IPv4 Address"));
  }

  private static void loadBalancerV2(ResourcePricing r) {
    r.service("ELB");
    String type = r.text("Type").orElse("application").toLowerCase(Locale.ROOT);
    String family;
    String capacityUnit;
    switch (type) {
      case "application" -> {
        family = "Load Balancer-Application";
        capacityUnit = "LCU-Hrs";
      }
      case "network" -> {
        family = "Load Balancer-Network";
        capacityUnit = "NLCU-Hrs";
      }
      case "gateway" -> {
        family = "Load Balancer-Gateway";
        capacityUnit = "GLCU-Hrs";
      }
      default -> throw new TemplateValues.Unresolved("unknown load balancer Type " + type);
    }
    r.hourly(
        type + " load balancer hours",
        ONE,
        PriceQuery.of("AWSELB", r.region(), "Hrs", "productFamily", family));
    r.usage(
        "capacity units (average per hour × 730)",
        "averageCapacityUnits",
        Money.HOURS_PER_MONTH,
        PriceQuery.of("AWSELB", r.region(), capacityUnit, "productFamily", family));
  }

  private static void classicLoadBalancer(ResourcePricing r) {
    r.service("ELB");
    r.hourly(
        "classic load balancer hours",
        ONE,
        PriceQuery.of("AWSELB", r.region(), "Hrs", "productFamily", "Load Balancer"));
    r.usage(
        "data processed",
        "monthlyDataProcessedGb",
        ONE,
        PriceQuery.of("AWSELB", r.region(), "GB", "productFamily", "Load Balancer"));
  }

  // --- databases ---------------------------------------------------------------------------

  static String databaseEngine(String engine) {
    String e = engine.toLowerCase(Locale.ROOT);
    return switch (e) {
      case "mysql" -> "MySQL";
      case "postgres" -> "PostgreSQL";
      case "mariadb" -> "MariaDB";
      case "aurora", "aurora-mysql" -> "Aurora MySQL";
      case "aurora-postgresql" -> "Aurora PostgreSQL";
      default ->
          throw new TemplateValues.Unresolved(
              "engine "
                  + engine
                  + " is not priced (license-included engines need a license model)");
    };
  }

  private static void rdsInstance(ResourcePricing r) {
    r.service("RDS");
    String instanceClass = r.requireText("DBInstanceClass");
    String engine =
        databaseEngine(
            r.text("Engine")
                .orElseThrow(() -> new TemplateValues.Unresolved("Properties.Engine is not set")));
    // An instance of a cluster (Aurora) bills its storage on the cluster.
    boolean aurora = engine.startsWith("Aurora") || r.value("DBClusterIdentifier").isPresent();
    boolean multiAz = !aurora && r.text("MultiAZ").map(Boolean::parseBoolean).orElse(false);
    String deployment = multiAz ? "Multi-AZ" : "Single-AZ";
    r.hourly(
        "database instance hours (" + instanceClass + ", " + engine + ", " + deployment + ")",
        ONE,
        PriceQuery.of(
            "AmazonRDS",
            r.region(),
            "Hrs",
            "instanceType",
            instanceClass,
            "databaseEngine",
            engine,
            "deploymentOption",
            deployment));
    if (aurora) {
      r.note("Aurora storage is billed on the cluster");
      return;
    }
    BigDecimal gb =
        r.number("AllocatedStorage")
            .orElseThrow(
                () -> new TemplateValues.Unresolved("Properties.AllocatedStorage is not set"));
    String storageType = r.text("StorageType").orElse("gp2").toLowerCase(Locale.ROOT);
    String volumeType =
        switch (storageType) {
          case "gp2" -> "General Purpose";
          case "gp3" -> "General Purpose-GP3";
          case "io1", "io2" -> "Provisioned IOPS";
          case "standard" -> "Magnetic";
          default -> throw new TemplateValues.Unresolved("unknown StorageType " + storageType);
        };
    r.fixed(
        "storage (" + storageType + ", " + gb.toPlainString() + " GB)",
        gb,
        PriceQuery.of(
            "AmazonRDS",
            r.region(),
            "GB-Mo",
            "productFamily",
            "Database Storage",
            "databaseEngine",
            engine,
            "deploymentOption",
            deployment,
            "volumeType",
            volumeType));
    if (storageType.startsWith("io") && r.number("Iops").isPresent()) {
      r.fixed(
          "provisioned IOPS",
          r.number("Iops").get(),
          PriceQuery.of(
              "AmazonRDS",
              r.region(),
              "IOPS-Mo",
              "productFamily",
              "Provisioned IOPS",
              "databaseEngine",
              engine,
              "deploymentOption",
              deployment));
    }
  }

  private static void rdsCluster(ResourcePricing r) {
    r.service("RDS");
    String engine = databaseEngine(r.requireText("Engine"));
    if (!engine.startsWith("Aurora")) {
      throw new TemplateValues.Unresolved("Multi-AZ DB clusters (non-Aurora) are not priced");
    }
    if (r.value("ServerlessV2ScalingConfiguration").isPresent()) {
      r.note(
          "Aurora Serverless v2 capacity is billed on its DB instances (db.serverless), not"
              + " priced");
    }
    r.usage(
        "Aurora storage",
        "storageGb",
        ONE,
        PriceQuery.of(
            "AmazonRDS",
            r.region(),
            "GB-Mo",
            "productFamily",
            "Database Storage",
            "databaseEngine",
            engine,
            "volumeType",
            "General Purpose-Aurora"));
  }

  private static String cacheEngine(String engine) {
    return switch (engine.toLowerCase(Locale.ROOT)) {
      case "redis" -> "Redis";
      case "memcached" -> "Memcached";
      case "valkey" -> "Valkey";
      default -> throw new TemplateValues.Unresolved("unknown cache engine " + engine);
    };
  }

  private static void cacheCluster(ResourcePricing r) {
    r.service("ElastiCache");
    String nodeType = r.requireText("CacheNodeType");
    String engine = cacheEngine(r.requireText("Engine"));
    BigDecimal nodes = r.number("NumCacheNodes").orElse(ONE);
    r.hourly(
        "cache node hours (" + nodes.toPlainString() + " × " + nodeType + ", " + engine + ")",
        nodes,
        PriceQuery.of(
            "AmazonElastiCache",
            r.region(),
            "Hrs",
            "instanceType",
            nodeType,
            "cacheEngine",
            engine));
  }

  private static void replicationGroup(ResourcePricing r) {
    r.service("ElastiCache");
    String nodeType = r.requireText("CacheNodeType");
    String engine = cacheEngine(r.text("Engine").orElse("redis"));
    BigDecimal nodes;
    if (r.number("NumCacheClusters").isPresent()) {
      nodes = r.number("NumCacheClusters").get();
    } else {
      BigDecimal groups = r.number("NumNodeGroups").orElse(ONE);
      BigDecimal replicas = r.number("ReplicasPerNodeGroup").orElse(BigDecimal.ZERO);
      nodes = groups.multiply(replicas.add(ONE));
    }
    r.hourly(
        "cache node hours (" + nodes.toPlainString() + " × " + nodeType + ", " + engine + ")",
        nodes,
        PriceQuery.of(
            "AmazonElastiCache",
            r.region(),
            "Hrs",
            "instanceType",
            nodeType,
            "cacheEngine",
            engine));
  }

  private static void openSearch(ResourcePricing r) {
    r.service("OpenSearch");
    String instanceType =
        r.text("ClusterConfig", "InstanceType")
            .orElseThrow(
                () ->
                    new TemplateValues.Unresolved(
                        "Properties.ClusterConfig.InstanceType is not set"));
    if (!instanceType.endsWith(".search") && !instanceType.endsWith(".elasticsearch")) {
      throw new TemplateValues.Unresolved("unknown OpenSearch instance type " + instanceType);
    }
    String normalized = instanceType.replace(".elasticsearch", ".search");
    BigDecimal count = r.number("ClusterConfig", "InstanceCount").orElse(ONE);
    r.hourly(
        "data node hours (" + count.toPlainString() + " × " + normalized + ")",
        count,
        PriceQuery.of("AmazonES", r.region(), "Hrs", "instanceType", normalized));
    if (r.text("ClusterConfig", "DedicatedMasterEnabled")
        .map(Boolean::parseBoolean)
        .orElse(false)) {
      String masterType =
          r.requireText("ClusterConfig", "DedicatedMasterType")
              .replace(".elasticsearch", ".search");
      BigDecimal masters =
          r.number("ClusterConfig", "DedicatedMasterCount").orElse(BigDecimal.valueOf(3));
      r.hourly(
          "dedicated master hours (" + masters.toPlainString() + " × " + masterType + ")",
          masters,
          PriceQuery.of("AmazonES", r.region(), "Hrs", "instanceType", masterType));
    }
    if (r.text("EBSOptions", "EBSEnabled").map(Boolean::parseBoolean).orElse(false)) {
      BigDecimal size = r.number("EBSOptions", "VolumeSize").orElse(BigDecimal.TEN);
      String media = r.text("EBSOptions", "VolumeType").orElse("gp2").toUpperCase(Locale.ROOT);
      r.fixed(
          "EBS storage ("
              + count.toPlainString()
              + " × "
              + size.toPlainString()
              + " GB "
              + media
              + ")",
          size.multiply(count),
          PriceQuery.of(
              "AmazonES",
              r.region(),
              "GB-Mo",
              "productFamily",
              "Amazon OpenSearch Service Volume",
              "storageMedia",
              media));
    }
  }

  private static void eksCluster(ResourcePricing r) {
    r.service("EKS");
    r.hourly(
        "cluster hours (standard support)",
        ONE,
        PriceQuery.of(
            "AmazonEKS",
            r.region(),
            "Hrs",
            "productFamily",
            "Compute",
            "operation",
            "CreateOperation"));
    r.note("nodes are priced through their Auto Scaling groups or Fargate services");
  }

  private static void ecsService(ResourcePricing r) {
    r.service("ECS");
    boolean fargate = r.text("LaunchType").map("FARGATE"::equalsIgnoreCase).orElse(false);
    Optional<Object> strategy = r.value("CapacityProviderStrategy");
    if (!fargate && strategy.isPresent() && strategy.get() instanceof List<?> l) {
      for (Object item : l) {
        if (item instanceof Map<?, ?> m
            && m.get("CapacityProvider") != null
            && r.textAt(m.get("CapacityProvider"), "CapacityProviderStrategy")
                .startsWith("FARGATE")) {
          fargate = true;
          r.note("capacity provider strategy: priced as Fargate on demand");
        }
      }
    }
    if (!fargate) {
      r.free("EC2 launch type: billed through the cluster's instances");
      return;
    }
    ResourceDefinition<?> task =
        r.value("TaskDefinition")
            .flatMap(r::referenced)
            .orElseThrow(
                () -> new TemplateValues.Unresolved("the task definition is not in this template"));
    BigDecimal vcpu =
        fargateCpu(
            r.textOf(task, "Cpu")
                .orElseThrow(
                    () -> new TemplateValues.Unresolved(task.logicalId() + " sets no Cpu")));
    BigDecimal gb =
        fargateMemory(
            r.textOf(task, "Memory")
                .orElseThrow(
                    () -> new TemplateValues.Unresolved(task.logicalId() + " sets no Memory")));
    BigDecimal desired = r.number("DesiredCount").orElse(ONE);
    r.hourly(
        "Fargate vCPU hours ("
            + desired.toPlainString()
            + " tasks × "
            + vcpu.toPlainString()
            + " vCPU)",
        desired.multiply(vcpu),
        PriceQuery.of(
            "AmazonECS", r.region(), "hours", "productFamily", "Compute", "cputype", "perCPU"));
    r.hourly(
        "Fargate memory GB hours ("
            + desired.toPlainString()
            + " tasks × "
            + gb.toPlainString()
            + " GB)",
        desired.multiply(gb),
        PriceQuery.of(
            "AmazonECS", r.region(), "hours", "productFamily", "Compute", "memorytype", "perGB"));
    r.note("assumed Linux/x86_64 Fargate");
  }

  /** "256" (CPU units), "1 vCPU", "0.25 vCPU" → vCPUs. */
  static BigDecimal fargateCpu(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("vcpu")) {
      return new BigDecimal(t.replace("vcpu", "").strip());
    }
    try {
      return new BigDecimal(t).divide(MIB_PER_GIB, 4, RoundingMode.HALF_UP).stripTrailingZeros();
    } catch (NumberFormatException e) {
      throw new TemplateValues.Unresolved("task Cpu \"" + text + "\" is not CPU units or vCPU");
    }
  }

  /** "512" (MiB), "1 GB", "2GB" → GB. */
  static BigDecimal fargateMemory(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("gb")) {
      return new BigDecimal(t.replace("gb", "").strip());
    }
    try {
      return new BigDecimal(t).divide(MIB_PER_GIB, 4, RoundingMode.HALF_UP).stripTrailingZeros();
    } catch (NumberFormatException e) {
      throw new TemplateValues.Unresolved("task Memory \"" + text + "\" is not MiB or GB");
    }
  }

  private static void dynamoDbTable(ResourcePricing r) {
    r.service("DynamoDB");
    String mode = r.text("BillingMode").orElse("PROVISIONED").toUpperCase(Locale.ROOT);
    if (mode.equals("PAY_PER_REQUEST")) {
      r.usage(
          "read request units",
          "monthlyReadRequests",
          ONE,
          PriceQuery.of(
              "AmazonDynamoDB",
              r.region(),
              "ReadRequestUnits",
              "productFamily",
              "Amazon DynamoDB PayPerRequest Throughput",
              "group",
              "DDB-ReadUnits"));
      r.usage(
          "write request units",
          "monthlyWriteRequests",
          ONE,
          PriceQuery.of(
              "AmazonDynamoDB",
              r.region(),
              "WriteRequestUnits",
              "productFamily",
              "Amazon DynamoDB PayPerRequest Throughput",
              "group",
              "DDB-WriteUnits"));
    } else {
      BigDecimal reads =
          r.number("ProvisionedThroughput", "ReadCapacityUnits")
              .orElseThrow(
                  () ->
                      new TemplateValues.Unresolved("Properties.ProvisionedThroughput is not set"));
      BigDecimal writes =
          r.number("ProvisionedThroughput", "WriteCapacityUnits").orElse(BigDecimal.ZERO);
      Optional<Object> indexes = r.value("GlobalSecondaryIndexes");
      if (indexes.isPresent() && indexes.get() instanceof List<?> l) {
        for (int i = 0; i < l.size(); i++) {
          if (l.get(i) instanceof Map<?, ?> gsi
              && gsi.get("ProvisionedThroughput") instanceof Map<?, ?> pt) {
            reads =
                reads.add(
                    optionalNumber(r, pt.get("ReadCapacityUnits"), "GlobalSecondaryIndexes")
                        .orElse(BigDecimal.ZERO));
            writes =
                writes.add(
                    optionalNumber(r, pt.get("WriteCapacityUnits"), "GlobalSecondaryIndexes")
                        .orElse(BigDecimal.ZERO));
          }
        }
      }
      r.hourly(
          "read capacity unit hours (" + reads.toPlainString() + " RCU)",
          reads,
          PriceQuery.of(
              "AmazonDynamoDB",
              r.region(),
              "ReadCapacityUnit-Hrs",
              "productFamily",
              "Provisioned IOPS",
              "group",
              "DDB-ReadUnits"));
      r.hourly(
          "write capacity unit hours (" + writes.toPlainString() + " WCU)",
          writes,
          PriceQuery.of(
              "AmazonDynamoDB",
              r.region(),
              "WriteCapacityUnit-Hrs",
              "productFamily",
              "Provisioned IOPS",
              "group",
              "DDB-WriteUnits"));
    }
    r.usage(
        "storage",
        "storageGb",
        ONE,
        PriceQuery.of(
            "AmazonDynamoDB",
            r.region(),
            "GB-Mo",
            "productFamily",
            "Database Storage",
            "volumeType",
            "Amazon DynamoDB - Indexed DataStore"));
  }

  private static void kinesisStream(ResourcePricing r) {
    r.service("Kinesis");
    if (r.text("StreamModeDetails", "StreamMode")
        .map("ON_DEMAND"::equalsIgnoreCase)
        .orElse(false)) {
      r.usage(
          "on-demand stream hours",
          r.assumed("streamHours"),
          "usage.streamHours",
          PriceQuery.of(
              "AmazonKinesis",
              r.region(),
              "StreamHour",
              "productFamily",
              "Kinesis Streams",
              "group",
              "On-demand stream hour"));
      return;
    }
    BigDecimal shards = r.number("ShardCount").orElse(ONE);
    r.hourly(
        "shard hours (" + shards.toPlainString() + " shards)",
        shards,
        PriceQuery.of(
            "AmazonKinesis",
            r.region(),
            "ShardHour",
            "productFamily",
            "Kinesis Streams",
            "group",
            "Provisioned shard hour"));
  }

  private static void mskCluster(ResourcePricing r) {
    r.service("MSK");
    String type = r.requireText("BrokerNodeGroupInfo", "InstanceType");
    BigDecimal brokers =
        r.number("NumberOfBrokerNodes")
            .orElseThrow(
                () -> new TemplateValues.Unresolved("Properties.NumberOfBrokerNodes is not set"));
    r.hourly(
        "broker hours (" + brokers.toPlainString() + " × " + type + ")",
        brokers,
        PriceQuery.of("AmazonMSK", r.region(), "Hrs", "instanceType", type));
    BigDecimal gb =
        r.number("BrokerNodeGroupInfo", "StorageInfo", "EBSStorageInfo", "VolumeSize")
            .orElse(BigDecimal.valueOf(1000));
    r.fixed(
        "broker storage (" + brokers.toPlainString() + " × " + gb.toPlainString() + " GB)",
        gb.multiply(brokers),
        PriceQuery.of("AmazonMSK", r.region(), "GB-Mo", "productFamily", "Storage"));
  }

  private static void redshiftCluster(ResourcePricing r) {
    r.service("Redshift");
    String nodeType = r.requireText("NodeType");
    boolean single = r.text("ClusterType").map("single-node"::equalsIgnoreCase).orElse(false);
    BigDecimal nodes = single ? ONE : r.number("NumberOfNodes").orElse(BigDecimal.valueOf(2));
    r.hourly(
        "node hours (" + nodes.toPlainString() + " × " + nodeType + ")",
        nodes,
        PriceQuery.of(
            "AmazonRedshift",
            r.region(),
            "Hrs",
            "instanceType",
            nodeType,
            "productFamily",
            "Compute Instance"));
    if (nodeType.startsWith("ra3")) {
      r.usage(
          "managed storage",
          "storageGb",
          ONE,
          PriceQuery.of(
              "AmazonRedshift", r.region(), "GB-Mo", "productFamily", "Redshift Managed Storage"));
    }
  }

  private static void vpcEndpoint(ResourcePricing r) {
    r.service("VPC");
    String type = r.text("VpcEndpointType").orElse("Gateway");
    if (type.equalsIgnoreCase("Gateway")) {
      r.free("gateway endpoints (S3, DynamoDB) have no charge");
      return;
    }
    BigDecimal zones =
        r.value("SubnetIds")
            .filter(v -> v instanceof List<?>)
            .map(v -> BigDecimal.valueOf(((List<?>) v).size()))
            .orElseGet(
                () -> {
                  r.note("no SubnetIds: priced for one Availability Zone");
                  return ONE;
                });
    r.hourly(
        "endpoint hours (" + zones.toPlainString() + " AZ)",
        zones,
        PriceQuery.of(
            "AmazonVPC",
            r.region(),
            "Hrs",
            "productFamily",
            "VpcEndpoint",
            "endpointType",
            "PrivateLink"));
    r.usage(
        "data processed",
        "monthlyDataProcessedGb",
        ONE,
        PriceQuery.of(
            "AmazonVPC",
            r.region(),
            "GB",
            "productFamily",
            "VpcEndpoint",
            "endpointType",
            "PrivateLink"));
  }

  private static void transitGatewayAttachment(ResourcePricing r) {
    r.service("VPC");
    r.hourly(
        "attachment hours",
        ONE,
        PriceQuery.of("AmazonVPC", r.region(), "Hrs", "productFamily", "Transit Gateway"));
    r.usage(
        "data processed",
        "monthlyDataProcessedGb",
        ONE,
        PriceQuery.of("AmazonVPC", r.region(), "GB", "productFamily", "Transit Gateway"));
  }

  // --- management and security --------------------------------------------------------------

  private static void kmsKey(ResourcePricing r) {
    r.service("KMS");
    r.fixed(
        "customer managed key",
        ONE,
        PriceQuery.of("awskms", r.region(), "Keys", "productFamily", "Encryption Key"));
    r.usage(
        "API requests",
        "monthlyRequests",
        ONE,
        PriceQuery.of("awskms", r.region(), "Requests", "productFamily", "API Request"));
  }

  private static void secret(ResourcePricing r) {
    r.service("SecretsManager");
    r.fixed(
        "secret",
        ONE,
        PriceQuery.of("AWSSecretsManager", r.region(), "Secrets", "productFamily", "Secret"));
    r.usage(
        "API calls",
        "monthlyApiCalls",
        ONE,
        PriceQuery.of(
            "AWSSecretsManager", r.region(), "API Requests", "productFamily", "API Request"));
  }

  private static void alarm(ResourcePricing r) {
    r.service("CloudWatch");
    boolean highResolution =
        r.number("Period").map(p -> p.compareTo(BigDecimal.valueOf(60)) < 0).orElse(false);
    BigDecimal metrics = ONE;
    Optional<Object> list = r.value("Metrics");
    if (list.isPresent() && list.get() instanceof List<?> l) {
      long withStat =
          l.stream().filter(m -> m instanceof Map<?, ?> mm && mm.get("MetricStat") != null).count();
      metrics = BigDecimal.valueOf(Math.max(1, withStat));
    }
    String kind = highResolution ? "High Resolution" : "Standard";
    r.fixed(
        kind.toLowerCase(Locale.ROOT) + " alarm metrics (" + metrics.toPlainString() + ")",
        metrics,
        PriceQuery.of(
            "AmazonCloudWatch", r.region(), "Alarms", "productFamily", "Alarm", "alarmType", kind));
  }

  private static void compositeAlarm(ResourcePricing r) {
    r.service("CloudWatch");
    r.fixed(
        "composite alarm",
        ONE,
        PriceQuery.of(
            "AmazonCloudWatch",
            r.region(),
            "Alarms",
            "productFamily",
            "Alarm",
            "alarmType",
            "Composite"));
  }

  private static void dashboard(ResourcePricing r) {
    r.service("CloudWatch");
    r.fixed(
        "dashboard",
        ONE,
        PriceQuery.of("AmazonCloudWatch", r.region(), "Dashboards", "productFamily", "Dashboard"));
  }

  private static void hostedZone(ResourcePricing r) {
    r.service("Route53");
    // Route 53 is global; its prices are listed under the "global" region code.
    r.fixed(
        "hosted zone",
        ONE,
        PriceQuery.of("AmazonRoute53", "global", "HostedZone", "productFamily", "DNS Zone"));
    r.usage(
        "standard queries",
        "monthlyQueries",
        ONE,
        PriceQuery.of("AmazonRoute53", "global", "Queries", "productFamily", "DNS Query"));
  }

  // --- usage-priced -------------------------------------------------------------------------

  private static void lambda(ResourcePricing r) {
    r.service("Lambda");
    boolean arm =
        r.value("Architectures")
            .filter(v -> v instanceof List<?> l && l.contains("arm64"))
            .isPresent();
    BigDecimal memoryMb = r.number("MemorySize").orElse(BigDecimal.valueOf(128));
    r.usage(
        "requests",
        "monthlyRequests",
        ONE,
        PriceQuery.of("AWSLambda", r.region(), "Requests", "group", "AWS-Lambda-Requests"));
    Optional<BigDecimal> requests = r.assumed("monthlyRequests");
    Optional<BigDecimal> durationMs = r.assumed("averageDurationMs");
    Optional<BigDecimal> gbSeconds =
        requests.isPresent() && durationMs.isPresent()
            ? Optional.of(
                requests
                    .get()
                    .multiply(durationMs.get())
                    .multiply(memoryMb)
                    .divide(BigDecimal.valueOf(1000L * 1024), 6, RoundingMode.HALF_UP))
            : Optional.empty();
    r.usage(
        "compute (" + memoryMb.toPlainString() + " MB, " + (arm ? "arm64" : "x86_64") + ")",
        gbSeconds,
        "usage.monthlyRequests and usage.averageDurationMs",
        PriceQuery.of(
            "AWSLambda",
            r.region(),
            "Lambda-GB-Second",
            "group",
            arm ? "AWS-Lambda-Duration-ARM" : "AWS-Lambda-Duration"));
    r.note("the free tier is not subtracted");
  }

  private static void s3Bucket(ResourcePricing r) {
    r.service("S3");
    r.usage(
        "Standard storage",
        "storageGb",
        ONE,
        PriceQuery.of(
            "AmazonS3", r.region(), "GB-Mo", "productFamily", "Storage", "volumeType", "Standard"));
    r.usage(
        "PUT, COPY, POST, LIST requests",
        "monthlyPutRequests",
        ONE,
        PriceQuery.of(
            "AmazonS3",
            r.region(),
            "Requests",
            "productFamily",
            "API Request",
            "group",
            "S3-API-Tier1"));
    r.usage(
        "GET and other requests",
        "monthlyGetRequests",
        ONE,
        PriceQuery.of(
            "AmazonS3",
            r.region(),
            "Requests",
            "productFamily",
            "API Request",
            "group",
            "S3-API-Tier2"));
  }

  private static void sqsQueue(ResourcePricing r) {
    r.service("SQS");
    boolean fifo = r.text("FifoQueue").map(Boolean::parseBoolean).orElse(false);
    r.usage(
        (fifo ? "FIFO" : "standard") + " requests",
        "monthlyRequests",
        ONE,
        PriceQuery.of(
            "AWSQueueService",
            r.region(),
            "Requests",
            "productFamily",
            "API Request",
            "queueType",
            fifo ? "FIFO (first-in, first-out)" : "Standard"));
  }

  private static void snsTopic(ResourcePricing r) {
    r.service("SNS");
    r.usage(
        "publishes",
        "monthlyPublishes",
        ONE,
        PriceQuery.of("AmazonSNS", r.region(), "Requests", "productFamily", "API Request"));
  }

  private static void restApi(ResourcePricing r) {
    r.service("ApiGateway");
    r.usage(
        "REST API requests",
        "monthlyRequests",
        ONE,
        PriceQuery.of(
            "AmazonApiGateway",
            r.region(),
            "Requests",
            "productFamily",
            "API Calls",
            "operation",
            "ApiGatewayRequest"));
  }

  private static void httpApi(ResourcePricing r) {
    r.service("ApiGateway");
    String protocol = r.text("ProtocolType").orElse("HTTP");
    if (protocol.equalsIgnoreCase("WEBSOCKET")) {
      r.usage(
          "WebSocket messages",
          "monthlyMessages",
          ONE,
          PriceQuery.of(
              "AmazonApiGateway",
              r.region(),
              "Messages",
              "productFamily",
              "WebSocket",
              "operation",
              "ApiGatewayWebSocket"));
      return;
    }
    r.usage(
        "HTTP API requests",
        "monthlyRequests",
        ONE,
        PriceQuery.of(
            "AmazonApiGateway",
            r.region(),
            "Requests",
            "productFamily",
            "API Calls",
            "operation",
            "ApiGatewayHttpApi"));
  }

  private static void logGroup(ResourcePricing r) {
    r.service("CloudWatch");
    r.usage(
        "log ingestion",
        "monthlyIngestedGb",
        ONE,
        PriceQuery.of(
            "AmazonCloudWatch",
            r.region(),
            "GB",
            "productFamily",
            "Data Payload",
            "group",
            "Ingested Logs"));
    r.usage(
        "log storage",
        "storageGb",
        ONE,
        PriceQuery.of(
            "AmazonCloudWatch",
            r.region(),
            "GB-Mo",
            "productFamily",
            "Storage Snapshot",
            "group",
            "Archived Logs"));
  }

  private static void efs(ResourcePricing r) {
    r.service("EFS");
    r.usage(
        "Standard storage",
        "storageGb",
        ONE,
        PriceQuery.of(
            "AmazonEFS",
            r.region(),
            "GB-Mo",
            "productFamily",
            "Storage",
            "storageClass",
            "General Purpose"));
  }
}
