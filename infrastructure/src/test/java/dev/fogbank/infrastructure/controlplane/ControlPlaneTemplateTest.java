package dev.fogbank.infrastructure.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.controlplane.ControlPlaneEnvironment;
import dev.fogbank.shared.json.Json;
import dev.fogbank.shared.table.ControlTable;
import dev.fogbank.shared.template.DependencyGraph;
import dev.fogbank.shared.template.ResourceDefinition;
import dev.fogbank.shared.template.Template;
import dev.fogbank.shared.template.TemplateReader;
import dev.fogbank.shared.template.TemplateWriter;
import dev.fogbank.shared.template.schema.ResourceSchemas;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ControlPlaneTemplateTest {

  private final Template template = ControlPlaneStack.template();

  @Test
  @DisplayName("The control-plane template passes the engine's checks and the resource schemas")
  void valid() {
    assertEquals(List.of(), template.validate(ResourceSchemas.bundled()));
  }

  @Test
  @DisplayName("Synthesis is deterministic: two builds give byte-identical YAML and JSON")
  void deterministic() {
    Template again = ControlPlaneStack.template();
    assertEquals(TemplateWriter.yaml(template), TemplateWriter.yaml(again));
    assertEquals(TemplateWriter.json(template), TemplateWriter.json(again));
  }

  @Test
  @DisplayName("The written template reads back to the same model")
  void roundTrip() {
    String yaml = TemplateWriter.yaml(template);
    assertEquals(TemplateWriter.json(template), TemplateWriter.json(TemplateReader.read(yaml)));
  }

  @Test
  @DisplayName("Every function runs java21 on arm64 with SnapStart, a log group and an alias")
  void functions() {
    for (ControlPlaneFunction f : ControlPlaneFunction.values()) {
      Map<String, Object> props = resource(f.id() + "Function").properties();
      assertEquals("java21", props.get("Runtime"), f.name());
      assertEquals(List.of("arm64"), props.get("Architectures"), f.name());
      assertEquals(Map.of("ApplyOn", "PublishedVersions"), props.get("SnapStart"), f.name());
      assertEquals(f.handler(), props.get("Handler"));
      assertEquals("AWS::Logs::LogGroup", resource(f.id() + "LogGroup").type());
      assertEquals("AWS::Lambda::Version", resource(f.id() + "Version").type());
      assertEquals("AWS::Lambda::Alias", resource(f.id() + "Alias").type());
      assertEquals("AWS::IAM::Role", resource(f.id() + "Role").type());
    }
  }

  @Test
  @DisplayName("The handlers named in the template exist in the functions module")
  void handlersExist() throws Exception {
    for (ControlPlaneFunction f : ControlPlaneFunction.values()) {
      String path = f.handler().replace('.', '/') + ".java";
      assertTrue(
          java.nio.file.Files.exists(
              java.nio.file.Path.of("..", "functions", "src", "main", "java").resolve(path)),
          "handler source missing: " + path);
    }
  }

  @Test
  @DisplayName("Every ${...FunctionArn} of deploy.asl.json has a DefinitionSubstitution")
  void substitutionsCoverTheDefinition() throws Exception {
    String asl;
    try (InputStream in =
        getClass().getResourceAsStream(StateMachineDefinition.DEPLOY.resourcePath())) {
      assertNotNull(in);
      asl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Set<String> used = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)}").matcher(asl);
    while (m.find()) {
      used.add(m.group(1));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> substitutions =
        (Map<String, Object>)
            resource(ControlPlaneStack.DEPLOY_STATE_MACHINE)
                .properties()
                .get("DefinitionSubstitutions");
    assertEquals(used, new TreeSet<>(substitutions.keySet()));
  }

  /**
   * Every managed policy attached to a role of the control plane, keyed "role <- policy" (a policy
   * in a parameter is "Ref Name"), with the reason that role cannot do with its own inline
   * least-privilege policy. An attachment not listed here fails the test; so does a listed one no
   * longer attached.
   */
  private static final Map<String, String> JUSTIFIED_MANAGED_POLICIES =
      Map.of(
          ControlPlaneStack.DEPLOYMENT_ROLE
              + " <- arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess",
          "Only when the installer opts in with DeploymentRoleAdministrator=true: CloudFormation"
              + " assumes this role (no function does) to create whatever the deployed stacks"
              + " hold. The default is the inline narrow-default policy.",
          ControlPlaneStack.DEPLOYMENT_ROLE
              + " <- Ref "
              + ControlPlaneStack.DEPLOYMENT_POLICIES_PARAMETER,
          "The installer's own policies for the resource kinds their stacks hold, in place of the"
              + " narrow default.");

  /** An action that only reads. */
  private static final java.util.regex.Pattern READ =
      java.util.regex.Pattern.compile("[a-z0-9-]+:(Get|Describe|List|Head)[A-Za-z]*");

  /** The actions AWS accepts only on Resource "*" (they have no resource-level permissions). */
  private static final Set<String> ONLY_ON_ANY_RESOURCE =
      Set.of(
          "cloudformation:DescribeStackDriftDetectionStatus",
          "cloudformation:ListStacks",
          "ce:GetCostAndUsage",
          "pricing:GetProducts",
          "cloudformation:ListImports");

  @Test
  @DisplayName(
      "No IAM Allow grants a wildcard action (*, s3:*, s3:Get*, dynamodb:*Item), NotAction,"
          + " NotResource, or Resource * beyond the actions AWS accepts only on *")
  void leastPrivilege() throws Exception {
    List<JsonNode> allows = new ArrayList<>();
    List<JsonNode> keyPolicyAllows = new ArrayList<>();
    // In a KMS key policy "Resource": "*" means that key only (AWS's own rule): those statements
    // are held to named actions, not to the resource check below.
    writtenResources()
        .fields()
        .forEachRemaining(
            r ->
                collectAllows(
                    r.getValue(),
                    "AWS::KMS::Key".equals(r.getValue().path("Type").asText())
                        ? keyPolicyAllows
                        : allows));
    assertFalse(keyPolicyAllows.isEmpty(), "the topic's key has a policy");
    for (JsonNode statement : keyPolicyAllows) {
      assertEquals("*", statement.path("Resource").asText(), statement.toString());
      for (JsonNode action : asList(statement.path("Action"))) {
        assertFalse(
            action.asText().contains("*") || action.asText().contains("?"),
            "allows the wildcard action " + action.asText() + " in " + statement);
      }
    }
    assertTrue(allows.size() > 20, "found only " + allows.size() + " Allow statements");
    for (JsonNode statement : allows) {
      assertFalse(statement.has("NotAction"), "allows NotAction in " + statement);
      assertFalse(statement.has("NotResource"), "allows NotResource in " + statement);
      List<JsonNode> actions = asList(statement.path("Action"));
      for (JsonNode action : actions) {
        assertTrue(action.isTextual(), "action not a plain name in " + statement);
        assertFalse(
            action.asText().contains("*") || action.asText().contains("?"),
            "allows the wildcard action " + action.asText() + " in " + statement);
      }
      for (JsonNode resource : asList(statement.path("Resource"))) {
        boolean onlyOnAny =
            actions.size() == 1 && ONLY_ON_ANY_RESOURCE.contains(actions.getFirst().asText());
        assertFalse(
            "*".equals(resource.asText()) && !READ.matcher(actions.getFirst().asText()).matches(),
            "a write action on Resource * in " + statement);
        assertFalse(
            "*".equals(resource.asText()) && !onlyOnAny, "allows Resource * in " + statement);
      }
    }
  }

  @Test
  @DisplayName(
      "Only the stack-events role may complete task tokens, and only on the deploy state machine")
  void sendTask_whenSynthesized_thenOnlyStackEventsAndApiOnTheDeployStateMachine() throws Exception {
    List<String> grants = new ArrayList<>();
    writtenResources()
        .properties()
        .forEach(
            resource -> {
              List<JsonNode> allows = new ArrayList<>();
              collectAllows(resource.getValue(), allows);
              for (JsonNode statement : allows) {
                for (JsonNode action : asList(statement.path("Action"))) {
                  if (action.asText().startsWith("states:SendTask")) {
                    grants.add(
                        resource.getKey()
                            + " "
                            + action.asText()
                            + " "
                            + statement.path("Resource"));
                  }
                }
              }
            });
    String machine = "[{\"Ref\":\"" + ControlPlaneStack.DEPLOY_STATE_MACHINE + "\"}]";
    String role = ControlPlaneFunction.STACK_EVENTS.id() + "Role";
    // The API resumes a deployment waiting for approval (POST /deployments/{id}/approve|reject),
    // and so does the console's Approve/Reject (through the same route).
    String api = ControlPlaneFunction.API.id() + "Role";
    String console = ControlPlaneFunction.CONSOLE.id() + "Role";
    assertEquals(
        List.of(
            api + " states:SendTaskSuccess " + machine,
            api + " states:SendTaskFailure " + machine,
            console + " states:SendTaskSuccess " + machine,
            console + " states:SendTaskFailure " + machine,
            role + " states:SendTaskSuccess " + machine,
            role + " states:SendTaskFailure " + machine),
        grants);
  }

  @Test
  @DisplayName(
      "Only the ExecuteChangeSet role may set stack policies and termination protection, on stacks")
  void stackProtection_whenSynthesized_thenOnlyTheExecuteRoleOnStacks() throws Exception {
    List<String> grants = new ArrayList<>();
    writtenResources()
        .properties()
        .forEach(
            resource -> {
              List<JsonNode> allows = new ArrayList<>();
              collectAllows(resource.getValue(), allows);
              for (JsonNode statement : allows) {
                for (JsonNode action : asList(statement.path("Action"))) {
                  if (action.asText().equals("cloudformation:SetStackPolicy")
                      || action.asText().equals("cloudformation:UpdateTerminationProtection")) {
                    grants.add(
                        resource.getKey()
                            + " "
                            + action.asText()
                            + " "
                            + statement.path("Resource"));
                  }
                }
              }
            });
    String role = ControlPlaneFunction.EXECUTE_CHANGE_SET.id() + "Role";
    String stacks =
        "[{\"Fn::Sub\":\"arn:${AWS::Partition}:cloudformation:${AWS::Region}:${AWS::AccountId}"
            + ":stack/*/*\"}]";
    assertEquals(
        List.of(
            role + " cloudformation:SetStackPolicy " + stacks,
            role + " cloudformation:UpdateTerminationProtection " + stacks),
        grants);
  }

  @Test
  @DisplayName(
      "The review role reaches the table only for the price cache (PRICE# keys, GetItem and"
          + " PutItem) and may call GetProducts")
  void reviewRole_whenSynthesized_thenPriceCacheAndPricingOnly() throws Exception {
    JsonNode role = writtenResources().path(ControlPlaneFunction.REVIEW_CHANGE_SET.id() + "Role");
    List<JsonNode> allows = new ArrayList<>();
    collectAllows(role, allows);
    List<String> table = new ArrayList<>();
    List<String> pricing = new ArrayList<>();
    for (JsonNode statement : allows) {
      for (JsonNode action : asList(statement.path("Action"))) {
        if (action.asText().startsWith("dynamodb:")) {
          table.add(action.asText() + " " + statement.path("Condition"));
        }
        if (action.asText().startsWith("pricing:")) {
          pricing.add(action.asText() + " " + statement.path("Resource"));
        }
      }
    }
    String onlyPrices =
        "{\"ForAllValues:StringLike\":{\"dynamodb:LeadingKeys\":[\"PRICE#*\"]}}";
    assertEquals(
        List.of("dynamodb:GetItem " + onlyPrices, "dynamodb:PutItem " + onlyPrices), table);
    assertEquals(List.of("pricing:GetProducts [\"*\"]"), pricing);
  }

  @Test
  @DisplayName(
      "Budgets may publish to the topic for this account only; only RecordResult keeps budgets")
  void budgets_whenSynthesized_thenTopicLetsBudgetsPublishAndOnlyRecordResultModifiesBudgets()
      throws Exception {
    JsonNode statements =
        writtenResources()
            .path("NotificationTopicPolicy")
            .path("Properties")
            .path("PolicyDocument")
            .path("Statement");
    JsonNode budgets = null;
    for (JsonNode statement : statements) {
      if (statement.path("Principal").path("Service").asText().equals("budgets.amazonaws.com")) {
        budgets = statement;
      }
    }
    assertNotNull(budgets, statements.toString());
    assertEquals("Allow", budgets.path("Effect").asText());
    assertEquals("sns:Publish", budgets.path("Action").asText());
    assertTrue(
        budgets.path("Condition").path("StringEquals").has("aws:SourceAccount"),
        budgets.toString());

    List<String> holders = grantsOf("budgets:ModifyBudget");
    assertEquals(1, holders.size(), holders.toString());
    assertTrue(
        holders.getFirst().startsWith(ControlPlaneFunction.RECORD_RESULT.id() + "Role"),
        holders.toString());
    assertTrue(holders.getFirst().contains(":budget/fogbank-*"), holders.toString());
  }

  @Test
  @DisplayName(
      "Budgets are read by RecordResult and the cost-scan function only (the api's cost lookups go"
          + " through the cost-scan function), and the api may invoke no function but that one")
  void budgetsView_whenSynthesized_thenOnlyRecordResultAndCostScanAndApiInvokesOnlyCostScan()
      throws Exception {
    List<String> viewers = grantsOf("budgets:ViewBudget");
    assertEquals(2, viewers.size(), viewers.toString());
    assertTrue(
        viewers.stream()
            .allMatch(
                v ->
                    (v.startsWith(ControlPlaneFunction.RECORD_RESULT.id() + "Role")
                            || v.startsWith(ControlPlaneFunction.COST_SCAN.id() + "Role"))
                        && v.contains(":budget/fogbank-*")),
        viewers.toString());
    List<String> invokes = grantsOf("lambda:InvokeFunction");
    List<String> apiInvokes =
        invokes.stream().filter(g -> g.startsWith(ControlPlaneFunction.API.id() + "Role")).toList();
    assertEquals(1, apiInvokes.size(), invokes.toString());
    assertTrue(
        apiInvokes.getFirst().contains(ControlPlaneFunction.COST_SCAN.id() + "Alias"),
        apiInvokes.toString());
  }

  /** Each Allow of {@code action} in the template, as "resource id" and its Resource. */
  private List<String> grantsOf(String action) throws Exception {
    List<String> grants = new ArrayList<>();
    writtenResources()
        .fields()
        .forEachRemaining(
            resource -> {
              List<JsonNode> allows = new ArrayList<>();
              collectAllows(resource.getValue(), allows);
              for (JsonNode statement : allows) {
                for (JsonNode named : asList(statement.path("Action"))) {
                  if (named.asText().equals(action)) {
                    grants.add(resource.getKey() + " " + statement.path("Resource"));
                  }
                }
              }
            });
    return grants;
  }

  @Test
  @DisplayName(
      "The topic is encrypted with its own KMS key, which Budgets, Cost Anomaly Detection and"
          + " CloudWatch may use to publish, and this account only through SNS")
  void topicKey_whenSynthesized_thenTopicUsesItAndThePublishingServicesMay() throws Exception {
    JsonNode resources = writtenResources();
    assertEquals(
        ControlPlaneStack.TOPIC_KEY,
        resources
            .path(ControlPlaneStack.TOPIC)
            .path("Properties")
            .path("KmsMasterKeyId")
            .path("Fn::GetAtt")
            .get(0)
            .asText());
    JsonNode key = resources.path(ControlPlaneStack.TOPIC_KEY).path("Properties");
    assertTrue(key.path("EnableKeyRotation").asBoolean());
    JsonNode services = null;
    JsonNode viaSns = null;
    for (JsonNode statement : key.path("KeyPolicy").path("Statement")) {
      if (statement.path("Principal").has("Service")) {
        services = statement;
      }
      if (statement.path("Condition").path("StringEquals").has("kms:ViaService")) {
        viaSns = statement;
      }
    }
    assertNotNull(services, key.toString());
    List<String> principals = new ArrayList<>();
    asList(services.path("Principal").path("Service")).forEach(p -> principals.add(p.asText()));
    assertTrue(principals.contains("budgets.amazonaws.com"), principals.toString());
    assertTrue(principals.contains("costalerts.amazonaws.com"), principals.toString());
    assertTrue(principals.contains("cloudwatch.amazonaws.com"), principals.toString());
    List<String> actions = new ArrayList<>();
    asList(services.path("Action")).forEach(a -> actions.add(a.asText()));
    assertEquals(List.of("kms:GenerateDataKey", "kms:Decrypt"), actions);
    assertNotNull(viaSns, "this account's principals use the key only through SNS");
    assertTrue(
        viaSns.path("Condition").path("StringEquals").has("kms:CallerAccount"), viaSns.toString());
    boolean costAlertsMayPublish = false;
    for (JsonNode statement :
        resources.path("NotificationTopicPolicy").path("Properties").path("PolicyDocument")
            .path("Statement")) {
      if (statement.path("Principal").path("Service").asText().equals("costalerts.amazonaws.com")) {
        costAlertsMayPublish =
            statement.path("Condition").path("StringEquals").has("aws:SourceAccount");
      }
    }
    assertTrue(costAlertsMayPublish, "Cost Anomaly Detection may publish, for this account only");
  }

  @Test
  @DisplayName("Every managed policy attached to a role is listed with its justification")
  void managedPoliciesAreTheJustifiedOnes() throws Exception {
    Set<String> attached = new TreeSet<>();
    writtenResources()
        .properties()
        .forEach(
            resource -> {
              JsonNode arns = resource.getValue().path("Properties").path("ManagedPolicyArns");
              for (String policy : policies(arns)) {
                attached.add(resource.getKey() + " <- " + policy);
              }
            });

    Set<String> unjustified = new TreeSet<>(attached);
    unjustified.removeAll(JUSTIFIED_MANAGED_POLICIES.keySet());
    assertEquals(Set.of(), unjustified, "managed policies attached without a justification");
    assertEquals(new TreeSet<>(JUSTIFIED_MANAGED_POLICIES.keySet()), attached);
  }

  @Test
  @DisplayName(
      "The deployment role is AdministratorAccess only when opted in; by default a narrow policy"
          + " of named actions on this account's resources; the drift role reads, no managed policy")
  void deploymentAndDriftRoles_whenSynthesized_thenNarrowByDefault() throws Exception {
    JsonNode written = Json.mapper().readTree(TemplateWriter.json(template));
    assertEquals(
        "false",
        written.path("Parameters").path(ControlPlaneStack.DEPLOYMENT_ADMIN_PARAMETER)
            .path("Default").asText());
    JsonNode role = written.path("Resources").path(ControlPlaneStack.DEPLOYMENT_ROLE)
        .path("Properties");
    JsonNode managed = role.path("ManagedPolicyArns").path("Fn::If");
    assertEquals("DeploymentRoleIsAdministrator", managed.get(0).asText(), role::toString);
    assertTrue(managed.get(1).toString().contains("AdministratorAccess"), role::toString);
    assertFalse(managed.get(2).toString().contains("AdministratorAccess"), role::toString);
    JsonNode policies = role.path("Policies").path("Fn::If");
    assertEquals("UseNarrowDeploymentPolicy", policies.get(0).asText(), role::toString);
    String narrow = policies.get(1).toString();
    for (String action :
        List.of(
            "s3:CreateBucket", "sns:CreateTopic", "sqs:CreateQueue", "dynamodb:CreateTable",
            "logs:CreateLogGroup")) {
      assertTrue(narrow.contains("\"" + action + "\""), action + " in " + narrow);
    }
    assertFalse(narrow.contains("\"*\""), narrow);
    assertEquals(
        "UseDefaultDeploymentPolicy",
        written.path("Conditions").path("UseNarrowDeploymentPolicy").path("Fn::And").get(0)
            .path("Condition").asText());

    JsonNode drift =
        written.path("Resources").path(ControlPlaneFunction.DRIFT_SCAN.id() + "Role")
            .path("Properties");
    assertTrue(drift.path("ManagedPolicyArns").isMissingNode(), drift::toString);
    for (String read :
        List.of("s3:GetBucketTagging", "dynamodb:DescribeTable", "sqs:GetQueueAttributes")) {
      assertTrue(drift.path("Policies").toString().contains("\"" + read + "\""), read);
    }
  }

  /** The Resources section as CloudFormation receives it. */
  private JsonNode writtenResources() throws Exception {
    return Json.mapper().readTree(TemplateWriter.json(template)).path("Resources");
  }

  /** Each policy of a ManagedPolicyArns value, both branches of an Fn::If included. */
  private static List<String> policies(JsonNode value) {
    List<String> found = new ArrayList<>();
    if (value.isMissingNode() || value.isNull()) {
      return found;
    }
    if (value.isArray()) {
      value.forEach(v -> found.addAll(policies(v)));
    } else if (value.has("Fn::If")) {
      found.addAll(policies(value.get("Fn::If").get(1)));
      found.addAll(policies(value.get("Fn::If").get(2)));
    } else if (value.has("Fn::Sub") && value.get("Fn::Sub").isTextual()) {
      found.add(value.get("Fn::Sub").asText());
    } else if (value.has("Ref")) {
      if (!value.get("Ref").asText().equals("AWS::NoValue")) {
        found.add("Ref " + value.get("Ref").asText());
      }
    } else {
      found.add(value.isTextual() ? value.asText() : value.toString());
    }
    return found;
  }

  private static void collectAllows(JsonNode value, List<JsonNode> allows) {
    if (value.isObject() && "Allow".equals(value.path("Effect").asText())) {
      allows.add(value);
    }
    value.forEach(v -> collectAllows(v, allows));
  }

  private static List<JsonNode> asList(JsonNode value) {
    List<JsonNode> list = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(list::add);
    } else if (!value.isMissingNode()) {
      list.add(value);
    }
    return list;
  }

  @Test
  @DisplayName("State is retained: table, drop bucket and topic survive removal or replacement")
  void stateIsRetained() {
    for (String id : ControlPlaneStack.PROTECTED_RESOURCES) {
      ResourceDefinition<?> r = resource(id);
      assertEquals(ResourceDefinition.Policy.RetainExceptOnCreate, r.deletionPolicyValue(), id);
      assertEquals(ResourceDefinition.Policy.Retain, r.updateReplacePolicyValue(), id);
    }
  }

  @Test
  @DisplayName("A function's artifact parameter reaches only that group's functions and versions")
  void artifactParametersReachOnlyTheirFunctions() {
    DependencyGraph graph = DependencyGraph.of(template);
    assertEquals(List.of(), graph.problems());
    for (ResourceDefinition<?> r : template.resources().values()) {
      String text = r.properties().toString();
      if (text.contains(FunctionArtifact.SLACK.parameterName())) {
        assertTrue(r.logicalId().startsWith("Slack"), r.logicalId());
      }
    }
  }

  // --- contracts with the other modules: each name comes from shared, so a test fails here when
  // the template writes one the functions or local mode do not use ----------------------------

  @Test
  void table_whenSynthesized_thenKeysIndexAndTtlAreTheOnesTheAdaptersUse() throws Exception {
    JsonNode table = json().path("Resources").path(ControlPlaneStack.TABLE).path("Properties");

    assertEquals(
        List.of(ControlTable.PK + ":HASH", ControlTable.SK + ":RANGE"),
        keys(table.path("KeySchema")));
    JsonNode index = table.path("GlobalSecondaryIndexes").get(0);
    assertEquals(1, table.path("GlobalSecondaryIndexes").size());
    assertEquals(ControlTable.BY_ID_INDEX, index.path("IndexName").asText());
    assertEquals(List.of(ControlTable.GSI1_PK + ":HASH"), keys(index.path("KeySchema")));
    assertEquals("ALL", index.path("Projection").path("ProjectionType").asText());
    assertEquals(
        ControlTable.TTL, table.path("TimeToLiveSpecification").path("AttributeName").asText());
  }

  @Test
  void environment_whenSynthesized_thenEveryVariableIsOneTheFunctionsRead() throws Exception {
    JsonNode resources = json().path("Resources");
    for (ControlPlaneFunction f : ControlPlaneFunction.values()) {
      Set<String> names = new TreeSet<>();
      resources
          .path(f.id() + "Function")
          .path("Properties")
          .path("Environment")
          .path("Variables")
          .fieldNames()
          .forEachRemaining(names::add);
      names.remove("JAVA_TOOL_OPTIONS"); // read by the JVM, not by fogbank
      assertTrue(names.containsAll(ControlPlaneEnvironment.REQUIRED), f + ": " + names);
      assertTrue(
          ControlPlaneEnvironment.STACK_SET.containsAll(names),
          f + " sets a variable no function reads: " + names);
      for (ControlPlaneFunction.Setting setting : f.settings()) {
        assertTrue(names.contains(setting.variable()), f + " lacks " + setting.variable());
      }
    }
  }

  @Test
  void templateBuckets_whenSynthesized_thenTheParameterReachesTheApiAndGrantsNothing()
      throws Exception {
    JsonNode template = json();
    assertEquals(
        ControlPlaneStack.TEMPLATE_BUCKETS_PARAMETER,
        template.path("Resources").path(ControlPlaneFunction.API.id() + "Function")
            .path("Properties").path("Environment").path("Variables")
            .path(ControlPlaneEnvironment.TEMPLATE_BUCKETS).path("Ref").asText());
    JsonNode parameter =
        template.path("Parameters").path(ControlPlaneStack.TEMPLATE_BUCKETS_PARAMETER);
    assertEquals("", parameter.path("Default").asText("absent"));
    java.util.regex.Pattern allowed =
        java.util.regex.Pattern.compile(parameter.path("AllowedPattern").asText());
    assertTrue(allowed.matcher("team-templates, shared.templates-eu").matches());
    assertFalse(allowed.matcher("arn:aws:s3:::team/*").matches());
    // The buckets' own policies grant the api role read access: no IAM policy names them.
    template.path("Resources").properties().forEach(e -> {
      if (e.getValue().path("Type").asText().startsWith("AWS::IAM::")) {
        assertFalse(e.getValue().toString().contains(ControlPlaneStack.TEMPLATE_BUCKETS_PARAMETER),
            e.getKey());
      }
    });
  }

  @Test
  void scopeAndConsoleUrl_whenSynthesized_thenParametersReachTheDriftScanSlackAndApiFunctions()
      throws Exception {
    JsonNode resources = json().path("Resources");
    JsonNode drift =
        resources.path(ControlPlaneFunction.DRIFT_SCAN.id() + "Function").path("Properties")
            .path("Environment").path("Variables");
    assertEquals(
        ControlPlaneStack.DRIFT_INCLUDE_PARAMETER,
        drift.path(ControlPlaneEnvironment.DRIFT_INCLUDE).path("Ref").asText());
    assertEquals(
        ControlPlaneStack.DRIFT_EXCLUDE_PARAMETER,
        drift.path(ControlPlaneEnvironment.DRIFT_EXCLUDE).path("Ref").asText());
    assertEquals(
        ControlPlaneStack.DRIFT_DISCOVER_PARAMETER,
        drift.path(ControlPlaneEnvironment.DRIFT_DISCOVER).path("Ref").asText());
    assertEquals(
        "",
        json().path("Parameters").path(ControlPlaneStack.DRIFT_DISCOVER_PARAMETER)
            .path("Default").asText("absent"));
    for (ControlPlaneFunction f : List.of(ControlPlaneFunction.SLACK, ControlPlaneFunction.API)) {
      assertEquals(
          ControlPlaneStack.CONSOLE_URL_PARAMETER,
          resources.path(f.id() + "Function").path("Properties").path("Environment")
              .path("Variables").path(ControlPlaneEnvironment.CONSOLE_URL).path("Ref").asText(),
          f.toString());
    }
    JsonNode consoleUrl = json().path("Parameters").path(ControlPlaneStack.CONSOLE_URL_PARAMETER);
    assertEquals("", consoleUrl.path("Default").asText());
    java.util.regex.Pattern allowed =
        java.util.regex.Pattern.compile(consoleUrl.path("AllowedPattern").asText());
    assertTrue(allowed.matcher("https://fogbank.example.com").matches());
    assertFalse(allowed.matcher("http://fogbank.example.com").matches());
    assertFalse(allowed.matcher("https://x.example.com/a|b").matches());
  }

  @Test
  void functionNames_whenSynthesized_thenStackNameAndTheSharedSuffix() throws Exception {
    JsonNode resources = json().path("Resources");
    for (ControlPlaneFunction f : ControlPlaneFunction.values()) {
      JsonNode name = resources.path(f.id() + "Function").path("Properties").path("FunctionName");
      assertEquals(
          "${AWS::StackName}-" + f.functionName().suffix(),
          name.path("Fn::Sub").asText(),
          f.toString());
    }
  }

  private JsonNode json() throws Exception {
    return Json.mapper().readTree(TemplateWriter.json(template));
  }

  private static List<String> keys(JsonNode keySchema) {
    List<String> keys = new ArrayList<>();
    for (JsonNode k : keySchema) {
      keys.add(k.path("AttributeName").asText() + ":" + k.path("KeyType").asText());
    }
    return keys;
  }

  @Test
  @DisplayName(
      "The HTTP API: AWS_IAM on every route but GET /health, POST /slack/actions (Slack's"
          + " signature is checked in code) and the console's pages (its cookie is), throttled,"
          + " access-logged")
  void httpApi_whenSynthesized_thenIamOnEveryRouteButHealth() {
    Map<String, String> authByRoute = new java.util.TreeMap<>();
    template.resources().values().stream()
        .filter(r -> r.type().equals("AWS::ApiGatewayV2::Route"))
        .forEach(
            r ->
                authByRoute.put(
                    String.valueOf(r.properties().get("RouteKey")),
                    String.valueOf(r.properties().get("AuthorizationType"))));

    // The console's pages and assets are NONE (a browser cannot sign; the function checks its
    // session cookie); its session route, which issues login links, is AWS_IAM.
    assertEquals(
        Map.of(
            "$default", "AWS_IAM",
            "GET /health", "NONE",
            "POST /slack/actions", "NONE",
            "GET /", "NONE",
            "ANY /console/{proxy+}", "NONE",
            "POST /console/session", "AWS_IAM",
            "GET /api", "NONE",
            "GET /api/{proxy+}", "NONE"),
        authByRoute);
    Map<String, Object> stage = resource("ApiStage").properties();
    @SuppressWarnings("unchecked")
    Map<String, Object> throttling = (Map<String, Object>) stage.get("DefaultRouteSettings");
    assertEquals(20, throttling.get("ThrottlingRateLimit"));
    assertEquals(50, throttling.get("ThrottlingBurstLimit"));
    @SuppressWarnings("unchecked")
    Map<String, Object> logs = (Map<String, Object>) stage.get("AccessLogSettings");
    assertTrue(String.valueOf(logs.get("Format")).contains("$context.identity.userArn"));
    assertEquals("AWS::Logs::LogGroup", resource("ApiAccessLogGroup").type());
  }

  @Test
  @DisplayName("The api function reads the Slack signing secret, that one secret only")
  void apiRole_whenSynthesized_thenGetSecretValueOnTheSigningAndWebhookSecretsOnly()
      throws Exception {
    JsonNode resources = writtenResources();
    String apiId = ControlPlaneFunction.API.id();
    assertEquals(
        Map.of("Ref", ControlPlaneStack.SLACK_SIGNING_SECRET),
        Json.mapper()
            .convertValue(
                resources
                    .path(apiId + "Function")
                    .path("Properties")
                    .path("Environment")
                    .path("Variables")
                    .path(ControlPlaneEnvironment.SLACK_SIGNING_SECRET_ARN),
                Map.class));
    // The signing secret for POST /slack/actions; the channels' webhook secrets (exactly the
    // slack function's) for POST /notifications/test and the dead-letter retry.
    assertEquals(
        List.of(
            "[{\"Ref\":\"" + ControlPlaneStack.SLACK_SIGNING_SECRET + "\"}]",
            secretReads(resources, ControlPlaneFunction.SLACK.id()).getFirst()),
        secretReads(resources, apiId));
    assertEquals(1, secretReads(resources, ControlPlaneFunction.SLACK.id()).size());
  }

  @Test
  @DisplayName(
      "The console function: its own artifact, routes to it only for its paths, the generated"
          + " session key (that secret in its environment and role), no pricing or PassRole")
  void console_whenSynthesized_thenItsRoutesRoleAndGeneratedKey() throws Exception {
    JsonNode resources = writtenResources();
    String id = ControlPlaneFunction.CONSOLE.id();
    JsonNode function = resources.path(id + "Function").path("Properties");
    assertEquals(
        "dev.fogbank.functions.webconsole.ConsoleHandler", function.path("Handler").asText());
    assertEquals(
        FunctionArtifact.CONSOLE.parameterName(),
        function.path("Code").path("S3Key").path("Ref").asText());
    assertEquals(
        Map.of("Ref", ControlPlaneStack.CONSOLE_SESSION_SECRET),
        Json.mapper()
            .convertValue(
                function
                    .path("Environment")
                    .path("Variables")
                    .path(ControlPlaneEnvironment.CONSOLE_SESSION_SECRET_ARN),
                Map.class));
    JsonNode secret = resources.path(ControlPlaneStack.CONSOLE_SESSION_SECRET).path("Properties");
    assertEquals(64, secret.path("GenerateSecretString").path("PasswordLength").asInt());
    assertTrue(secret.path("GenerateSecretString").path("ExcludePunctuation").asBoolean());
    assertFalse(secret.has("SecretString"), "generated, never written in the template");
    // Only the console reads its key; it reads no other secret but the channels' webhooks.
    assertEquals(
        List.of(
            "[{\"Ref\":\"" + ControlPlaneStack.CONSOLE_SESSION_SECRET + "\"}]",
            secretReads(resources, ControlPlaneFunction.SLACK.id()).getFirst()),
        secretReads(resources, id));
    for (ControlPlaneFunction f : ControlPlaneFunction.values()) {
      if (f != ControlPlaneFunction.CONSOLE) {
        String reads = secretReads(resources, f.id()).toString();
        assertFalse(
            reads.contains(ControlPlaneStack.CONSOLE_SESSION_SECRET), f + " reads the console's key");
      }
    }
    String role = resources.path(id + "Role").path("Properties").path("Policies").toString();
    for (String absent :
        List.of("pricing:", "iam:PassRole", "cloudformation:ContinueUpdateRollback", "uploads/")) {
      assertFalse(role.contains(absent), "the console role has " + absent);
    }
    assertTrue(role.contains("dynamodb:BatchGetItem"), "the stacks page reads locks in a batch");
    // Every console route goes to the console's integration, which invokes the console's alias.
    template.resources().values().stream()
        .filter(r -> r.type().equals("AWS::ApiGatewayV2::Route"))
        .forEach(
            r -> {
              String key = String.valueOf(r.properties().get("RouteKey"));
              boolean console =
                  key.equals("GET /") || key.contains(" /console") || key.contains(" /api");
              assertEquals(
                  console,
                  String.valueOf(r.properties().get("Target")).contains("ConsoleIntegration"),
                  key);
            });
    assertTrue(
        resources.path("ConsoleIntegration").path("Properties").path("IntegrationUri").toString()
            .contains(id + "Alias"));
    assertEquals(
        "apigateway.amazonaws.com",
        resources.path("ConsoleInvokePermission").path("Properties").path("Principal").asText());
  }

  @Test
  @DisplayName(
      "The console reads its API reference archive: that one S3 object, by the parameter bootstrap"
          + " fills, named in its environment; no other function reads it")
  void console_whenSynthesized_thenGetObjectOfTheConsoleAssetsKeyOnly() throws Exception {
    JsonNode resources = writtenResources();
    String key = FunctionArtifact.CONSOLE_ASSETS.parameterName();
    assertEquals("String", json().path("Parameters").path(key).path("Type").asText(),
        "the template takes " + key);
    String id = ControlPlaneFunction.CONSOLE.id();
    assertEquals(
        key,
        resources.path(id + "Function").path("Properties").path("Environment").path("Variables")
            .path(ControlPlaneEnvironment.CONSOLE_ASSETS_KEY).path("Ref").asText());
    List<String> reads = new ArrayList<>();
    for (ControlPlaneFunction f : ControlPlaneFunction.values()) {
      for (JsonNode policy : resources.path(f.id() + "Role").path("Properties").path("Policies")) {
        for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
          if (statement.path("Resource").toString().contains("${" + key + "}")) {
            reads.add(f + " " + statement.path("Action") + " " + statement.path("Resource"));
          }
        }
      }
    }
    assertEquals(
        List.of(
            "CONSOLE [\"s3:GetObject\"] [{\"Fn::Sub\":\"arn:${AWS::Partition}:s3:::"
                + "${ArtifactsBucketName}/${" + key + "}\"}]"),
        reads);
  }

  private static List<String> secretReads(JsonNode resources, String functionId) {
    List<String> secretResources = new ArrayList<>();
    for (JsonNode policy :
        resources.path(functionId + "Role").path("Properties").path("Policies")) {
      for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
        if (statement.path("Action").toString().contains("secretsmanager:GetSecretValue")) {
          secretResources.add(statement.path("Resource").toString());
        }
      }
    }
    return secretResources;
  }

  private ResourceDefinition<?> resource(String id) {
    ResourceDefinition<?> r = template.resources().get(id);
    assertNotNull(r, "no resource " + id);
    return r;
  }

  @Test
  @DisplayName(
      "The drift scan's role may start, describe and stop its own Distributed Map children, and"
          + " nothing else of Step Functions")
  void driftScanRole_whenSynthesized_thenDistributedMapPermissionsOnItselfOnly() throws Exception {
    JsonNode resources = writtenResources();
    String machineName =
        resources
            .path(ControlPlaneStack.DRIFT_STATE_MACHINE)
            .path("Properties")
            .path("StateMachineName")
            .path("Fn::Sub")
            .asText();
    List<String> states = new java.util.ArrayList<>();
    for (JsonNode policy :
        resources.path(ControlPlaneStack.DRIFT_STATE_MACHINE + "Role").path("Properties")
            .path("Policies")) {
      for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
        for (JsonNode action : statement.path("Action")) {
          if (action.asText().startsWith("states:")) {
            for (JsonNode resource : statement.path("Resource")) {
              states.add(action.asText() + " " + resource.path("Fn::Sub").asText());
            }
          }
        }
      }
    }
    String arn = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:";
    assertEquals(
        List.of(
            "states:StartExecution " + arn + "stateMachine:" + machineName,
            "states:DescribeExecution " + arn + "execution:" + machineName + "/*",
            "states:StopExecution " + arn + "execution:" + machineName + "/*"),
        states);
  }
}
