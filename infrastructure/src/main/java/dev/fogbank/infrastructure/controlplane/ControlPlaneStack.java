package dev.fogbank.infrastructure.controlplane;

import dev.fogbank.infrastructure.controlplane.ControlPlaneFunction.Setting;
import dev.fogbank.infrastructure.resources.apigatewayv2.Api;
import dev.fogbank.infrastructure.resources.apigatewayv2.Integration;
import dev.fogbank.infrastructure.resources.apigatewayv2.Route;
import dev.fogbank.infrastructure.resources.apigatewayv2.Stage;
import dev.fogbank.infrastructure.resources.dynamodb.Table;
import dev.fogbank.infrastructure.resources.events.Rule;
import dev.fogbank.infrastructure.resources.iam.Role;
import dev.fogbank.infrastructure.resources.lambda.Alias;
import dev.fogbank.infrastructure.resources.lambda.Function;
import dev.fogbank.infrastructure.resources.lambda.Permission;
import dev.fogbank.infrastructure.resources.lambda.Version;
import dev.fogbank.infrastructure.resources.logs.LogGroup;
import dev.fogbank.infrastructure.resources.s3.Bucket;
import dev.fogbank.infrastructure.resources.s3.BucketPolicy;
import dev.fogbank.infrastructure.resources.secretsmanager.Secret;
import dev.fogbank.infrastructure.resources.sns.Subscription;
import dev.fogbank.infrastructure.resources.sns.Topic;
import dev.fogbank.infrastructure.resources.sns.TopicPolicy;
import dev.fogbank.infrastructure.resources.sqs.Queue;
import dev.fogbank.infrastructure.resources.stepfunctions.StateMachine;
import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.template.Fn;
import dev.fogbank.shared.template.Intrinsic;
import dev.fogbank.shared.template.Output;
import dev.fogbank.shared.drift.DriftScanLimits;
import dev.fogbank.shared.template.Parameter;
import dev.fogbank.shared.template.Resource;
import dev.fogbank.shared.template.ResourceDefinition.Policy;
import dev.fogbank.shared.template.Template;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * The control plane's own stack, built with the template engine: the drop and the state of
 * deployments (bucket, table, topic, secret), every function with its own least-privilege role,
 * log group, SnapStart version and alias, the deploy state machine, the HTTP API and the
 * CloudFormation service role deployments run under.
 *
 * <p>Artifacts are parameters (S3 keys in the artifacts bucket that bootstrap creates), so the
 * template is the same for every build and a new artifact changes only what uses it.
 */
public final class ControlPlaneStack {

  public static final String ARTIFACTS_BUCKET_PARAMETER = "ArtifactsBucketName";
  public static final String LOG_RETENTION_PARAMETER = "LogRetentionDays";

  /** Requests per second across the API, and the burst above it, before API Gateway sends 429. */
  static final int API_THROTTLING_RATE = 20;

  static final int API_THROTTLING_BURST = 50;

  /** One JSON line per request: who (the IAM ARN), what, and how it ended. */
  static final String API_ACCESS_LOG_FORMAT =
      "{\"requestId\":\"$context.requestId\",\"time\":\"$context.requestTime\","
          + "\"caller\":\"$context.identity.userArn\",\"sourceIp\":\"$context.identity.sourceIp\","
          + "\"route\":\"$context.routeKey\",\"method\":\"$context.httpMethod\","
          + "\"path\":\"$context.path\",\"status\":\"$context.status\","
          + "\"responseLength\":\"$context.responseLength\","
          + "\"integrationError\":\"$context.integrationErrorMessage\"}";
  public static final String DEPLOYMENT_POLICIES_PARAMETER = "DeploymentPolicyArns";
  /** "true" opts the deployment role in to AdministratorAccess; the default is narrower. */
  public static final String DEPLOYMENT_ADMIN_PARAMETER = "DeploymentRoleAdministrator";

  /**
   * "true" (the default): triggers and the state machine invoke each function through its alias
   * on a SnapStart version. "false" invokes the functions unqualified and creates no versions or
   * aliases: for emulators, where AWS::Lambda::Alias does not exist (moto skips the type, and a
   * permission on an alias-qualified ARN then fails).
   */
  public static final String FUNCTION_ALIASES_PARAMETER = "FunctionAliases";

  public static final String DRIFT_SCHEDULE_PARAMETER = "DriftScanSchedule";

  /** Daily, at 05:00 UTC; {@code fogbank local} schedules the same expression. */
  public static final String DRIFT_SCHEDULE_DEFAULT = "cron(0 5 * * ? *)";
  public static final String COST_SCHEDULE_PARAMETER = "CostScanSchedule";
  public static final String COST_SCHEDULE_DEFAULT = "cron(0 7 * * ? *)";
  public static final String PRICE_REFRESH_SCHEDULE_PARAMETER = "PriceRefreshSchedule";

  public static final String TABLE = "ControlTable";
  public static final String DROP_BUCKET = "DropBucket";
  public static final String TOPIC = "NotificationTopic";

  /** The customer managed KMS key the topic is encrypted with ({@link TopicKeyPolicy}). */
  public static final String TOPIC_KEY = "NotificationTopicKey";
  public static final String API = "HttpApi";
  public static final String DEPLOY_STATE_MACHINE = "DeployStateMachine";
  public static final String DRIFT_STATE_MACHINE = "DriftScanStateMachine";
  public static final String DRIFT_CONCURRENCY_PARAMETER = "DriftScanConcurrency";
  public static final String DRIFT_INCLUDE_PARAMETER = "DriftScanInclude";
  public static final String DRIFT_EXCLUDE_PARAMETER = "DriftScanExclude";
  public static final String DRIFT_DISCOVER_PARAMETER = "DriftScanDiscover";

  /**
   * S3 buckets (comma-separated) besides the artifacts bucket whose objects {@code POST
   * /deployments} may name by {@code templateUrl}. The control plane grants itself nothing on
   * them: each bucket's policy lets the api function's role read (s3:GetObject) what it shares.
   */
  public static final String TEMPLATE_BUCKETS_PARAMETER = "TemplateBuckets";
  public static final String CONSOLE_URL_PARAMETER = "ConsoleUrl";
  public static final String DEPLOYMENT_ROLE = "DeploymentRole";
  public static final String SLACK_SECRET = "SlackWebhookSecret";
  public static final String SLACK_SIGNING_SECRET = "SlackSigningSecret";
  /** The key that signs the console's sessions and login tickets (generated at create). */
  public static final String CONSOLE_SESSION_SECRET = "ConsoleSessionSecret";

  /**
   * Resources holding state: an upgrade that would delete or replace them is refused, and they
   * outlive the stack (RetainExceptOnCreate: kept on delete and replacement, but removed when the
   * stack's first creation rolls back, so that a failed first bootstrap can simply be re-run
   * without colliding with their fixed names).
   */
  public static final List<String> PROTECTED_RESOURCES =
      List.of(TABLE, DROP_BUCKET, TOPIC, TOPIC_KEY);

  public static final String OUTPUT_API_URL = "ApiUrl";
  public static final String OUTPUT_DROP_BUCKET = "DropBucketName";
  public static final String OUTPUT_TOPIC = "TopicArn";
  public static final String OUTPUT_TABLE = "TableName";
  public static final String OUTPUT_STATE_MACHINE = "DeployStateMachineArn";
  public static final String OUTPUT_DRIFT_STATE_MACHINE = "DriftScanStateMachineArn";

  /** Functions are invoked through this alias, which points at the SnapStart version. */
  public static final String ALIAS = "live";

  /**
   * The drop bucket's name, known before the bucket exists: its notification's permission and the
   * drop function's role name it, and a GetAtt would make a cycle through the bucket.
   */
  private static final String DROP_BUCKET_NAME =
      "${AWS::StackName}-drop-${AWS::AccountId}-${AWS::Region}";

  private static final String USE_DEFAULT_DEPLOYMENT_POLICY = "UseDefaultDeploymentPolicy";
  private static final String DEPLOYMENT_ADMIN = "DeploymentRoleIsAdministrator";
  private static final String USE_NARROW_DEPLOYMENT_POLICY = "UseNarrowDeploymentPolicy";
  private static final String WITH_ALIASES = "WithFunctionAliases";

  private final Template template = Template.create();
  private final Map<ControlPlaneFunction, Function> functions =
      new EnumMap<>(ControlPlaneFunction.class);
  private Intrinsic.Ref artifactsBucket;
  private Table table;
  private Bucket dropBucket;
  private Topic topic;
  private Secret slackSecret;
  private Secret slackSigningSecret;
  private Secret consoleSessionSecret;
  private Role deploymentRole;
  private StateMachine stateMachine;

  private ControlPlaneStack() {}

  /** The control-plane template (not yet validated against the resource schemas). */
  public static Template template() {
    return new ControlPlaneStack().build();
  }

  private Template build() {
    template.description(
        "fogbank control plane: CloudFormation deployments through a drop bucket and an HTTPS API,"
            + " with locks, history and Slack notifications.");
    parameters();
    state();
    consoleSessionSecret();
    deploymentRole();
    Map<ControlPlaneFunction, Intrinsic> stepAliases = new LinkedHashMap<>();
    for (ControlPlaneFunction f : ControlPlaneFunction.values()) {
      if (f.isStep()) {
        stepAliases.put(f, function(f));
      }
    }
    stateMachine(stepAliases);
    for (ControlPlaneFunction f : ControlPlaneFunction.values()) {
      if (!f.isStep()) {
        function(f);
      }
    }
    driftScanStateMachine();
    dropNotifications();
    slackSubscription();
    stackStatusRule();
    scanSchedules();
    httpApi();
    consoleRoutes();
    ControlPlaneAlarms.add(template);
    outputs();
    return template;
  }

  // --- parameters -----------------------------------------------------------------------------

  private void parameters() {
    artifactsBucket =
        template
            .parameter(
                Parameter.string(ARTIFACTS_BUCKET_PARAMETER)
                    .description("Bucket holding the function artifacts and state machines")
                    .allowedPattern("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
                    .constraintDescription("an S3 bucket name"))
            .ref();
    for (FunctionArtifact artifact : FunctionArtifact.values()) {
      template.parameter(
          Parameter.string(artifact.parameterName())
              .description(
                  artifact == FunctionArtifact.CONSOLE_ASSETS
                      ? "S3 key of the console's API reference files (Swagger UI)"
                      : "S3 key of the " + artifact.classifier() + " functions artifact")
              .minLength(1));
    }
    for (StateMachineDefinition definition : StateMachineDefinition.values()) {
      template.parameter(
          Parameter.string(definition.parameterName())
              .description("S3 key of " + definition.fileName())
              .minLength(1));
    }
    template.parameter(
        Parameter.number(LOG_RETENTION_PARAMETER)
            .description("Days the functions' logs are kept")
            .defaultValue(30)
            .allowedValues(7, 14, 30, 60, 90, 180, 365));
    template.parameter(
        Parameter.of(DEPLOYMENT_POLICIES_PARAMETER, Parameter.COMMA_DELIMITED_LIST)
            .description(
                "Managed policies for the role CloudFormation deploys stacks with; empty means"
                    + " fogbank's narrow default (S3, SNS, SQS, DynamoDB, CloudWatch Logs in this"
                    + " account and region)")
            .defaultValue(""));
    template.parameter(
        Parameter.string(DEPLOYMENT_ADMIN_PARAMETER)
            .description(
                "true gives the role CloudFormation deploys stacks with AdministratorAccess (any"
                    + " resource), in place of the narrow default and DeploymentPolicyArns")
            .defaultValue("false")
            .allowedValues("false", "true"));
    template.parameter(
        Parameter.string(DRIFT_SCHEDULE_PARAMETER)
            .description("When the drift scan runs (an EventBridge rate or cron expression)")
            .defaultValue(DRIFT_SCHEDULE_DEFAULT)
            .allowedPattern("(rate|cron)\\(.+\\)"));
    template.parameter(
        Parameter.number(DRIFT_CONCURRENCY_PARAMETER)
            .description("Stacks whose drift is detected at once (the scan's Map MaxConcurrency)")
            .defaultValue(DriftScanLimits.DEFAULT_CONCURRENCY)
            .minValue(1)
            .maxValue(DriftScanLimits.MAX_CONCURRENCY));
    template.parameter(
        Parameter.string(DRIFT_INCLUDE_PARAMETER)
            .description(
                "Stack name patterns (comma-separated, * any run) a scan of every stack detects;"
                    + " empty: every managed stack")
            .defaultValue("")
            .allowedPattern("[A-Za-z0-9*,\\- ]*"));
    template.parameter(
        Parameter.string(DRIFT_EXCLUDE_PARAMETER)
            .description("Stack name patterns (comma-separated, * any run) drift scans leave out")
            .defaultValue("")
            .allowedPattern("[A-Za-z0-9*,\\- ]*"));
    template.parameter(
        Parameter.string(DRIFT_DISCOVER_PARAMETER)
            .description(
                "Stack name patterns (comma-separated, * any run) of existing stacks drift scans"
                    + " also detect without fogbank history (ListStacks); empty: history only")
            .defaultValue("")
            .allowedPattern("[A-Za-z0-9*,\\- ]*"));
    template.parameter(
        Parameter.string(TEMPLATE_BUCKETS_PARAMETER)
            .description(
                "S3 buckets (comma-separated) besides the artifacts bucket that templateUrl may"
                    + " name; each bucket's policy must let the api role read them; empty: none")
            .defaultValue("")
            .allowedPattern("[a-z0-9.,\\- ]*"));
    template.parameter(
        Parameter.string(CONSOLE_URL_PARAMETER)
            .description(
                "The fogbank console's https base URL: Slack messages link the deployment and"
                    + " stack pages under it; empty: no links")
            .defaultValue("")
            .allowedPattern("(https://[^<>|&?# ]+)?"));
    template.parameter(
        Parameter.string(COST_SCHEDULE_PARAMETER)
            .description("When the cost scan runs (daily after Cost Explorer's refresh)")
            .defaultValue(COST_SCHEDULE_DEFAULT)
            .allowedPattern("(rate|cron)\\(.+\\)"));
    template.parameter(
        Parameter.string(PRICE_REFRESH_SCHEDULE_PARAMETER)
            .description("When the cost estimate's cached prices are fetched again")
            .defaultValue("rate(7 days)")
            .allowedPattern("(rate|cron)\\(.+\\)"));
    template.parameter(
        Parameter.string(FUNCTION_ALIASES_PARAMETER)
            .description(
                "Invoke functions through aliases on SnapStart versions (false only for"
                    + " emulators without Lambda aliases)")
            .defaultValue("true")
            .allowedValues("true", "false"));
    template.condition(WITH_ALIASES, Fn.equalTo(Fn.ref(FUNCTION_ALIASES_PARAMETER), "true"));
    template.condition(
        USE_DEFAULT_DEPLOYMENT_POLICY,
        Fn.equalTo(Fn.join(",", Fn.ref(DEPLOYMENT_POLICIES_PARAMETER)), ""));
    template.condition(DEPLOYMENT_ADMIN, Fn.equalTo(Fn.ref(DEPLOYMENT_ADMIN_PARAMETER), "true"));
    template.condition(
        USE_NARROW_DEPLOYMENT_POLICY,
        Fn.and(Fn.condition(USE_DEFAULT_DEPLOYMENT_POLICY), Fn.not(Fn.condition(DEPLOYMENT_ADMIN))));
  }

  // --- state: table, drop bucket, topic, secret -------------------------------------------------

  private void state() {
    // The one schema declaration (ControlTable.createRequest), as local mode creates it too.
    CreateTableRequest schema = ControlTable.createRequest("schema");
    table =
        template.resource(
            Table.create(TABLE)
                .tableName(Fn.STACK_NAME)
                .billingMode(schema.billingModeAsString())
                .attributeDefinitions(
                    schema.attributeDefinitions().stream()
                        .map(a -> attribute(a.attributeName(), a.attributeTypeAsString()))
                        .toList())
                .keySchema(keys(schema.keySchema()))
                .globalSecondaryIndexes(
                    schema.globalSecondaryIndexes().stream()
                        .map(
                            index ->
                                Fn.map(
                                    "IndexName",
                                    index.indexName(),
                                    "KeySchema",
                                    keys(index.keySchema()),
                                    "Projection",
                                    Fn.map(
                                        "ProjectionType",
                                        index.projection().projectionTypeAsString())))
                        .toList())
                .timeToLiveSpecification(
                    Fn.map("AttributeName", ControlTable.TTL, "Enabled", true))
                .pointInTimeRecoverySpecification(
                    Fn.map("PointInTimeRecoveryEnabled", true))
                .sseSpecification(Fn.map("SSEEnabled", true))
                .deletionPolicy(Policy.RetainExceptOnCreate)
                .updateReplacePolicy(Policy.Retain));
    dropBucket =
        template.resource(
            Bucket.create(DROP_BUCKET)
                .bucketName(Fn.sub(DROP_BUCKET_NAME))
                .versioningConfiguration(Fn.map("Status", "Enabled"))
                .bucketEncryption(
                    Fn.map(
                        "ServerSideEncryptionConfiguration",
                        List.of(
                            Fn.map(
                                "ServerSideEncryptionByDefault",
                                Fn.map("SSEAlgorithm", "AES256"),
                                "BucketKeyEnabled",
                                true))))
                .publicAccessBlockConfiguration(
                    Fn.map(
                        "BlockPublicAcls", true,
                        "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true,
                        "RestrictPublicBuckets", true))
                .ownershipControls(
                    Fn.map("Rules", List.of(Fn.map("ObjectOwnership", "BucketOwnerEnforced"))))
                .lifecycleConfiguration(
                    Fn.map(
                        "Rules",
                        List.of(
                            Fn.map(
                                "Id",
                                "ExpireOldVersions",
                                "Status",
                                "Enabled",
                                "NoncurrentVersionExpiration",
                                Fn.map("NoncurrentDays", 90)))))
                .deletionPolicy(Policy.RetainExceptOnCreate)
                .updateReplacePolicy(Policy.Retain));
    template.resource(
        BucketPolicy.create("DropBucketPolicy")
            .bucket(dropBucket.ref())
            .policyDocument(
                PolicyDocument.of(
                    PolicyDocument.denyInsecureTransport(
                        "s3:*", dropBucket.getArn(), Fn.sub("${DropBucket.Arn}/*")))));
    // A customer managed key: the AWS managed alias/aws/sns key's policy cannot be changed, and
    // AWS Budgets, Cost Anomaly Detection and CloudWatch alarms cannot use it to publish.
    var topicKey =
        template.resource(
            dev.fogbank.infrastructure.resources.kms.Key.create(TOPIC_KEY)
                .description("Encrypts the fogbank notification topic")
                .enableKeyRotation(true)
                .keyPolicy(TopicKeyPolicy.document())
                .deletionPolicy(Policy.RetainExceptOnCreate)
                .updateReplacePolicy(Policy.Retain));
    topic =
        template.resource(
            Topic.create(TOPIC)
                .topicName(Fn.sub("${AWS::StackName}-notifications"))
                .kmsMasterKeyId(topicKey.getArn())
                .deletionPolicy(Policy.RetainExceptOnCreate)
                .updateReplacePolicy(Policy.Retain));
    template.resource(
        TopicPolicy.create("NotificationTopicPolicy")
            .topics(List.of(topic.ref()))
            .policyDocument(
                PolicyDocument.of(
                    PolicyDocument.denyInsecureTransport("sns:Publish", topic.ref()),
                    // The stacks' AWS Budgets alert this topic (at 80% and 100%), for this
                    // account's budgets only.
                    PolicyDocument.allowService(
                        "budgets.amazonaws.com",
                        "sns:Publish",
                        topic.ref(),
                        Fn.map(
                            "StringEquals",
                            Fn.map("aws:SourceAccount", Fn.sub("${AWS::AccountId}")))),
                    // Cost Anomaly Detection's alerts, if the installer subscribes the topic.
                    PolicyDocument.allowService(
                        "costalerts.amazonaws.com",
                        "sns:Publish",
                        topic.ref(),
                        Fn.map(
                            "StringEquals",
                            Fn.map("aws:SourceAccount", Fn.sub("${AWS::AccountId}")))))));
    slackSecret =
        template.resource(
            Secret.create(SLACK_SECRET)
                .name(Fn.sub("${AWS::StackName}/slack-webhook"))
                .description(
                    "Slack incoming-webhook URL for fogbank notifications; set its value after"
                        + " bootstrap (the slack function skips posting while it is empty)"));
    slackSigningSecret =
        template.resource(
            Secret.create(SLACK_SIGNING_SECRET)
                .name(Fn.sub("${AWS::StackName}/slack-signing-secret"))
                .description(
                    "Signing secret of the Slack app whose Approve/Reject buttons post to"
                        + " POST /slack/actions; set its value after bootstrap (every Slack"
                        + " action is refused while it is empty)"));
  }

  /**
   * The console's HMAC key: generated by Secrets Manager when the stack is created (nobody types
   * it); 64 characters without punctuation, read once per console container.
   */
  private void consoleSessionSecret() {
    consoleSessionSecret =
        template.resource(
            Secret.create(CONSOLE_SESSION_SECRET)
                .name(Fn.sub("${AWS::StackName}/console-session-key"))
                .description(
                    "Signs the web console's session cookies and one-time login tickets;"
                        + " rotating it logs every console user out")
                .generateSecretString(
                    Fn.map("PasswordLength", 64, "ExcludePunctuation", true)));
  }

  private static Map<String, Object> attribute(String name, String type) {
    return Fn.map("AttributeName", name, "AttributeType", type);
  }

  private static List<Map<String, Object>> keys(List<KeySchemaElement> keys) {
    return keys.stream()
        .map(k -> Fn.map("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString()))
        .toList();
  }

  // --- the role CloudFormation deploys with ---------------------------------------------------

  private void deploymentRole() {
    // The role CloudFormation assumes for the stacks fogbank deploys. By default it may manage
    // only the resource kinds of DeploymentPolicies.narrowDefault() in this account and region;
    // the installer widens it with DeploymentPolicyArns, or opts in to AdministratorAccess with
    // DeploymentRoleAdministrator=true. No function holds these permissions itself.
    deploymentRole =
        template.resource(
            Role.create(DEPLOYMENT_ROLE)
                .description("Assumed by CloudFormation for the stacks fogbank deploys")
                .assumeRolePolicyDocument(PolicyDocument.trust("cloudformation.amazonaws.com"))
                .managedPolicyArns(
                    Fn.ifThen(
                        DEPLOYMENT_ADMIN,
                        List.of(
                            Fn.sub("arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess")),
                        Fn.ifThen(
                            USE_DEFAULT_DEPLOYMENT_POLICY,
                            Fn.NO_VALUE,
                            Fn.ref(DEPLOYMENT_POLICIES_PARAMETER))))
                .policies(
                    Fn.ifThen(
                        USE_NARROW_DEPLOYMENT_POLICY,
                        List.of(
                            Fn.map(
                                "PolicyName",
                                "narrow-default",
                                "PolicyDocument",
                                DeploymentPolicies.narrowDefault().toValue())),
                        Fn.NO_VALUE)));
  }

  // --- functions --------------------------------------------------------------------------------

  /** Adds the function, its role, log group, version and alias; returns the alias ARN. */
  private Intrinsic function(ControlPlaneFunction f) {
    String id = f.id();
    LogGroup logGroup =
        template.resource(
            LogGroup.create(id + "LogGroup")
                .logGroupName(Fn.sub("/aws/lambda/${AWS::StackName}-" + f.nameSuffix()))
                .retentionInDays(Fn.ref(LOG_RETENTION_PARAMETER)));
    Role role =
        template.resource(
            Role.create(id + "Role")
                .description("Runs the " + f.nameSuffix() + " function")
                .assumeRolePolicyDocument(PolicyDocument.trust("lambda.amazonaws.com"))
                .policies(
                    List.of(
                        Fn.map(
                            "PolicyName",
                            "least-privilege",
                            "PolicyDocument",
                            permissions(f, logGroup).toValue()))));
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(ControlPlaneEnvironment.ACCOUNT, Fn.ACCOUNT_ID);
    variables.put(ControlPlaneEnvironment.TABLE, table.ref());
    for (Setting setting : f.settings()) {
      variables.put(
          setting.variable(),
          switch (setting) {
            case ARTIFACTS_BUCKET -> artifactsBucket;
            case STATE_MACHINE -> stateMachine.ref();
            case TOPIC -> topic.ref();
            case DEPLOYMENT_ROLE -> deploymentRole.getArn();
            case SLACK_SECRET -> slackSecret.ref();
            case SLACK_SIGNING_SECRET -> slackSigningSecret.ref();
            case DRIFT_STATE_MACHINE -> Fn.ref(DRIFT_STATE_MACHINE);
            case DRIFT_CONCURRENCY -> Fn.ref(DRIFT_CONCURRENCY_PARAMETER);
            case DRIFT_INCLUDE -> Fn.ref(DRIFT_INCLUDE_PARAMETER);
            case DRIFT_EXCLUDE -> Fn.ref(DRIFT_EXCLUDE_PARAMETER);
            case DRIFT_DISCOVER -> Fn.ref(DRIFT_DISCOVER_PARAMETER);
            case CONSOLE_URL -> Fn.ref(CONSOLE_URL_PARAMETER);
            case CONSOLE_SESSION_SECRET -> consoleSessionSecret.ref();
            case COST_SCAN_FUNCTION -> aliasArn(ControlPlaneFunction.COST_SCAN);
            case CONSOLE_ASSETS -> Fn.ref(FunctionArtifact.CONSOLE_ASSETS.parameterName());
            case TEMPLATE_BUCKETS -> Fn.ref(TEMPLATE_BUCKETS_PARAMETER);
          });
    }
    // Tiered compilation stopped at C1 starts Java functions faster; SnapStart restores from a
    // snapshot taken after initialisation.
    variables.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    Function function =
        template.resource(
            Function.create(id + "Function")
                .functionName(Fn.sub("${AWS::StackName}-" + f.nameSuffix()))
                .description("fogbank " + f.nameSuffix())
                .runtime("java21")
                .architectures(List.of("arm64"))
                .handler(f.handler())
                .memorySize(f.memoryMb())
                .timeout(f.timeoutSeconds())
                .role(role.getArn())
                .code(
                    Fn.map(
                        "S3Bucket",
                        artifactsBucket,
                        "S3Key",
                        Fn.ref(f.artifact().parameterName())))
                .environment(Fn.map("Variables", variables))
                .snapStart(Fn.map("ApplyOn", "PublishedVersions"))
                .loggingConfig(Fn.map("LogGroup", logGroup.ref(), "LogFormat", "JSON")));
    functions.put(f, function);
    // A version is immutable and its Description is a create-only property: changing it (the
    // artifact key, or a digest of the function's configuration) publishes a new version, and the
    // alias moves to it. The digest covers everything but the code key, which is there itself.
    Version version =
        template.resource(
            Version.create(id + "Version")
                .condition(WITH_ALIASES)
                .functionName(function.ref())
                .description(
                    Fn.sub(
                        "${Key} config "
                            + digest(function.properties().toString()),
                        "Key",
                        Fn.ref(f.artifact().parameterName()))));
    template.resource(
        Alias.create(id + "Alias")
            .condition(WITH_ALIASES)
            .functionName(function.ref())
            .functionVersion(version.getVersion())
            .name(ALIAS));
    return aliasArn(f);
  }

  /** The ARN triggers invoke: the alias's (Ref of an alias is its ARN), or the function's own. */
  private static Intrinsic aliasArn(ControlPlaneFunction f) {
    return Fn.ifThen(
        WITH_ALIASES, Fn.ref(f.id() + "Alias"), Fn.getAtt(f.id() + "Function", "Arn"));
  }

  private PolicyDocument permissions(ControlPlaneFunction f, LogGroup logGroup) {
    PolicyDocument policy =
        PolicyDocument.create()
            .allow(
                List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                Fn.sub("${" + logGroup.logicalId() + ".Arn}"));
    Object tableArn = table.getArn();
    Object indexArns = Fn.sub("${ControlTable.Arn}/index/*");
    Object templates = Fn.sub("arn:${AWS::Partition}:s3:::${ArtifactsBucketName}/templates/*");
    Object stacks =
        Fn.sub("arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}:stack/*/*");
    Object changeSets =
        Fn.sub(
            "arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}"
                + ":changeSet/*/*");
    switch (f) {
      case API, DROP -> {
        policy
            .allow(
                List.of(
                    "dynamodb:GetItem",
                    "dynamodb:Query",
                    "dynamodb:PutItem",
                    "dynamodb:ConditionCheckItem"),
                tableArn,
                indexArns)
            .allow(List.of("s3:GetObject", "s3:PutObject"), templates)
            .allow(List.of("states:StartExecution"), stateMachine.ref());
        if (f == ControlPlaneFunction.API) {
          // POST /drift-scans starts the drift scan; GET /drift lists the managed stacks.
          policy
              .allow(List.of("states:StartExecution"), Fn.ref(DRIFT_STATE_MACHINE))
              .allow(List.of("dynamodb:Scan"), tableArn);
          // POST /cost-scans queues one run of the cost-scan function (InvocationType Event);
          // GET /costs?stack= asks it for the stack's budget and costs by service
          // (RequestResponse): the api artifact carries neither Cost Explorer nor Budgets.
          policy.allow(List.of("lambda:InvokeFunction"), aliasArn(ControlPlaneFunction.COST_SCAN));
          // POST /deployments/{id}/approve and /reject: record the decision, complete the wait.
          policy
              .allow(List.of("dynamodb:UpdateItem"), tableArn)
              .allow(
                  List.of("states:SendTaskSuccess", "states:SendTaskFailure"),
                  stateMachine.ref());
          // POST /templates/uploads presigns PUTs into uploads/ (signed with this role, so the
          // role must be allowed to put there), and POST /deployments reads them by templateUrl.
          policy.allow(
              List.of("s3:GetObject", "s3:PutObject"),
              Fn.sub("arn:${AWS::Partition}:s3:::${ArtifactsBucketName}/uploads/*"));
          // POST /slack/actions verifies Slack's signature with this one secret.
          policy.allow(List.of("secretsmanager:GetSecretValue"), slackSigningSecret.ref());
          // POST /notifications/test and /notifications/failed/{id}/retry post to the channels'
          // webhooks, as the slack function does (same secrets), and a delivered retry deletes
          // its dead letter.
          policy
              .allow(List.of("dynamodb:DeleteItem"), tableArn)
              .allow(
                  List.of("secretsmanager:GetSecretValue"),
                  slackSecret.ref(),
                  Fn.sub(
                      "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}"
                          + ":secret:${AWS::StackName}/*"));
        }
        if (f == ControlPlaneFunction.DROP) {
          // The drop reads the newest files of a stack's folder; ListBucket makes S3 answer a
          // missing manifest with 404 rather than 403 (which would read as an outage).
          policy
              .allow(
                  List.of("s3:GetObject"),
                  Fn.sub("arn:${AWS::Partition}:s3:::" + DROP_BUCKET_NAME + "/stacks/*"))
              .allow(
                  List.of("s3:ListBucket"),
                  Fn.sub("arn:${AWS::Partition}:s3:::" + DROP_BUCKET_NAME));
        } else {
          // POST /estimates fetches a price on a cache miss. The Price List Query API has no
          // resource-level permissions: AWS accepts only "*".
          policy.allow(List.of("pricing:GetProducts"), "*");
          // POST /stacks/{name}/continue-rollback, run under the deployments' service role;
          // GET /deployments/{id}/events reads the stack's events.
          policy
              .allow(
                  List.of(
                      "cloudformation:DescribeStacks",
                      "cloudformation:ContinueUpdateRollback",
                      "cloudformation:DescribeStackEvents"),
                  stacks)
              .allowWhen(
                  List.of("iam:PassRole"),
                  Fn.map(
                      "StringEquals",
                      Fn.map("iam:PassedToService", "cloudformation.amazonaws.com")),
                  deploymentRole.getArn());
        }
      }
      case CONSOLE ->
          // What the pages read and their forms do, through the api function's services and
          // routes (docs/console.md): the stacks page (stack index Query, locks BatchGetItem, an
          // old table's Scan), used login tickets (conditional PutItem), deploy (template to
          // S3, record, StartExecution), approve/reject (UpdateItem, SendTask*), rollback,
          // force-release (DeleteItem), drift and cost scans, the notification retry (webhook
          // secrets, as the slack function) and a running deployment's stack events. Not the
          // api's Price List, continue-rollback, uploads or Slack signing secret.
          policy
              .allow(
                  List.of(
                      "dynamodb:GetItem",
                      "dynamodb:BatchGetItem",
                      "dynamodb:Query",
                      "dynamodb:Scan",
                      "dynamodb:PutItem",
                      "dynamodb:UpdateItem",
                      "dynamodb:DeleteItem",
                      "dynamodb:ConditionCheckItem"),
                  tableArn,
                  indexArns)
              .allow(List.of("s3:GetObject", "s3:PutObject"), templates)
              // /api (Swagger UI): the console-assets jar, that one object.
              .allow(
                  List.of("s3:GetObject"),
                  Fn.sub(
                      "arn:${AWS::Partition}:s3:::${ArtifactsBucketName}/${"
                          + FunctionArtifact.CONSOLE_ASSETS.parameterName() + "}"))
              .allow(
                  List.of("states:StartExecution"), stateMachine.ref(), Fn.ref(DRIFT_STATE_MACHINE))
              .allow(
                  List.of("states:SendTaskSuccess", "states:SendTaskFailure"), stateMachine.ref())
              .allow(List.of("lambda:InvokeFunction"), aliasArn(ControlPlaneFunction.COST_SCAN))
              .allow(List.of("secretsmanager:GetSecretValue"), consoleSessionSecret.ref())
              .allow(
                  List.of("secretsmanager:GetSecretValue"),
                  slackSecret.ref(),
                  Fn.sub(
                      "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}"
                          + ":secret:${AWS::StackName}/*"))
              .allow(List.of("cloudformation:DescribeStackEvents"), stacks);
      case ACQUIRE_LOCK, RELEASE_LOCK ->
          policy.allow(
              List.of(
                  "dynamodb:GetItem",
                  "dynamodb:PutItem",
                  "dynamodb:UpdateItem",
                  "dynamodb:DeleteItem"),
              tableArn);
      case WAIT_FOR_STACK ->
          // Sets the task token on the deployment's own LOCK item (conditional on holding it).
          policy.allow(List.of("dynamodb:UpdateItem"), tableArn);
      case RECORD_RESULT ->
          // Records the outcome, then releases the stack's lock (a conditional DeleteItem on its
          // own deployment id): the success path has no ReleaseLock state.
          policy
              .allow(
                  List.of(
                      "dynamodb:GetItem",
                      "dynamodb:Query",
                      "dynamodb:PutItem",
                      "dynamodb:UpdateItem",
                      "dynamodb:DeleteItem",
                      "dynamodb:ConditionCheckItem"),
                  tableArn,
                  indexArns)
              // The stack's AWS Budget (fogbank-<region>-<stack>): DescribeBudget and
              // DescribeNotificationsForBudget are ViewBudget; Create/DeleteBudget and
              // CreateNotification are ModifyBudget.
              .allow(
                  List.of("budgets:ViewBudget", "budgets:ModifyBudget"),
                  Fn.sub("arn:${AWS::Partition}:budgets::${AWS::AccountId}:budget/fogbank-*"));
      case RECORD_FAILURE ->
          policy.allow(
              List.of(
                  "dynamodb:GetItem",
                  "dynamodb:Query",
                  "dynamodb:PutItem",
                  "dynamodb:UpdateItem",
                  "dynamodb:ConditionCheckItem"),
              tableArn,
              indexArns);
      case NOTIFY ->
          // Reads the record it announces and claims NOTIFY#<id>#FAILED (deleted again when the
          // message cannot be published), shared with the stack-events function.
          policy
              .allow(
                  List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"), tableArn)
              .allow(List.of("sns:Publish"), topic.ref());
      case VALIDATE_TEMPLATE ->
          policy
              .allow(List.of("s3:GetObject"), templates)
              // The pre-flight: do the secrets a template references exist? DescribeSecret:
              // metadata only, never a secret's value. (SSM references are not looked up by the
              // Lambda artifact, which leaves the SSM client out for its size budget.)
              .allow(
                  List.of("secretsmanager:DescribeSecret"),
                  Fn.sub(
                      "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*"));
      case CREATE_CHANGE_SET ->
          policy
              .allow(
                  List.of(
                      "cloudformation:CreateChangeSet",
                      "cloudformation:DescribeChangeSet",
                      "cloudformation:DeleteChangeSet",
                      "cloudformation:DescribeStacks",
                      "cloudformation:DeleteStack"),
                  stacks,
                  changeSets)
              // CloudFormation reads the template from S3 with the caller's permissions.
              .allow(List.of("s3:GetObject"), templates)
              .allowWhen(
                  List.of("iam:PassRole"),
                  Fn.map(
                      "StringEquals",
                      Fn.map("iam:PassedToService", "cloudformation.amazonaws.com")),
                  deploymentRole.getArn());
      case EXECUTE_CHANGE_SET ->
          policy
              .allow(
                  List.of(
                      "cloudformation:ExecuteChangeSet",
                      "cloudformation:DescribeChangeSet",
                      "cloudformation:DescribeStacks"),
                  stacks,
                  changeSets)
              // The deployment's stack policy and a production stack's termination protection,
              // set before the change set runs.
              .allow(
                  List.of(
                      "cloudformation:SetStackPolicy", "cloudformation:UpdateTerminationProtection"),
                  stacks);
      case CHECK_STACK ->
          policy.allow(
              List.of("cloudformation:DescribeStacks", "cloudformation:DescribeStackEvents"),
              stacks);
      case SLACK ->
          // The channels (one GetItem) and the dead letters (PutItem) in the table; each
          // channel's webhook secret, which must be named <control-plane stack>/... .
          policy
              .allow(List.of("dynamodb:GetItem", "dynamodb:PutItem"), tableArn)
              .allow(
                  List.of("secretsmanager:GetSecretValue"),
                  slackSecret.ref(),
                  Fn.sub(
                      "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}"
                          + ":secret:${AWS::StackName}/*"));
      case DRIFT_SCAN ->
          // Drift detection itself reads every resource of a stack with the caller's permissions:
          // the reads of the kinds the deployment role manages by default (DeploymentPolicies),
          // not ReadOnlyAccess. A resource of another kind is reported as not checked.
          DeploymentPolicies.driftReads(policy)
              .allow(
                  List.of(
                      "dynamodb:Scan",
                      "dynamodb:Query",
                      "dynamodb:GetItem",
                      "dynamodb:PutItem",
                      "dynamodb:UpdateItem",
                      "dynamodb:DeleteItem"),
                  tableArn)
              .allow(
                  List.of(
                      "cloudformation:DetectStackDrift",
                      "cloudformation:DetectStackResourceDrift",
                      "cloudformation:DescribeStackResourceDrifts",
                      "cloudformation:DescribeStacks"),
                  stacks)
              // DescribeStackDriftDetectionStatus has no resource-level permissions: AWS accepts
              // only "*" for it. It reads the status of a detection this function started.
              .allow(List.of("cloudformation:DescribeStackDriftDetectionStatus"), "*")
              // DriftScanDiscover: the region's existing stacks, by name. ListStacks has no
              // resource-level permissions either.
              .allow(List.of("cloudformation:ListStacks"), "*")
              .allow(List.of("sns:Publish"), topic.ref());
      case COST_SCAN ->
          // Day and month-to-date items in batches; an anomaly by a conditional PutItem, published
          // to the topic once.
          policy
              .allow(List.of("dynamodb:PutItem", "dynamodb:BatchWriteItem"), tableArn)
              .allow(List.of("sns:Publish"), topic.ref())
              // Cost Explorer has no resource-level permissions: AWS accepts only "*" for
              // GetCostAndUsage, which reads the account's cost data grouped by stack tag.
              .allow(List.of("ce:GetCostAndUsage"), "*")
              // The api's cost lookups: a stack's budget as RecordResult keeps it
              // (DescribeBudget, DescribeNotificationsForBudget); reading only.
              .allow(
                  List.of("budgets:ViewBudget"),
                  Fn.sub("arn:${AWS::Partition}:budgets::${AWS::AccountId}:budget/fogbank-*"));
      case PRICE_REFRESH ->
          policy
              .allow(List.of("dynamodb:GetItem", "dynamodb:PutItem"), tableArn)
              // The Price List Query API has no resource-level permissions: AWS accepts only "*".
              .allow(List.of("pricing:GetProducts"), "*");
      case STACK_EVENTS ->
          // Claims EVENT#<id> items (deleted again when the notification cannot be published),
          // reads the stack's LOCK item for the waiting deployment's task token and completes
          // that task on the deploy state machine only; queries the stack's newest deployment to
          // claim the announcement of a failure once (NOTIFY#<id>#FAILED).
          policy
              .allow(
                  List.of(
                      "dynamodb:PutItem",
                      "dynamodb:DeleteItem",
                      "dynamodb:GetItem",
                      "dynamodb:Query"),
                  tableArn)
              .allow(
                  List.of("states:SendTaskSuccess", "states:SendTaskFailure"), stateMachine.ref())
              .allow(List.of("sns:Publish"), topic.ref())
              .allow(List.of("sqs:SendMessage"), Fn.getAtt("StackEventsDeadLetterQueue", "Arn"));
      case REVIEW_CHANGE_SET ->
          // Reads the change set's rows, the deployed template and parameters, who imports the
          // stack's exports; deletes a change set the review blocks.
          policy
              .allow(
                  List.of(
                      "cloudformation:DescribeChangeSet",
                      "cloudformation:DeleteChangeSet",
                      "cloudformation:ListChangeSets",
                      "cloudformation:DescribeStacks",
                      "cloudformation:DeleteStack",
                      "cloudformation:GetTemplate"),
                  stacks,
                  changeSets)
              // ListImports has no resource-level permissions: AWS accepts only "*".
              .allow(List.of("cloudformation:ListImports"), "*")
              .allow(List.of("s3:GetObject"), templates)
              // The cost estimate: the price cache's PRICE# items only (GetItem, PutItem on a
              // miss), a miss fetched from the Price List Query API (no resource-level
              // permissions: AWS accepts only "*").
              .allowWhen(
                  List.of("dynamodb:GetItem", "dynamodb:PutItem"),
                  Fn.map(
                      "ForAllValues:StringLike",
                      Fn.map("dynamodb:LeadingKeys", List.of(ControlTable.PRICE_PREFIX + "*"))),
                  tableArn)
              .allow(List.of("pricing:GetProducts"), "*");
      case DISCARD_CHANGE_SET ->
          policy.allow(
              List.of(
                  "cloudformation:DeleteChangeSet",
                  "cloudformation:ListChangeSets",
                  "cloudformation:DescribeStacks",
                  "cloudformation:DeleteStack"),
              stacks,
              changeSets);
      case WAIT_FOR_APPROVAL ->
          // Extends its own lock over the wait, records AWAITING_APPROVAL with the task token.
          policy
              .allow(
                  List.of(
                      "dynamodb:GetItem",
                      "dynamodb:Query",
                      "dynamodb:PutItem",
                      "dynamodb:UpdateItem"),
                  tableArn,
                  indexArns)
              .allow(List.of("sns:Publish"), topic.ref());
    }
    return policy;
  }

  // --- the deploy state machine -------------------------------------------------------------

  private void stateMachine(Map<ControlPlaneFunction, Intrinsic> stepAliases) {
    PolicyDocument invoke =
        PolicyDocument.create()
            .allow(List.of("lambda:InvokeFunction"), stepAliases.values().toArray());
    Role role =
        template.resource(
            Role.create("DeployStateMachineRole")
                .description("Runs the deploy state machine")
                .assumeRolePolicyDocument(PolicyDocument.trust("states.amazonaws.com"))
                .policies(
                    List.of(
                        Fn.map(
                            "PolicyName", "invoke-steps", "PolicyDocument", invoke.toValue()))));
    Map<String, Object> substitutions = new LinkedHashMap<>();
    stepAliases.forEach((f, arn) -> substitutions.put(f.substitutionName(), arn));
    StateMachineDefinition definition = StateMachineDefinition.DEPLOY;
    stateMachine =
        template.resource(
            StateMachine.create(DEPLOY_STATE_MACHINE)
                .stateMachineName(Fn.sub("${AWS::StackName}-deploy"))
                .stateMachineType("STANDARD")
                .roleArn(role.getArn())
                .definitionS3Location(
                    Fn.map("Bucket", artifactsBucket, "Key", Fn.ref(definition.parameterName())))
                .definitionSubstitutions(substitutions));
  }

  // --- the drift scan state machine ------------------------------------------------------------

  /**
   * drift-scan.asl.json, invoking the drift-scan function for each step, started by its schedule
   * (EventBridge, with a role allowed to start it) and by POST /drift-scans (the api function).
   */
  private void driftScanStateMachine() {
    ControlPlaneFunction steps = ControlPlaneFunction.DRIFT_SCAN;
    // Its ARNs are built from its name: a Ref to the machine from its own role would be a cycle.
    String name = "${AWS::StackName}-drift-scan";
    Role role =
        template.resource(
            Role.create(DRIFT_STATE_MACHINE + "Role")
                .description("Runs the drift scan state machine")
                .assumeRolePolicyDocument(PolicyDocument.trust("states.amazonaws.com"))
                .policies(
                    List.of(
                        Fn.map(
                            "PolicyName",
                            "invoke-steps",
                            "PolicyDocument",
                            PolicyDocument.create()
                                .allow(List.of("lambda:InvokeFunction"), aliasArn(steps))
                                .toValue()),
                        // The Distributed Map starts each stack's child execution of this same
                        // machine, and describes and stops them (AWS's least privilege for it).
                        Fn.map(
                            "PolicyName",
                            "run-distributed-map",
                            "PolicyDocument",
                            PolicyDocument.create()
                                .allow(
                                    List.of("states:StartExecution"),
                                    Fn.sub(
                                        "arn:${AWS::Partition}:states:${AWS::Region}"
                                            + ":${AWS::AccountId}:stateMachine:"
                                            + name))
                                .allow(
                                    List.of("states:DescribeExecution", "states:StopExecution"),
                                    Fn.sub(
                                        "arn:${AWS::Partition}:states:${AWS::Region}"
                                            + ":${AWS::AccountId}:execution:"
                                            + name
                                            + "/*"))
                                .toValue()))));
    StateMachineDefinition definition = StateMachineDefinition.DRIFT_SCAN;
    template.resource(
        StateMachine.create(DRIFT_STATE_MACHINE)
            .stateMachineName(Fn.sub(name))
            .stateMachineType("STANDARD")
            .roleArn(role.getArn())
            .definitionS3Location(
                Fn.map("Bucket", artifactsBucket, "Key", Fn.ref(definition.parameterName())))
            .definitionSubstitutions(Fn.map(steps.substitutionName(), aliasArn(steps))));
    Role events =
        template.resource(
            Role.create(DRIFT_STATE_MACHINE + "ScheduleRole")
                .description("Lets the drift scan schedule start the drift scan state machine")
                .assumeRolePolicyDocument(PolicyDocument.trust("events.amazonaws.com"))
                .policies(
                    List.of(
                        Fn.map(
                            "PolicyName",
                            "start-drift-scan",
                            "PolicyDocument",
                            PolicyDocument.create()
                                .allow(
                                    List.of("states:StartExecution"), Fn.ref(DRIFT_STATE_MACHINE))
                                .toValue()))));
    template.resource(
        Rule.create("DriftScanRule")
            .description("Drift detection of every stack fogbank manages")
            .scheduleExpression(Fn.ref(DRIFT_SCHEDULE_PARAMETER))
            .state("ENABLED")
            .targets(
                List.of(
                    Fn.map(
                        "Id",
                        "drift-scan",
                        "Arn",
                        Fn.ref(DRIFT_STATE_MACHINE),
                        "RoleArn",
                        events.getArn(),
                        "Input",
                        "{\"trigger\":\"schedule\",\"stacks\":[]}"))));
  }

  // --- triggers -------------------------------------------------------------------------------

  private void dropNotifications() {
    Permission permission =
        template.resource(
            Permission.create("DropInvokePermission")
                .action("lambda:InvokeFunction")
                .functionName(aliasArn(ControlPlaneFunction.DROP))
                .principal("s3.amazonaws.com")
                .sourceAccount(Fn.ACCOUNT_ID)
                .sourceArn(Fn.sub("arn:${AWS::Partition}:s3:::" + DROP_BUCKET_NAME)));
    dropBucket
        .notificationConfiguration(
            Fn.map(
                "LambdaConfigurations",
                List.of(
                    Fn.map(
                        "Event",
                        "s3:ObjectCreated:*",
                        "Filter",
                        Fn.map(
                            "S3Key",
                            Fn.map("Rules", List.of(Fn.map("Name", "prefix", "Value", "stacks/")))),
                        "Function",
                        aliasArn(ControlPlaneFunction.DROP)))))
        .dependsOn(permission);
  }

  private void slackSubscription() {
    template.resource(
        Permission.create("SlackInvokePermission")
            .action("lambda:InvokeFunction")
            .functionName(aliasArn(ControlPlaneFunction.SLACK))
            .principal("sns.amazonaws.com")
            .sourceArn(topic.ref()));
    template.resource(
        Subscription.create("SlackSubscription")
            .topicArn(topic.ref())
            .protocol("lambda")
            .endpoint(aliasArn(ControlPlaneFunction.SLACK))
            .dependsOn("SlackInvokePermission"));
  }

  /**
   * Every "CloudFormation Stack Status Change" in the account and region goes to the stack-events
   * function, which alerts on the statuses that need a person (failed rollbacks above all).
   * Events that still fail after EventBridge's retries are kept in a queue, not lost.
   */
  private void stackStatusRule() {
    Queue deadLetters =
        template.resource(
            Queue.create("StackEventsDeadLetterQueue")
                .sqsManagedSseEnabled(true)
                .messageRetentionPeriod(1_209_600));
    template.resource(
        Resource.of("StackEventsDeadLetterQueuePolicy", "AWS::SQS::QueuePolicy")
            .property("Queues", List.of(deadLetters.ref()))
            .property(
                "PolicyDocument",
                PolicyDocument.of(
                    PolicyDocument.allowService(
                        "events.amazonaws.com",
                        "sqs:SendMessage",
                        deadLetters.getArn(),
                        Fn.map(
                            "ArnEquals",
                            Fn.map("aws:SourceArn", Fn.getAtt("StackStatusRule", "Arn")))))));
    Rule rule =
        template.resource(
            Rule.create("StackStatusRule")
                .description("CloudFormation stack status changes to the stack-events function")
                .eventPattern(
                    Fn.map(
                        "source",
                        List.of("aws.cloudformation"),
                        "detail-type",
                        List.of("CloudFormation Stack Status Change")))
                .state("ENABLED")
                .targets(
                    List.of(
                        Fn.map(
                            "Id",
                            "stack-events",
                            "Arn",
                            aliasArn(ControlPlaneFunction.STACK_EVENTS),
                            "RetryPolicy",
                            Fn.map("MaximumRetryAttempts", 8, "MaximumEventAgeInSeconds", 3600),
                            "DeadLetterConfig",
                            Fn.map("Arn", deadLetters.getArn())))));
    // EventBridge invokes asynchronously: an event the function still fails on after Lambda's
    // retries goes to the same queue.
    template.resource(
        Resource.of("StackEventsInvokeConfig", "AWS::Lambda::EventInvokeConfig")
            .property("FunctionName", Fn.ref("StackEventsFunction"))
            // The alias name, taken from the alias's ARN so that the config waits for the alias.
            .property(
                "Qualifier",
                Fn.ifThen(
                    WITH_ALIASES,
                    Fn.select(7, Fn.split(":", Fn.ref("StackEventsAlias"))),
                    "$LATEST"))
            .property("MaximumRetryAttempts", 2)
            .property(
                "DestinationConfig",
                Fn.map("OnFailure", Fn.map("Destination", deadLetters.getArn()))));
    template.resource(
        Permission.create("StackEventsInvokePermission")
            .action("lambda:InvokeFunction")
            .functionName(aliasArn(ControlPlaneFunction.STACK_EVENTS))
            .principal("events.amazonaws.com")
            .sourceArn(rule.getArn()));
  }

  /** Scheduled scans: drift of every managed stack, and cost per stack per day. */
  private void scanSchedules() {
    schedule(
        ControlPlaneFunction.COST_SCAN,
        COST_SCHEDULE_PARAMETER,
        "Cost per stack per day from Cost Explorer");
    schedule(
        ControlPlaneFunction.PRICE_REFRESH,
        PRICE_REFRESH_SCHEDULE_PARAMETER,
        "Prices for cost estimates from the AWS Price List");
  }

  private void schedule(ControlPlaneFunction f, String scheduleParameter, String description) {
    Rule rule =
        template.resource(
            Rule.create(f.id() + "Rule")
                .description(description)
                .scheduleExpression(Fn.ref(scheduleParameter))
                .state("ENABLED")
                .targets(List.of(Fn.map("Id", f.nameSuffix(), "Arn", aliasArn(f)))));
    template.resource(
        Permission.create(f.id() + "InvokePermission")
            .action("lambda:InvokeFunction")
            .functionName(aliasArn(f))
            .principal("events.amazonaws.com")
            .sourceArn(rule.getArn()));
  }

  private void httpApi() {
    Api api =
        template.resource(
            Api.create(API)
                .name(Fn.sub("${AWS::StackName}-api"))
                .description("fogbank deployments API (IAM-authorized)")
                .protocolType("HTTP"));
    template.resource(
            Integration.create("ApiIntegration")
                .apiId(api.ref())
                .integrationType("AWS_PROXY")
                .integrationUri(aliasArn(ControlPlaneFunction.API))
                .payloadFormatVersion("2.0"));
    // Every route is IAM-authorized (SigV4; the caller's ARN reaches the function) except the
    // liveness check, which carries no data.
    template.resource(
        Route.create("ApiRoute")
            .apiId(api.ref())
            .routeKey("$default")
            .authorizationType("AWS_IAM")
            .target(Fn.sub("integrations/${ApiIntegration}")));
    template.resource(
        Route.create("ApiHealthRoute")
            .apiId(api.ref())
            .routeKey("GET /health")
            .authorizationType("NONE")
            .target(Fn.sub("integrations/${ApiIntegration}")));
    // Slack cannot sign with SigV4: the function verifies Slack's own request signature (HMAC
    // with the signing secret, timestamp within 5 minutes) before anything is read or changed.
    template.resource(
        Route.create("ApiSlackActionsRoute")
            .apiId(api.ref())
            .routeKey("POST /slack/actions")
            .authorizationType("NONE")
            .target(Fn.sub("integrations/${ApiIntegration}")));
    LogGroup accessLogs =
        template.resource(
            LogGroup.create("ApiAccessLogGroup")
                .logGroupName(Fn.sub("/aws/apigateway/${AWS::StackName}-api"))
                .retentionInDays(Fn.ref(LOG_RETENTION_PARAMETER)));
    template.resource(
        Stage.create("ApiStage")
            .apiId(api.ref())
            .stageName("$default")
            .autoDeploy(true)
            .defaultRouteSettings(
                Fn.map(
                    "ThrottlingBurstLimit", API_THROTTLING_BURST,
                    "ThrottlingRateLimit", API_THROTTLING_RATE))
            .accessLogSettings(
                Fn.map(
                    "DestinationArn", accessLogs.getArn(),
                    "Format", API_ACCESS_LOG_FORMAT)));
    template.resource(
        Permission.create("ApiInvokePermission")
            .action("lambda:InvokeFunction")
            .functionName(aliasArn(ControlPlaneFunction.API))
            .principal("apigateway.amazonaws.com")
            .sourceArn(
                Fn.sub(
                    "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}"
                        + ":${HttpApi}/*")));
  }

  /**
   * The web console's routes, to the console function (docs/console.md "In AWS"). A browser
   * cannot sign SigV4, so the pages and assets are declared without authorization and the
   * function checks its session cookie on every request, as local mode does; only {@code POST
   * /console/session}, which issues a one-time login link for the signed caller, is AWS_IAM.
   */
  private void consoleRoutes() {
    template.resource(
        Integration.create("ConsoleIntegration")
            .apiId(Fn.ref(API))
            .integrationType("AWS_PROXY")
            .integrationUri(aliasArn(ControlPlaneFunction.CONSOLE))
            .payloadFormatVersion("2.0"));
    Map<String, String> routes = new LinkedHashMap<>();
    routes.put("ConsoleRootRoute", "GET /");
    routes.put("ConsolePagesRoute", "ANY /console/{proxy+}");
    routes.put("ConsoleApiReferenceRoute", "GET /api");
    routes.put("ConsoleApiReferenceFilesRoute", "GET /api/{proxy+}");
    routes.forEach(
        (id, key) ->
            template.resource(
                Route.create(id)
                    .apiId(Fn.ref(API))
                    .routeKey(key)
                    .authorizationType("NONE")
                    .target(Fn.sub("integrations/${ConsoleIntegration}"))));
    template.resource(
        Route.create("ConsoleSessionRoute")
            .apiId(Fn.ref(API))
            .routeKey("POST /console/session")
            .authorizationType("AWS_IAM")
            .target(Fn.sub("integrations/${ConsoleIntegration}")));
    template.resource(
        Permission.create("ConsoleInvokePermission")
            .action("lambda:InvokeFunction")
            .functionName(aliasArn(ControlPlaneFunction.CONSOLE))
            .principal("apigateway.amazonaws.com")
            .sourceArn(
                Fn.sub(
                    "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}"
                        + ":${HttpApi}/*")));
  }

  private void outputs() {
    template.output(
        Output.of(OUTPUT_API_URL, Fn.getAtt(API, "ApiEndpoint"))
            .description("HTTPS API (IAM/SigV4 auth)")
            .exportName(Fn.sub("${AWS::StackName}-ApiUrl")));
    template.output(
        Output.of(OUTPUT_DROP_BUCKET, dropBucket.ref())
            .description("Drop templates at s3://<bucket>/stacks/<stack>/template.yaml")
            .exportName(Fn.sub("${AWS::StackName}-DropBucket")));
    template.output(
        Output.of(OUTPUT_TOPIC, topic.ref())
            .description("Notifications topic")
            .exportName(Fn.sub("${AWS::StackName}-TopicArn")));
    template.output(
        Output.of(OUTPUT_TABLE, table.ref())
            .description("Locks and deployment history")
            .exportName(Fn.sub("${AWS::StackName}-TableName")));
    template.output(
        Output.of(OUTPUT_STATE_MACHINE, stateMachine.ref()).description("Deploy state machine"));
    template.output(
        Output.of(OUTPUT_DRIFT_STATE_MACHINE, Fn.ref(DRIFT_STATE_MACHINE))
            .description("Drift scan state machine"));
  }

  /** A short, stable digest of a function's configuration. */
  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
