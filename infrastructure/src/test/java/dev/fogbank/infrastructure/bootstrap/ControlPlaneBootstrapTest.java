package dev.fogbank.infrastructure.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fogbank.infrastructure.controlplane.FunctionArtifact;
import dev.fogbank.infrastructure.controlplane.StateMachineDefinition;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.ChangeSet;
import dev.fogbank.shared.stack.ChangeSetRequest;
import dev.fogbank.shared.stack.StackEvent;
import dev.fogbank.shared.stack.StackExport;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.stack.StackResource;
import dev.fogbank.shared.stack.StackState;
import dev.fogbank.shared.stack.TemplateStage;
import dev.fogbank.shared.template.TemplateStore.StoredTemplate;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input problems are found before bootstrap calls AWS for anything but a stack's description. */
class ControlPlaneBootstrapTest {

  /** Takes the artifacts bucket, every artifact's key, and one parameter of its own. */
  private static final String TEMPLATE = template();

  private static String template() {
    StringBuilder yaml = new StringBuilder("Parameters:\n  ArtifactsBucketName: {Type: String}\n");
    for (FunctionArtifact f : FunctionArtifact.values()) {
      yaml.append("  ").append(f.parameterName()).append(": {Type: String}\n");
    }
    for (StateMachineDefinition d : StateMachineDefinition.values()) {
      yaml.append("  ").append(d.parameterName()).append(": {Type: String}\n");
    }
    return yaml.append("  Retention: {Type: Number, Default: 30}\n")
        .append("Resources:\n  Topic: {Type: AWS::SNS::Topic}\n")
        .toString();
  }

  @TempDir Path dir;

  private final List<String> lines = new ArrayList<>();
  private Optional<StackState> stack = Optional.empty();

  @BeforeEach
  void jars() throws IOException {
    FunctionJars.fake(dir, "v1");
  }

  @Test
  void controlPlaneStackName_mustAlsoBeABucketNamePrefix() {
    assertEquals("fogbank", ControlPlaneNames.controlPlaneStackName("fogbank"));
    assertEquals("cp-2", ControlPlaneNames.controlPlaneStackName("cp-2"));
    for (String bad : List.of("Fogbank", "fog_bank", "fogbank-", "9fog", "a".repeat(31), "")) {
      DeploymentException e =
          assertThrows(
              DeploymentException.class, () -> ControlPlaneNames.controlPlaneStackName(bad));
      assertEquals(ErrorCode.INVALID_STACK_NAME, e.code(), bad);
    }
  }

  @Test
  void deploy_whenAnUnknownParameterIsGiven_thenNamesItAndWhatTheTemplateTakes() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> bootstrap(TEMPLATE).deploy(request().withParameters(Map.of("Nope", "1"))));

    assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    assertEquals(
        "the control-plane template has no parameter Nope (it takes Retention)", e.getMessage());
  }

  @Test
  void deploy_whenAParameterValueBreaksItsConstraint_thenRefusedBeforeUpload() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> bootstrap(TEMPLATE).deploy(request().withParameters(Map.of("Retention", "a"))));

    assertEquals(ErrorCode.INVALID_REQUEST, e.code());
    assertEquals("parameter Retention = 'a' is not a number", e.getMessage());
  }

  @Test
  void deploy_whenAManagedParameterIsGiven_thenRefused() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> bootstrap(TEMPLATE).deploy(request().withParameters(Map.of("ApiCodeKey", "x"))));

    assertEquals("parameter ApiCodeKey is set by bootstrap itself", e.getMessage());
  }

  @Test
  void deploy_whenTheTemplateLacksAnArtifactParameter_thenNamesIt() {
    String template = TEMPLATE.replace("  SlackCodeKey: {Type: String}\n", "");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> bootstrap(template).deploy(request()));

    assertEquals(
        "control-plane template and artifacts do not match: the template declares no parameter"
            + " SlackCodeKey for function slack",
        e.getMessage());
  }

  @Test
  void deploy_whenAParameterHasNoValue_thenNamesIt() {
    String template = TEMPLATE.replace("Resources:", "  Team: {Type: String}\nResources:");

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> bootstrap(template).deploy(request()));

    assertEquals(
        "control-plane template and artifacts do not match: template parameter Team has no"
            + " Default and bootstrap has no value for it",
        e.getMessage());
  }

  @Test
  void deploy_whenStackNameInvalid_thenInvalidStackName() {
    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> bootstrap(TEMPLATE).deploy(BootstrapRequest.of("9-lives", dir)));

    assertEquals(ErrorCode.INVALID_STACK_NAME, e.code());
  }

  @Test
  void deploy_whenStackCannotBeUpdated_thenSaysWhatToDoBeforeUploading() {
    stack =
        Optional.of(
            new StackState("fogbank", "id", "UPDATE_ROLLBACK_FAILED", "role gone"));

    DeploymentException e =
        assertThrows(DeploymentException.class, () -> bootstrap(TEMPLATE).deploy(request()));

    assertEquals(ErrorCode.STACK_FAILED, e.code());
    assertEquals(
        "stack 'fogbank' is UPDATE_ROLLBACK_FAILED and CloudFormation will not update it: continue"
            + " the rollback or finish the deletion (AWS console or CLI) first: role gone",
        e.getMessage());
  }

  @Test
  void upgrade_whenStackRolledBack_thenSaysToRepairWithPlainBootstrap() {
    stack =
        Optional.of(
            new StackState("fogbank", "id", "ROLLBACK_COMPLETE", null));

    DeploymentException e =
        assertThrows(
            DeploymentException.class,
            () -> bootstrap(TEMPLATE).upgradeThroughDropBucket(request()));

    assertEquals(
        "stack 'fogbank' is ROLLBACK_COMPLETE: a control plane in that state cannot deploy its own"
            + " upgrade; repair it with 'fogbank bootstrap' (without --via-control-plane)",
        e.getMessage());
  }

  private BootstrapRequest request() {
    return BootstrapRequest.of("fogbank", dir).withTimeout(Duration.ofSeconds(5));
  }

  private ControlPlaneBootstrap bootstrap(String template) {
    ControlPlane controlPlane =
        new ControlPlane(
            defaults -> ControlPlaneTemplate.of(template),
            new ControlPlaneLayout(
                "ArtifactsBucketName",
                "DropBucketName",
                "DropBucket",
                Set.of(),
                ControlPlaneLayout.DATA_TYPES),
            Map.of());
    return new ControlPlaneBootstrap(
        controlPlane,
        "us-east-1",
        new UntouchableStore(),
        new DescribeOnly(),
        () -> {
          throw new AssertionError("account looked up: input was accepted");
        },
        Map.of(),
        lines::add);
  }

  private static final class UntouchableStore implements ArtifactStore {
    @Override
    public boolean ensureBucket(String bucket) {
      throw new AssertionError("bucket created before input was checked");
    }

    @Override
    public boolean exists(String bucket, String key) {
      throw new AssertionError("HeadObject");
    }

    @Override
    public void upload(String bucket, Artifact artifact) {
      throw new AssertionError("uploaded before input was checked");
    }

    @Override
    public Optional<String> put(String bucket, String key, byte[] body, String contentType) {
      throw new AssertionError("PutObject");
    }

    @Override
    public Optional<byte[]> read(String bucket, String key) {
      throw new AssertionError("GetObject");
    }

    @Override
    public StoredTemplate putTemplate(String bucket, byte[] body) {
      throw new AssertionError("template uploaded");
    }
  }

  /** CloudFormation as far as describing the stack; anything more means input was accepted. */
  private final class DescribeOnly implements StackGateway {
    @Override
    public Optional<StackState> describe(String stackNameOrId) {
      return stack;
    }

    @Override
    public ChangeSet createChangeSet(ChangeSetRequest request) {
      throw new AssertionError("CreateChangeSet");
    }

    @Override
    public ChangeSet awaitChangeSet(ChangeSet changeSet, Duration timeout) {
      throw new AssertionError("DescribeChangeSet");
    }

    @Override
    public void executeChangeSet(ChangeSet changeSet) {
      throw new AssertionError("ExecuteChangeSet");
    }

    @Override
    public List<StackEvent> recentEvents(String stackName, int max) {
      throw new AssertionError("DescribeStackEvents");
    }

    @Override
    public List<StackEvent> eventsSince(String stackNameOrId, java.time.Instant since) {
      throw new AssertionError("DescribeStackEvents (since)");
    }

    @Override
    public void continueUpdateRollback(
        String stackNameOrId, List<String> resourcesToSkip, String roleArn) {
      throw new AssertionError("ContinueUpdateRollback");
    }

    @Override
    public String template(String stackNameOrId, TemplateStage stage) {
      throw new AssertionError("GetTemplate");
    }

    @Override
    public Optional<String> processedTemplate(ChangeSet changeSet) {
      throw new AssertionError("GetTemplate (processed)");
    }

    @Override
    public List<StackResource> resources(String stackNameOrId) {
      throw new AssertionError("ListStackResources");
    }

    @Override
    public List<ChangeSet> changeSets(String stackId) {
      throw new AssertionError("ListChangeSets");
    }

    @Override
    public void deleteChangeSet(String changeSetId) {
      throw new AssertionError("DeleteChangeSet");
    }

    @Override
    public void discardChangeSet(ChangeSet changeSet) {
      throw new AssertionError("DeleteChangeSet (discard)");
    }

    @Override
    public void deleteStack(String stackId) {
      throw new AssertionError("DeleteStack");
    }

    @Override
    public List<StackExport> exports() {
      throw new AssertionError("ListExports");
    }

    @Override
    public List<String> importers(String exportName) {
      throw new AssertionError("ListImports");
    }

    @Override
    public List<String> stackNames() {
      throw new AssertionError("ListStacks");
    }

    @Override
    public void setStackPolicy(String stackNameOrId, String policyJson) {
      throw new AssertionError("SetStackPolicy");
    }

    @Override
    public void setTerminationProtection(String stackNameOrId, boolean enabled) {
      throw new AssertionError("UpdateTerminationProtection");
    }
  }
}
