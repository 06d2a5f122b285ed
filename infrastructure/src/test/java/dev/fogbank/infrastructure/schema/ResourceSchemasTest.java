package dev.fogbank.shared.template.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.infrastructure.resources.cloudformation.Stack;
import dev.fogbank.infrastructure.resources.dynamodb.Table;
import dev.fogbank.infrastructure.resources.iam.Role;
import dev.fogbank.infrastructure.resources.lambda.Function;
import dev.fogbank.infrastructure.resources.s3.Bucket;
import dev.fogbank.infrastructure.resources.secretsmanager.Secret;
import dev.fogbank.shared.template.Fn;
import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.Resource;
import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateProblem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ResourceSchemasTest {

  private final ResourceSchemas schemas = ResourceSchemas.bundled();

  private List<TemplateProblem> check(ResourceDefinition<?> resource) {
    return schemas.check(resource);
  }

  private static void assertProblems(List<TemplateProblem> actual, TemplateProblem... expected) {
    assertEquals(List.of(expected), actual);
  }

  private static TemplateProblem problem(String location, String message) {
    return new TemplateProblem(location, message);
  }

  @Test
  @DisplayName(
      "An unknown resource type is a warning on its Type (a module, registry or newer type),"
          + " suggesting the closest type")
  void unknownType() {
    assertProblems(
        check(Resource.of("DropBucket", "AWS::S3::Buckt")),
        TemplateProblem.warning(
            "Resources.DropBucket.Type",
            "unknown resource type AWS::S3::Buckt; did you mean AWS::S3::Bucket?"));
    assertProblems(
        check(Resource.of("T", "AWS::Dynamodb::Table")),
        TemplateProblem.warning(
            "Resources.T.Type",
            "unknown resource type AWS::Dynamodb::Table; did you mean AWS::DynamoDB::Table?"));
    assertProblems(
        check(Resource.of("X", "AWS::Nothing::LikeThis")),
        TemplateProblem.warning(
            "Resources.X.Type", "unknown resource type AWS::Nothing::LikeThis"));
    assertProblems(
        check(Resource.of("M", "Acme::Network::Vpc::MODULE")),
        TemplateProblem.warning(
            "Resources.M.Type", "unknown resource type Acme::Network::Vpc::MODULE"));
  }

  @Test
  @DisplayName("SAM types outside the SAM transform are an error, naming the transform")
  void serverlessTypesAreUnknown() {
    List<TemplateProblem> problems = check(Resource.of("Fn", "AWS::Serverless::Function"));
    assertEquals(1, problems.size());
    assertEquals("Resources.Fn.Type", problems.get(0).location());
    assertTrue(problems.get(0).isError());
    assertTrue(
        problems.get(0).message().contains("Transform: AWS::Serverless-2016-10-31"),
        problems.get(0).message());
  }

  @Test
  @DisplayName("A misspelt top-level property is named with its type and the closest property")
  void misspeltTopLevelProperty() {
    assertProblems(
        check(Bucket.create("DropBucket").property("BucketNam", "drops")),
        problem(
            "Resources.DropBucket.Properties.BucketNam",
            "AWS::S3::Bucket: unknown property BucketNam; did you mean BucketName?"));
    assertProblems(
        check(Bucket.create("B").property("Completely", "different")),
        problem(
            "Resources.B.Properties.Completely", "AWS::S3::Bucket: unknown property Completely"));
  }

  @Test
  @DisplayName("A misspelt nested property is located by its full path and suggests the right one")
  void misspeltNestedProperty() {
    assertProblems(
        check(Bucket.create("DropBucket").versioningConfiguration(Fn.map("Staus", "Enabled"))),
        problem(
            "Resources.DropBucket.Properties.VersioningConfiguration.Staus",
            "AWS::S3::Bucket: unknown property Staus in VersioningConfiguration; did you mean"
                + " Status?"),
        problem(
            "Resources.DropBucket.Properties.VersioningConfiguration",
            "AWS::S3::Bucket: missing required property Status in VersioningConfiguration"));
    assertProblems(
        check(
            Table.create("T")
                .keySchema(List.of(Fn.map("AttributeName", "pk", "KeyType", "HASH")))
                .attributeDefinitions(List.of(Fn.map("AttributeName", "pk", "AttributeTyp", "S")))),
        problem(
            "Resources.T.Properties.AttributeDefinitions[0].AttributeTyp",
            "AWS::DynamoDB::Table: unknown property AttributeTyp in AttributeDefinition; did you"
                + " mean AttributeType?"),
        problem(
            "Resources.T.Properties.AttributeDefinitions[0]",
            "AWS::DynamoDB::Table: missing required property AttributeType in"
                + " AttributeDefinition"));
  }

  @Test
  @DisplayName("A map where a string is expected is a type error naming the property")
  void mapForString() {
    assertProblems(
        check(Bucket.create("B").bucketName(Fn.map("Name", "x"))),
        problem(
            "Resources.B.Properties.BucketName",
            "AWS::S3::Bucket: BucketName must be a string, not a map"));
  }

  @Test
  @DisplayName("A string where a list is expected, and a list item of the wrong type, are errors")
  void stringForListAndWrongItem() {
    Function fn = validFunction("Fn").layers("arn:aws:lambda:eu-west-1:123456789012:layer:x:1");
    assertProblems(
        check(fn),
        problem(
            "Resources.Fn.Properties.Layers",
            "AWS::Lambda::Function: Layers must be a list of string, not the string"
                + " \"arn:aws:lambda:eu-west-1:123456789012...\""));
    assertProblems(
        check(validFunction("Fn").tags(List.of(Fn.map("Key", "team", "Value", "x"), "team=x"))),
        problem(
            "Resources.Fn.Properties.Tags[1]",
            "AWS::Lambda::Function: Tags[1] must be a Tag object, not the string \"team=x\""));
    assertProblems(
        check(validFunction("Fn").architectures(List.of(List.of("arm64")))),
        problem(
            "Resources.Fn.Properties.Architectures[0]",
            "AWS::Lambda::Function: Architectures[0] must be a string, not a list"));
  }

  @Test
  @DisplayName("Numbers and booleans given as strings are accepted, as CloudFormation does")
  void numbersAndBooleansAsStrings() {
    assertProblems(check(validFunction("Fn").memorySize("512").timeout("30")));
    assertProblems(
        check(
            validTable("T")
                .pointInTimeRecoverySpecification(Fn.map("PointInTimeRecoveryEnabled", "true"))));
    assertProblems(check(validFunction("Fn").memorySize(512L).timeout(30.0)));
    assertProblems(check(Bucket.create("B").bucketName(42)));
    assertProblems(
        check(validFunction("Fn").memorySize("lots")),
        problem(
            "Resources.Fn.Properties.MemorySize",
            "AWS::Lambda::Function: MemorySize must be an integer, not the string \"lots\""));
    assertProblems(
        check(validFunction("Fn").timeout(2.5)),
        problem(
            "Resources.Fn.Properties.Timeout",
            "AWS::Lambda::Function: Timeout must be an integer, not the number 2.5"));
    assertProblems(
        check(validTable("T").deletionProtectionEnabled("yes")),
        problem(
            "Resources.T.Properties.DeletionProtectionEnabled",
            "AWS::DynamoDB::Table: DeletionProtectionEnabled must be a boolean, not the string"
                + " \"yes\""));
  }

  @Test
  @DisplayName("Intrinsic functions are accepted in place of any value")
  void intrinsicsAccepted() {
    Function fn =
        validFunction("Fn")
            .functionName(Fn.sub("${AWS::StackName}-fn"))
            .layers(Fn.ref("LayerArns"))
            .environment(Fn.findInMap("Env", Fn.REGION, "Vars"))
            .memorySize(Fn.ref("Memory"))
            .vpcConfig(Fn.importValue("network-vpc-config"))
            .tags(List.of(Fn.ref("AWS::NoValue")));
    assertProblems(check(fn));
  }

  @Test
  @DisplayName("Both branches of Fn::If are checked against the schema; AWS::NoValue is skipped")
  void ifBranchesChecked() {
    assertProblems(
        check(
            Bucket.create("B")
                .versioningConfiguration(
                    Fn.ifThen("Prod", Fn.map("Status", "Enabled"), Fn.NO_VALUE))));
    assertProblems(
        check(
            Bucket.create("B")
                .versioningConfiguration(
                    Fn.ifThen("Prod", Fn.map("Status", "Enabled"), Fn.map("Staus", "Off")))),
        problem(
            "Resources.B.Properties.VersioningConfiguration.Fn::If[2].Staus",
            "AWS::S3::Bucket: unknown property Staus in VersioningConfiguration; did you mean"
                + " Status?"),
        problem(
            "Resources.B.Properties.VersioningConfiguration.Fn::If[2]",
            "AWS::S3::Bucket: missing required property Status in VersioningConfiguration"));
    assertProblems(
        check(validFunction("Fn").memorySize(Fn.ifThen("Big", List.of(1024), 128))),
        problem(
            "Resources.Fn.Properties.MemorySize.Fn::If[1]",
            "AWS::Lambda::Function: MemorySize.Fn::If[1] must be an integer, not a list"));
  }

  @Test
  @DisplayName("Missing required properties are errors on the resource's Properties")
  void requiredMissing() {
    assertProblems(
        check(Table.create("T")),
        problem(
            "Resources.T.Properties", "AWS::DynamoDB::Table: missing required property KeySchema"));
    assertProblems(
        check(Function.create("Fn")),
        problem("Resources.Fn.Properties", "AWS::Lambda::Function: missing required property Code"),
        problem(
            "Resources.Fn.Properties", "AWS::Lambda::Function: missing required property Role"));
  }

  @Test
  @DisplayName("A read-only property is refused, pointing to Fn::GetAtt")
  void readOnlyProperty() {
    assertProblems(
        check(Bucket.create("B").property("Arn", "arn:aws:s3:::b")),
        problem(
            "Resources.B.Properties.Arn",
            "AWS::S3::Bucket: Arn is read-only, an attribute CloudFormation sets; read it with"
                + " Fn::GetAtt"));
  }

  @Test
  @DisplayName("Custom:: resources accept any property but need a ServiceToken")
  void customResources() {
    assertProblems(
        check(
            Resource.of("Seed", "Custom::SeedTable")
                .property("ServiceToken", Fn.getAtt("SeedFn", "Arn"))
                .property("Rows", List.of(Fn.map("id", 1, "live", true)))
                .property("Force", true)));
    assertProblems(
        check(Resource.of("Seed", "AWS::CloudFormation::CustomResource").property("A", "b")),
        problem(
            "Resources.Seed.Properties",
            "AWS::CloudFormation::CustomResource: missing required property ServiceToken"));
    assertEquals(1, check(Resource.of("Seed", "Custom::Bad/Name")).size());
    assertEquals(Optional.empty(), schemas.checkAttribute("Custom::SeedTable", "AnyOutput"));
  }

  @Test
  @DisplayName("GetAtt attributes are checked: read-only ones and the properties some types allow")
  void getAttAttributes() {
    assertEquals(Optional.empty(), schemas.checkAttribute("AWS::S3::Bucket", "Arn"));
    assertEquals(
        Optional.empty(), schemas.checkAttribute("AWS::RDS::DBCluster", "Endpoint.Address"));
    assertEquals(Optional.empty(), schemas.checkAttribute("AWS::SQS::Queue", "QueueName"));
    assertEquals(
        Optional.empty(), schemas.checkAttribute("AWS::CloudFormation::Stack", "Outputs.ApiUrl"));
    assertEquals(Optional.empty(), schemas.checkAttribute("AWS::No::SuchType", "Arn"));
    Optional<String> wrong = schemas.checkAttribute("AWS::DynamoDB::Table", "StreamARN");
    assertEquals(
        Optional.of(
            "AWS::DynamoDB::Table has no attribute StreamARN; did you mean StreamArn? (valid: Arn,"
                + " StreamArn)"),
        wrong);
    assertTrue(schemas.checkAttribute("AWS::S3::Bucket", "BucketName").isPresent());
    assertTrue(schemas.checkAttribute("AWS::CloudFormation::Stack", "Outputs").isPresent());
  }

  @Test
  @DisplayName("Template validation reports schema problems and bad GetAtt attributes")
  void throughTemplate() {
    Template t = Template.create();
    Bucket bucket = Bucket.create("Drops").property("BucketNam", "x");
    t.add(bucket);
    t.add(validFunction("Fn").environment(Fn.map("Variables", Fn.map("B", bucket.getAtt("Ar")))));
    List<TemplateProblem> problems = t.validate(schemas);
    assertTrue(
        problems.contains(
            problem(
                "Resources.Drops.Properties.BucketNam",
                "AWS::S3::Bucket: unknown property BucketNam; did you mean BucketName?")),
        problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(
                p ->
                    p.location().startsWith("Resources.Fn.Properties.Environment")
                        && p.message().contains("has no attribute Ar; did you mean Arn?")),
        problems.toString());
  }

  @Test
  @DisplayName("Realistic S3 bucket, Lambda function, IAM role and DynamoDB table pass")
  void realisticResourcesPass() {
    Bucket bucket =
        Bucket.create("ArtifactsBucket")
            .bucketName(Fn.sub("fogbank-artifacts-${AWS::AccountId}-${AWS::Region}"))
            .versioningConfiguration(Fn.map("Status", "Enabled"))
            .bucketEncryption(
                Fn.map(
                    "ServerSideEncryptionConfiguration",
                    List.of(
                        Fn.map(
                            "ServerSideEncryptionByDefault",
                            Fn.map("SSEAlgorithm", "aws:kms", "KMSMasterKeyID", Fn.ref("Key")),
                            "BucketKeyEnabled",
                            true))))
            .publicAccessBlockConfiguration(
                Fn.map(
                    "BlockPublicAcls", true,
                    "BlockPublicPolicy", true,
                    "IgnorePublicAcls", true,
                    "RestrictPublicBuckets", true))
            .lifecycleConfiguration(
                Fn.map(
                    "Rules",
                    List.of(
                        Fn.map(
                            "Id", "expire-old-versions",
                            "Status", "Enabled",
                            "NoncurrentVersionExpiration", Fn.map("NoncurrentDays", 30)))))
            .notificationConfiguration(
                Fn.map("EventBridgeConfiguration", Fn.map("EventBridgeEnabled", true)))
            .tags(List.of(Fn.map("Key", "app", "Value", "fogbank")))
            .retain();
    Role role =
        Role.create("FunctionRole")
            .assumeRolePolicyDocument(
                Fn.map(
                    "Version",
                    "2012-10-17",
                    "Statement",
                    List.of(
                        Fn.map(
                            "Effect", "Allow",
                            "Principal", Fn.map("Service", "lambda.amazonaws.com"),
                            "Action", "sts:AssumeRole"))))
            .managedPolicyArns(
                List.of(
                    Fn.sub(
                        "arn:${AWS::Partition}:iam::aws:policy/service-role/"
                            + "AWSLambdaBasicExecutionRole")))
            .policies(
                List.of(
                    Fn.map(
                        "PolicyName",
                        "read-artifacts",
                        "PolicyDocument",
                        Fn.map(
                            "Version",
                            "2012-10-17",
                            "Statement",
                            List.of(
                                Fn.map(
                                    "Effect", "Allow",
                                    "Action", List.of("s3:GetObject"),
                                    "Resource", Fn.sub("${ArtifactsBucket.Arn}/*")))))));
    Function function =
        validFunction("DeployFunction")
            .runtime("java21")
            .handler("dev.fogbank.functions.Handler::handleRequest")
            .memorySize(1024)
            .timeout(30)
            .architectures(List.of("arm64"))
            .snapStart(Fn.map("ApplyOn", "PublishedVersions"))
            .environment(Fn.map("Variables", Fn.map("BUCKET", bucket.ref())))
            .tracingConfig(Fn.map("Mode", "Active"))
            .loggingConfig(Fn.map("LogFormat", "JSON", "ApplicationLogLevel", "INFO"));
    Table table =
        Table.create("Deployments")
            .billingMode("PAY_PER_REQUEST")
            .attributeDefinitions(
                List.of(
                    Fn.map("AttributeName", "pk", "AttributeType", "S"),
                    Fn.map("AttributeName", "sk", "AttributeType", "S"),
                    Fn.map("AttributeName", "status", "AttributeType", "S")))
            .keySchema(
                List.of(
                    Fn.map("AttributeName", "pk", "KeyType", "HASH"),
                    Fn.map("AttributeName", "sk", "KeyType", "RANGE")))
            .globalSecondaryIndexes(
                List.of(
                    Fn.map(
                        "IndexName", "by-status",
                        "KeySchema",
                            List.of(
                                Fn.map("AttributeName", "status", "KeyType", "HASH"),
                                Fn.map("AttributeName", "sk", "KeyType", "RANGE")),
                        "Projection", Fn.map("ProjectionType", "ALL"))))
            .timeToLiveSpecification(Fn.map("AttributeName", "expiresAt", "Enabled", true))
            .pointInTimeRecoverySpecification(Fn.map("PointInTimeRecoveryEnabled", true))
            .sseSpecification(Fn.map("SSEEnabled", true))
            .streamSpecification(Fn.map("StreamViewType", "NEW_AND_OLD_IMAGES"))
            .deletionProtectionEnabled(true);
    for (ResourceDefinition<?> r : List.of(bucket, role, function, table)) {
      assertProblems(check(r));
    }
  }

  @Test
  @DisplayName("Typed builders produce their type and the schema's property names")
  void typedBuilders() {
    Table table =
        Table.create("T")
            .sseSpecification(Fn.map("SSEEnabled", true))
            .timeToLiveSpecification(Fn.map("Enabled", false));
    assertEquals("AWS::DynamoDB::Table", table.type());
    assertEquals(Table.TYPE, table.type());
    assertEquals(
        List.of("SSESpecification", "TimeToLiveSpecification"),
        List.copyOf(table.properties().keySet()));
    Secret secret = Secret.create("S").typeProperty("x").name("n");
    assertEquals(List.of("Type", "Name"), List.copyOf(secret.properties().keySet()));
    assertEquals(new Intrinsic.GetAtt("T", "StreamArn"), table.getStreamArn());
    assertEquals(new Intrinsic.GetAtt("N", "Outputs.Url"), Stack.create("N").getOutput("Url"));
    assertEquals("AWS::Lambda::Function", Function.create("F").type());
    assertEquals(List.of("Code", "Role"), List.copyOf(validFunction("F").properties().keySet()));
  }

  @Test
  @DisplayName("Every bundled type's data parses, and the data names its cfn-lint source")
  void allTypesParse() {
    List<String> names = schemas.typeNames();
    assertTrue(names.size() > 1500, "types: " + names.size());
    for (String name : names) {
      assertTrue(schemas.schema(name).isPresent(), name);
    }
    assertTrue(schemas.source().matches("cfn-lint \\d+\\.\\d+\\.\\d+"), schemas.source());
    assertEquals(
        List.of("BucketName", "BucketNamePrefix", "BucketNamespace"),
        schemas.schema("AWS::S3::Bucket").orElseThrow().createOnly());
  }

  private static Function validFunction(String id) {
    return Function.create(id)
        .code(Fn.map("S3Bucket", Fn.ref("ArtifactsBucket"), "S3Key", "fn.zip"))
        .role(Fn.getAtt("FunctionRole", "Arn"));
  }

  private static Table validTable(String id) {
    return Table.create(id)
        .keySchema(List.of(Fn.map("AttributeName", "pk", "KeyType", "HASH")))
        .attributeDefinitions(List.of(Fn.map("AttributeName", "pk", "AttributeType", "S")));
  }
}
