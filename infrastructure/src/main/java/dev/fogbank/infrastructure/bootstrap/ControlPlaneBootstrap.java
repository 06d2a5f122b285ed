package dev.fogbank.infrastructure.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.stack.StackName;
import dev.fogbank.shared.drop.DropIntake;
import dev.fogbank.shared.drop.DroppedObject;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.StackBusyException;
import dev.fogbank.shared.stack.ChangeSetHandle;
import dev.fogbank.shared.stack.ChangeSetOutcome;
import dev.fogbank.shared.stack.ChangeSetRequest;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.ResourceChange;
import dev.fogbank.shared.stack.StackEvent;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.template.TemplateStore.StoredTemplate;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Installs or upgrades the control plane.
 *
 * <p>{@link #deploy}: synthesizes and validates the template and reads every artifact first (bad
 * input fails before anything is uploaded), makes sure the artifacts bucket exists, uploads the
 * artifacts it lacks, then creates or updates the stack through a change set and waits for it.
 *
 * <p>{@link #upgradeThroughDropBucket}: the same artifacts, then a preview (a change set that is
 * deleted again, and a comparison of templates) that refuses to delete or replace the table,
 * buckets or topic unless forced, then writes the template to the control plane's own drop bucket,
 * which deploys it as any other stack.
 *
 * <p>Re-running after an interruption converges: uploads skip what is there, leftover fogbank
 * change sets and a REVIEW_IN_PROGRESS stack are removed, a stack still in progress is waited for,
 * a ROLLBACK_COMPLETE stack is deleted and created again (by the gateway).
 */
public final class ControlPlaneBootstrap {

  /** Change sets bootstrap creates; leftovers with these prefixes are removed by the next run. */
  public static final String CHANGE_SET_PREFIX = "fogbank-bootstrap-";

  public static final String PREVIEW_PREFIX = "fogbank-preview-";

  /** CloudFormation's limit for TemplateBody; larger templates go through S3 (TemplateURL). */
  public static final int MAX_INLINE_TEMPLATE_BYTES = 51_200;

  static final String MANIFEST_CONTENT_TYPE = "text/yaml; charset=utf-8";

  /** How DescribeStacks shows a NoEcho parameter's value. */
  private static final String MASKED = "****";

  private static final List<Duration> POLLS =
      List.of(
          Duration.ofMillis(200),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5));
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ControlPlane controlPlane;
  private final String region;
  private final ArtifactStore store;
  private final StackGateway gateway;
  private final StackInspector inspector;
  private final AccountLookup accounts;
  private final Consumer<String> progress;
  private final Object progressLock = new Object();
  private final Map<String, String> baseParameters;
  private final Clock clock;
  private final Pause pause;

  public ControlPlaneBootstrap(
      ControlPlane controlPlane,
      String region,
      ArtifactStore store,
      StackGateway gateway,
      StackInspector inspector,
      AccountLookup accounts,
      Map<String, String> baseParameters,
      Consumer<String> progress) {
    this(
        controlPlane,
        region,
        store,
        gateway,
        inspector,
        accounts,
        baseParameters,
        progress,
        Clock.systemUTC(),
        Pause.SYSTEM);
  }

  ControlPlaneBootstrap(
      ControlPlane controlPlane,
      String region,
      ArtifactStore store,
      StackGateway gateway,
      StackInspector inspector,
      AccountLookup accounts,
      Map<String, String> baseParameters,
      Consumer<String> progress,
      Clock clock,
      Pause pause) {
    this.controlPlane = Objects.requireNonNull(controlPlane, "controlPlane");
    this.region = Objects.requireNonNull(region, "region");
    this.store = Objects.requireNonNull(store, "store");
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.inspector = Objects.requireNonNull(inspector, "inspector");
    this.accounts = Objects.requireNonNull(accounts, "accounts");
    this.baseParameters = Map.copyOf(baseParameters);
    Objects.requireNonNull(progress, "progress");
    // Uploads report from their own threads; the caller sees one line at a time.
    this.progress =
        line -> {
          synchronized (progressLock) {
            progress.accept(line);
          }
        };
    this.clock = Objects.requireNonNull(clock, "clock");
    this.pause = Objects.requireNonNull(pause, "pause");
  }

  /**
   * Bootstrap over the AWS clients of {@code clients} (S3, CloudFormation, and STS for the
   * account). With an endpoint override (an emulator), the control plane's emulator parameters are
   * the starting values.
   */
  public static ControlPlaneBootstrap create(
      AwsClientFactory clients, ControlPlane controlPlane, Consumer<String> progress) {
    String region = clients.settings().region();
    boolean emulator = clients.settings().endpoint().isPresent();
    return new ControlPlaneBootstrap(
        controlPlane,
        region,
        new S3ArtifactStore(
            clients.s3(),
            region,
            clients.settings().endpoint().map(e -> "https".equals(e.getScheme())).orElse(true)),
        new CloudFormationStackGateway(clients.cloudFormation()),
        new CloudFormationStackInspector(clients.cloudFormation()),
        new StsAccountLookup(clients.settings(), clients.credentialsProvider()),
        emulator ? controlPlane.emulatorParameters() : Map.of(),
        progress);
  }

  /**
   * {@code fogbank-artifacts-<account>-<region>}: one per account and region, as CDK names its own.
   */
  public static String artifactsBucketName(String account, String region) {
    return "fogbank-artifacts-" + account + "-" + region;
  }

  /**
   * The control-plane stack's name also names its drop bucket ({@code <name>-drop-<account>-
   * <region>}, at most 63 characters of lower-case letters, digits and hyphens), so it is held to
   * what a bucket name allows.
   */
  static String controlPlaneStackName(String name) {
    StackName.require(name);
    if (!CONTROL_PLANE_STACK_NAME.matcher(name).matches()) {
      throw new BootstrapException(
          ErrorCode.INVALID_STACK_NAME,
          "control-plane stack name '"
              + name
              + "' must be 1 to 30 lower-case letters, digits and hyphens, starting with a letter"
              + " and not ending with a hyphen: it names the drop bucket"
              + " (<name>-drop-<account>-<region>)");
    }
    return name;
  }

  private static final java.util.regex.Pattern CONTROL_PLANE_STACK_NAME =
      java.util.regex.Pattern.compile("[a-z](?:[a-z0-9-]{0,28}[a-z0-9])?");

  // --- deploy ------------------------------------------------------------------------------

  /** Creates or updates the control-plane stack directly through a change set. */
  public BootstrapResult deploy(BootstrapRequest request) {
    String stackName = controlPlaneStackName(request.stackName());
    Duration timeout = request.timeout();
    // Everything that can be wrong with the input, before anything is uploaded.
    ArtifactSet artifacts = ArtifactSet.load(request.functionsDir());
    ControlPlaneTemplate template = controlPlane.template().render(Map.of());
    requireSettable(template, artifacts, request.parameters());
    Optional<DeployedStack> existing = settle(stackName, timeout);
    existing.ifPresent(ControlPlaneBootstrap::requireUpdatable);
    Map<String, String> chosen = chosenParameters(template, artifacts, existing, request);
    requireParameters(template, artifacts, chosen);

    String bucket = artifactsBucketName(accounts.accountId(), region);
    Map<String, String> parameters = new LinkedHashMap<>(chosen);
    parameters.put(layout().artifactsBucketParameter(), bucket);
    parameters.putAll(artifacts.parameters());
    boolean created = store.ensureBucket(bucket);
    progress.accept(BootstrapMessages.bucket(bucket, created));
    List<Artifact> uploaded = publish(bucket, artifacts);
    TemplateLocation location = locate(bucket, template);

    existing = tidy(stackName, existing, timeout);
    ChangeSetHandle handle =
        gateway.createChangeSet(
            location.request(
                stackName, changeSetName(CHANGE_SET_PREFIX), parameters, "fogbank bootstrap"));
    ChangeSetOutcome outcome = gateway.awaitChangeSet(handle, timeout);
    List<PlannedChange> changes = new ArrayList<>();
    if (outcome.status() == ChangeSetOutcome.Status.FAILED) {
      throw new BootstrapException(
          ErrorCode.CHANGE_SET_FAILED,
          "change set "
              + handle.changeSetName()
              + " for stack '"
              + stackName
              + "' failed: "
              + outcome.reason());
    }
    if (outcome.status() == ChangeSetOutcome.Status.READY) {
      changes.addAll(rows(outcome.changes()));
      if (changes.isEmpty() && "UPDATE".equals(handle.type()) && existing.isPresent()) {
        // Some endpoints (moto) accept an update without listing its changes, even one that
        // changes nothing: compare what is deployed with what would be.
        JsonNode deployed = parse(inspector.template(stackName), stackName);
        Map<String, String> current = existing.get().parameters();
        if (TemplateComparison.same(deployed, current, template.root(), parameters)) {
          inspector.deleteChangeSet(handle.changeSetId());
          return noChanges(stackName, bucket, created, uploaded);
        }
        changes.addAll(TemplateComparison.changes(deployed, current, template.root(), parameters));
        if (!changes.isEmpty()) {
          progress.accept(BootstrapMessages.comparedChanges());
        }
      }
    }
    if (outcome.status() == ChangeSetOutcome.Status.NO_CHANGES) {
      return noChanges(stackName, bucket, created, uploaded);
    }
    if (changes.isEmpty()) {
      progress.accept(BootstrapMessages.noResourceChanges());
    }
    changes.forEach(c -> progress.accept(BootstrapMessages.change(c)));

    gateway.executeChangeSet(handle);
    DeployedStack after = awaitOperation(stackName, handle.stackId(), timeout);
    if (!after.state().succeeded()) {
      throw stackFailed(stackName, after);
    }
    Map<String, String> outputs = new LinkedHashMap<>(after.outputs());
    List<DeployedResource> resources = List.of();
    if (outputs.isEmpty()) {
      // Emulators keep no outputs after a change set: name what they would have said where an
      // output is a plain Ref to a resource (its physical ID).
      resources =
          inspector.resources(handle.stackId()).stream()
              .filter(r -> r.logicalId() != null && !r.logicalId().isBlank())
              .toList();
      outputs.putAll(outputsFromResources(template.root(), resources));
      outputs.forEach((k, v) -> progress.accept(BootstrapMessages.derivedOutput(k, v)));
    } else {
      outputs.forEach((k, v) -> progress.accept(BootstrapMessages.output(k, v)));
    }
    BootstrapResult.Outcome result =
        after.status().equals("CREATE_COMPLETE")
            ? BootstrapResult.Outcome.CREATE_COMPLETE
            : BootstrapResult.Outcome.UPDATE_COMPLETE;
    return new BootstrapResult(
        stackName,
        result,
        bucket,
        created,
        uploaded,
        changes,
        outputs,
        resources,
        Optional.empty());
  }

  // --- self-upgrade ------------------------------------------------------------------------

  /**
   * Upgrades an installed control plane through its own drop bucket: the new template (artifact
   * keys as its parameters' defaults) goes to {@code stacks/<stack>/template.yaml}, the remaining
   * parameters to {@code deployment.yaml} beside it.
   */
  public BootstrapResult upgradeThroughDropBucket(BootstrapRequest request) {
    String stackName = controlPlaneStackName(request.stackName());
    Duration timeout = request.timeout();
    ArtifactSet artifacts = ArtifactSet.load(request.functionsDir());
    // The drop deployment passes only deployment.yaml's parameters; the artifact keys travel in
    // the template itself, so that the template and the code it needs arrive in one object.
    ControlPlaneTemplate template = controlPlane.template().render(artifacts.parameters());
    requireSettable(template, artifacts, request.parameters());
    DeployedStack stack =
        settle(stackName, timeout)
            .orElseThrow(
                () ->
                    BootstrapException.invalidInput(
                        "stack '"
                            + stackName
                            + "' does not exist in "
                            + region
                            + ": install the control plane first with 'fogbank bootstrap'"
                            + " (without --via-control-plane)"));
    if (!stack.state().succeeded() && !stack.status().equals("UPDATE_ROLLBACK_COMPLETE")) {
      throw new BootstrapException(
          ErrorCode.STACK_FAILED,
          "stack '"
              + stackName
              + "' is "
              + stack.status()
              + ": a control plane in that state cannot deploy its own upgrade; repair it with"
              + " 'fogbank bootstrap' (without --via-control-plane)");
    }
    String dropBucket = dropBucket(stackName, stack);
    // deployment.yaml carries every value that is not an artifact key: those set before (a drop
    // deployment passes only what the manifest says; the rest would fall back to Defaults) and
    // those given now.
    Map<String, String> chosen = chosenParameters(template, artifacts, Optional.of(stack), request);
    requireParameters(template, artifacts, chosen);

    String bucket = artifactsBucketName(accounts.accountId(), region);
    Map<String, String> manifestParameters = new LinkedHashMap<>(chosen);
    manifestParameters.put(layout().artifactsBucketParameter(), bucket);
    boolean created = store.ensureBucket(bucket);
    progress.accept(BootstrapMessages.bucket(bucket, created));
    List<Artifact> uploaded = publish(bucket, artifacts);

    List<PlannedChange> changes = List.of();
    if (request.force()) {
      progress.accept(BootstrapMessages.guardSkipped());
    } else {
      Optional<List<PlannedChange>> previewed =
          preview(stackName, stack, template, bucket, manifestParameters, timeout);
      if (previewed.isEmpty()) {
        return noChanges(stackName, bucket, created, uploaded);
      }
      changes = previewed.get();
    }

    String prefix = "stacks/" + stackName + "/";
    String manifestKey = prefix + DropIntake.MANIFEST_NAME;
    String templateKey = prefix + "template.yaml";
    byte[] manifest = manifest(manifestParameters);
    // deployment.yaml first, and only when it changes: uploading it alone redeploys the template
    // already there, which with the same values changes nothing.
    boolean manifestWritten =
        !store
            .read(dropBucket, manifestKey)
            .map(b -> java.util.Arrays.equals(b, manifest))
            .orElse(false);
    if (manifestWritten) {
      store.put(dropBucket, manifestKey, manifest, MANIFEST_CONTENT_TYPE);
      progress.accept(BootstrapMessages.wrote(dropBucket, manifestKey));
    } else {
      progress.accept(BootstrapMessages.unchanged(dropBucket, manifestKey));
    }
    Optional<String> version =
        store.put(dropBucket, templateKey, template.bytes(), MANIFEST_CONTENT_TYPE);
    progress.accept(BootstrapMessages.wrote(dropBucket, templateKey));
    String deploymentId =
        version
            .map(
                v ->
                    DropIntake.deploymentIdFor(
                        new DroppedObject(
                            dropBucket, templateKey, v, null, template.sizeBytes(), null)))
            .orElse(null);
    return new BootstrapResult(
        stackName,
        BootstrapResult.Outcome.SUBMITTED,
        bucket,
        created,
        uploaded,
        changes,
        Map.of(),
        List.of(),
        Optional.of(
            new BootstrapResult.DropSubmission(
                dropBucket,
                templateKey,
                manifestKey,
                manifestWritten,
                version.orElse(null),
                deploymentId)));
  }

  /**
   * The changes the upgrade would make, or empty when it would make none. Refuses (throws) when a
   * protected resource would be deleted or replaced. The preview change set is always deleted.
   */
  private Optional<List<PlannedChange>> preview(
      String stackName,
      DeployedStack stack,
      ControlPlaneTemplate template,
      String bucket,
      Map<String, String> parameters,
      Duration timeout) {
    JsonNode deployed = parse(inspector.template(stackName), stackName);
    List<PlannedChange> compared =
        TemplateComparison.changes(deployed, stack.parameters(), template.root(), parameters);
    boolean same =
        TemplateComparison.same(deployed, stack.parameters(), template.root(), parameters);
    TemplateLocation location = locate(bucket, template);
    tidy(stackName, Optional.of(stack), timeout);
    ChangeSetHandle handle =
        gateway.createChangeSet(
            location.request(
                stackName,
                changeSetName(PREVIEW_PREFIX),
                parameters,
                "fogbank self-upgrade preview (deleted after reading)"));
    ChangeSetOutcome outcome;
    try {
      outcome = gateway.awaitChangeSet(handle, timeout);
    } finally {
      if (handle.changeSetId() != null) {
        inspector.deleteChangeSet(handle.changeSetId());
      }
    }
    if (outcome.status() == ChangeSetOutcome.Status.FAILED) {
      throw new BootstrapException(
          ErrorCode.CHANGE_SET_FAILED,
          "preview change set for stack '" + stackName + "' failed: " + outcome.reason());
    }
    List<PlannedChange> changes = rows(outcome.changes());
    if (outcome.status() == ChangeSetOutcome.Status.NO_CHANGES || (changes.isEmpty() && same)) {
      return Optional.empty();
    }
    if (changes.isEmpty()) {
      progress.accept(BootstrapMessages.comparedChanges());
      changes = compared;
    }
    changes.forEach(c -> progress.accept(BootstrapMessages.change(c)));
    List<PlannedChange> judged = new ArrayList<>(changes);
    judged.addAll(compared);
    List<String> refusals = UpgradeGuard.of(layout()).refusals(deployed, template.root(), judged);
    if (!refusals.isEmpty()) {
      throw new UpgradeRefusedException(stackName, refusals);
    }
    progress.accept(BootstrapMessages.guardPassed());
    return Optional.of(changes);
  }

  private String dropBucket(String stackName, DeployedStack stack) {
    String fromOutput = stack.outputs().get(layout().dropBucketOutput());
    if (fromOutput != null && !fromOutput.isBlank()) {
      return fromOutput;
    }
    String logicalId = layout().dropBucketLogicalId();
    if (logicalId != null) {
      for (DeployedResource r : inspector.resources(stack.stackId())) {
        if (r.logicalId().equals(logicalId) && r.physicalId() != null) {
          return r.physicalId();
        }
      }
    }
    throw new BootstrapException(
        ErrorCode.STACK_FAILED,
        "stack '"
            + stackName
            + "' has no output "
            + layout().dropBucketOutput()
            + (logicalId == null ? "" : " and no resource " + logicalId)
            + ": cannot find the control plane's drop bucket");
  }

  /** deployment.yaml: {@code parameters:} with each value quoted. */
  static byte[] manifest(Map<String, String> parameters) {
    StringBuilder yaml = new StringBuilder("# written by fogbank bootstrap --via-control-plane\n");
    yaml.append("parameters:\n");
    new java.util.TreeMap<>(parameters)
        .forEach(
            (k, v) ->
                yaml.append("  ")
                    .append(k)
                    .append(": \"")
                    .append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"\n"));
    return yaml.toString().getBytes(StandardCharsets.UTF_8);
  }

  // --- shared steps ------------------------------------------------------------------------

  private ControlPlaneLayout layout() {
    return controlPlane.layout();
  }

  /** Parameters the caller sets must be declared, and not ones bootstrap sets itself. */
  private void requireSettable(
      ControlPlaneTemplate template, ArtifactSet artifacts, Map<String, String> given) {
    Map<String, Optional<String>> declared = template.parameters();
    List<String> problems = new ArrayList<>();
    for (String name : given.keySet()) {
      if (managed(name, artifacts)) {
        problems.add("parameter " + name + " is set by bootstrap itself");
      } else if (!declared.containsKey(name)) {
        problems.add(
            "the control-plane template has no parameter "
                + name
                + " (it takes "
                + String.join(", ", settable(declared.keySet(), artifacts))
                + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw BootstrapException.invalidInput(String.join("; ", problems));
    }
  }

  private List<String> settable(Set<String> declared, ArtifactSet artifacts) {
    return declared.stream().filter(n -> !managed(n, artifacts)).toList();
  }

  private boolean managed(String name, ArtifactSet artifacts) {
    return name.equals(layout().artifactsBucketParameter())
        || artifacts.parameters().containsKey(name);
  }

  /**
   * The values of the parameters bootstrap does not manage: the base values (an emulator's),
   * overridden by those the deployed stack has (so a value set by an earlier run stays), overridden
   * by those given now.
   */
  private Map<String, String> chosenParameters(
      ControlPlaneTemplate template,
      ArtifactSet artifacts,
      Optional<DeployedStack> existing,
      BootstrapRequest request) {
    Set<String> declared = template.parameters().keySet();
    Map<String, String> chosen = new LinkedHashMap<>();
    baseParameters.forEach(
        (name, value) -> {
          if (declared.contains(name)) {
            chosen.put(name, value);
          }
        });
    existing
        .filter(s -> !s.state().inReview() && !s.state().needsDeleteBeforeCreate())
        .ifPresent(
            s ->
                s.parameters()
                    .forEach(
                        (name, value) -> {
                          // A NoEcho value comes back masked; carrying "****" would overwrite it.
                          if (declared.contains(name)
                              && !managed(name, artifacts)
                              && !MASKED.equals(value)) {
                            chosen.put(name, value);
                          }
                        }));
    chosen.putAll(request.parameters());
    return chosen;
  }

  /**
   * Every parameter the template declares gets a value (from bootstrap or its Default), and every
   * artifact goes to a parameter the template declares.
   */
  private void requireParameters(
      ControlPlaneTemplate template, ArtifactSet artifacts, Map<String, String> chosen) {
    List<String> invalid = ParameterValues.problems(template.root(), chosen);
    if (!invalid.isEmpty()) {
      throw BootstrapException.invalidInput(String.join("; ", invalid));
    }
    Set<String> supplied = new java.util.HashSet<>(chosen.keySet());
    supplied.add(layout().artifactsBucketParameter());
    Map<String, Optional<String>> declared = template.parameters();
    List<String> problems = new ArrayList<>();
    for (Artifact artifact : artifacts.artifacts()) {
      if (!declared.containsKey(artifact.parameterName())) {
        problems.add(
            "the template declares no parameter "
                + artifact.parameterName()
                + " for "
                + artifact.name());
      }
    }
    for (String name : supplied) {
      if (!declared.containsKey(name)) {
        problems.add("the template declares no parameter " + name);
      }
    }
    declared.forEach(
        (name, defaultValue) -> {
          boolean given = supplied.contains(name) || artifacts.parameters().containsKey(name);
          if (!given && defaultValue.isEmpty()) {
            problems.add(
                "template parameter " + name + " has no Default and bootstrap has no value for it");
          }
        });
    if (!problems.isEmpty()) {
      throw BootstrapException.invalidInput(
          "control-plane template and artifacts do not match: " + String.join("; ", problems));
    }
  }

  /** A stack CloudFormation cannot update until someone repairs it: say so before uploading. */
  private static void requireUpdatable(DeployedStack stack) {
    String status = stack.status();
    if (status.equals("UPDATE_ROLLBACK_FAILED") || status.equals("DELETE_FAILED")) {
      throw new BootstrapException(
          ErrorCode.STACK_FAILED,
          "stack '"
              + stack.state().stackName()
              + "' is "
              + status
              + " and CloudFormation will not update it: continue the rollback or finish the"
              + " deletion (AWS console or CLI) first"
              + (stack.state().statusReason() == null ? "" : ": " + stack.state().statusReason()));
    }
  }

  /**
   * Uploads the artifacts the bucket lacks, all at once (each is its own object; a failed one fails
   * the run, and the next run uploads only what is still missing). Returns them in artifact order.
   */
  private List<Artifact> publish(String bucket, ArtifactSet artifacts) {
    List<Future<Boolean>> work = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Artifact artifact : artifacts.artifacts()) {
        work.add(
            pool.submit(
                () -> {
                  if (store.exists(bucket, artifact.key())) {
                    return false;
                  }
                  store.upload(bucket, artifact);
                  progress.accept(BootstrapMessages.uploaded(artifact));
                  return true;
                }));
      }
    }
    List<Artifact> uploaded = new ArrayList<>();
    for (int i = 0; i < work.size(); i++) {
      if (result(work.get(i))) {
        uploaded.add(artifacts.artifacts().get(i));
      }
    }
    if (uploaded.isEmpty()) {
      progress.accept(BootstrapMessages.upToDate(artifacts.artifacts().size()));
    }
    return uploaded;
  }

  private static <T> T result(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new BootstrapException(ErrorCode.INTERNAL, "upload failed: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BootstrapException(
          ErrorCode.INTERRUPTED, "bootstrap interrupted while uploading", e);
    }
  }

  private TemplateLocation locate(String bucket, ControlPlaneTemplate template) {
    if (template.sizeBytes() <= MAX_INLINE_TEMPLATE_BYTES) {
      progress.accept(BootstrapMessages.inlineTemplate(template.sizeBytes()));
      return new TemplateLocation(template.body(), null);
    }
    StoredTemplate stored = store.putTemplate(bucket, template.bytes());
    progress.accept(BootstrapMessages.storedTemplate(template.sizeBytes(), stored.location()));
    return new TemplateLocation(null, stored.url());
  }

  /** Exactly one of body and url. */
  private record TemplateLocation(String body, String url) {
    ChangeSetRequest request(
        String stackName,
        String changeSetName,
        Map<String, String> parameters,
        String description) {
      return new ChangeSetRequest(
          stackName, changeSetName, body, url, parameters, Map.of(), null, description);
    }
  }

  /** Waits while the stack is in an operation (not review); returns it as it is then. */
  private Optional<DeployedStack> settle(String stackName, Duration timeout) {
    Optional<DeployedStack> stack = inspector.describe(stackName);
    if (stack.isEmpty() || !busy(stack.get())) {
      return stack;
    }
    progress.accept(
        BootstrapMessages.waiting(stackName, stack.get().status(), timeout.toSeconds()));
    DeployedStack settled = awaitOperation(stackName, stack.get().stackId(), timeout);
    return Optional.of(settled);
  }

  private static boolean busy(DeployedStack stack) {
    return stack.state().inProgress() && !stack.state().inReview();
  }

  /** Polls the stack (by id) until no operation is running on it, up to {@code timeout}. */
  private DeployedStack awaitOperation(String stackName, String stackId, Duration timeout) {
    long deadline = clock.millis() + timeout.toMillis();
    for (int poll = 0; ; poll++) {
      DeployedStack stack =
          inspector
              .describe(stackId)
              .orElseThrow(
                  () ->
                      new BootstrapException(
                          ErrorCode.STACK_FAILED,
                          "stack '" + stackName + "' disappeared while bootstrap waited for it"));
      if (!busy(stack)) {
        return stack;
      }
      long remaining = deadline - clock.millis();
      if (remaining <= 0) {
        throw new StackBusyException(
            "stack '"
                + stackName
                + "' is still "
                + stack.status()
                + " after "
                + timeout.toSeconds()
                + " s; run bootstrap again once that operation ends (it picks up from there)");
      }
      sleep(min(POLLS.get(Math.min(poll, POLLS.size() - 1)), Duration.ofMillis(remaining)));
    }
  }

  /**
   * Clears what an interrupted run left: fogbank's unexecuted change sets, and a stack left in
   * REVIEW_IN_PROGRESS (a CREATE change set never executed; it holds no resources). Returns the
   * stack as it is afterwards.
   */
  private Optional<DeployedStack> tidy(
      String stackName, Optional<DeployedStack> stack, Duration timeout) {
    if (stack.isEmpty()) {
      return stack;
    }
    String stackId = stack.get().stackId();
    boolean foreign = false;
    for (PendingChangeSet changeSet : inspector.changeSets(stackId)) {
      boolean ours =
          changeSet.name() != null
              && (changeSet.name().startsWith(CHANGE_SET_PREFIX)
                  || changeSet.name().startsWith(PREVIEW_PREFIX));
      boolean executed =
          "EXECUTE_COMPLETE".equals(changeSet.executionStatus())
              || "EXECUTE_IN_PROGRESS".equals(changeSet.executionStatus());
      if (ours && !executed) {
        inspector.deleteChangeSet(changeSet.changeSetId());
        progress.accept(BootstrapMessages.removedChangeSet(changeSet.name()));
      } else if (!ours && !executed) {
        foreign = true;
      }
    }
    if (!stack.get().state().inReview() || foreign) {
      return stack;
    }
    inspector.deleteStack(stackId);
    long deadline = clock.millis() + timeout.toMillis();
    for (int poll = 0; inspector.describe(stackId).isPresent(); poll++) {
      long remaining = deadline - clock.millis();
      if (remaining <= 0) {
        throw new StackBusyException(
            "stack '" + stackName + "' (REVIEW_IN_PROGRESS) is still being deleted; run again");
      }
      sleep(min(POLLS.get(Math.min(poll, POLLS.size() - 1)), Duration.ofMillis(remaining)));
    }
    progress.accept(BootstrapMessages.removedReviewStack(stackName));
    return Optional.empty();
  }

  /** Outputs whose value is {@code Ref} to a resource, read from that resource's physical ID. */
  static Map<String, String> outputsFromResources(
      JsonNode template, List<DeployedResource> resources) {
    Map<String, String> physicalIds = new LinkedHashMap<>();
    resources.forEach(
        r -> {
          if (r.physicalId() != null && !r.physicalId().isBlank()) {
            physicalIds.put(r.logicalId(), r.physicalId());
          }
        });
    Map<String, String> outputs = new LinkedHashMap<>();
    template
        .path("Outputs")
        .properties()
        .forEach(
            e -> {
              JsonNode ref = e.getValue().path("Value").path("Ref");
              if (ref.isTextual() && physicalIds.containsKey(ref.asText())) {
                outputs.put(e.getKey(), physicalIds.get(ref.asText()));
              }
            });
    return outputs;
  }

  private BootstrapException stackFailed(String stackName, DeployedStack stack) {
    List<String> failures = new ArrayList<>();
    for (StackEvent event : gateway.recentEvents(stackName, 100)) {
      if (event.status() != null
          && event.status().endsWith("_FAILED")
          && event.statusReason() != null
          && failures.size() < 5) {
        failures.add(0, BootstrapMessages.event(event));
      }
    }
    String reason = stack.state().statusReason();
    return new BootstrapException(
        ErrorCode.STACK_FAILED,
        "stack '"
            + stackName
            + "' ended "
            + stack.status()
            + (reason == null ? "" : ": " + reason)
            + (failures.isEmpty() ? "" : "; failed: " + String.join("; ", failures)));
  }

  private BootstrapResult noChanges(
      String stackName, String bucket, boolean created, List<Artifact> uploaded) {
    return new BootstrapResult(
        stackName,
        BootstrapResult.Outcome.NO_CHANGES,
        bucket,
        created,
        uploaded,
        List.of(),
        Map.of(),
        List.of(),
        Optional.empty());
  }

  private static List<PlannedChange> rows(List<ResourceChange> changes) {
    return changes.stream()
        .map(
            c ->
                new PlannedChange(
                    c.action(), c.logicalId(), c.resourceType(), c.replacement(), null))
        .toList();
  }

  private static JsonNode parse(String body, String stackName) {
    if (body == null || body.isBlank()) {
      throw new BootstrapException(
          ErrorCode.STACK_FAILED, "stack '" + stackName + "' returned no template to compare with");
    }
    try {
      return ControlPlaneTemplate.of(body).root();
    } catch (DeploymentException e) {
      throw new BootstrapException(
          ErrorCode.STACK_FAILED,
          "the template deployed in stack '" + stackName + "' cannot be read: " + e.getMessage(),
          e);
    }
  }

  private String changeSetName(String prefix) {
    byte[] random = new byte[4];
    RANDOM.nextBytes(random);
    return prefix + STAMP.format(clock.instant()) + "-" + HexFormat.of().formatHex(random);
  }

  private void sleep(Duration delay) {
    try {
      pause.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BootstrapException(ErrorCode.INTERRUPTED, "bootstrap interrupted while waiting", e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Waiting, replaceable so that tests need not sleep. */
  @FunctionalInterface
  interface Pause {
    Pause SYSTEM = d -> Thread.sleep(d);

    void sleep(Duration duration) throws InterruptedException;
  }
}
