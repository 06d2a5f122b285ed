package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.aws.AwsClientFactory;
import dev.fogbank.shared.stack.CloudFormationStackGateway;
import dev.fogbank.shared.stack.StackGateway;
import dev.fogbank.shared.wait.Waiter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Installs or upgrades the control plane.
 *
 * <p>{@link #deploy} ({@link ControlPlaneInstall}): synthesizes and validates the template and
 * reads every artifact first (bad input fails before anything is uploaded), makes sure the
 * artifacts bucket exists, uploads the artifacts it lacks, then creates or updates the stack
 * through a change set and waits for it.
 *
 * <p>{@link #upgradeThroughDropBucket} ({@link SelfUpgrade}): the same artifacts, then a preview
 * ({@link UpgradePreview}) that refuses to delete or replace the table, buckets or topic unless
 * forced, then writes the template to the control plane's own drop bucket, which deploys it as any
 * other stack.
 *
 * <p>Re-running after an interruption converges: uploads skip what is there, leftover fogbank
 * change sets and a REVIEW_IN_PROGRESS stack are removed, a stack still in progress is waited for
 * ({@link StackSettling}), a ROLLBACK_COMPLETE stack is deleted and created again (by the gateway).
 */
public final class ControlPlaneBootstrap {

  /** Bootstrap waits on whole stack operations: polls at most every 5 s. */
  private static final Duration POLL_CAP = Duration.ofSeconds(5);

  private final ControlPlaneInstall install;
  private final SelfUpgrade upgrade;

  /**
   * @param baseParameters the parameters' starting values (an emulator's), under those the deployed
   *     stack and the request set
   * @param progress receives one line at a time, also while uploads run in parallel
   */
  public ControlPlaneBootstrap(
      ControlPlane controlPlane,
      String region,
      ArtifactStore store,
      StackGateway gateway,
      AccountLookup accounts,
      Map<String, String> baseParameters,
      Consumer<String> progress) {
    this(
        controlPlane,
        region,
        store,
        gateway,
        accounts,
        baseParameters,
        progress,
        Clock.systemUTC(),
        Waiter.of(POLL_CAP));
  }

  ControlPlaneBootstrap(
      ControlPlane controlPlane,
      String region,
      ArtifactStore store,
      StackGateway gateway,
      AccountLookup accounts,
      Map<String, String> baseParameters,
      Consumer<String> progress,
      Clock clock,
      Waiter waiter) {
    Objects.requireNonNull(controlPlane, "controlPlane");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(clock, "clock");
    Object progressLock = new Object();
    // Uploads report from their own threads; the caller sees one line at a time.
    Consumer<String> lines =
        line -> {
          synchronized (progressLock) {
            progress.accept(line);
          }
        };
    ControlPlaneParameters parameters =
        new ControlPlaneParameters(controlPlane.layout(), baseParameters);
    ArtifactUploads uploads = new ArtifactUploads(store, accounts, region, lines);
    StackSettling settling = new StackSettling(gateway, waiter.withCap(POLL_CAP), lines);
    this.install =
        new ControlPlaneInstall(controlPlane, parameters, uploads, settling, gateway, clock, lines);
    this.upgrade =
        new SelfUpgrade(
            controlPlane,
            region,
            parameters,
            uploads,
            settling,
            new UpgradePreview(gateway, settling, uploads, controlPlane.layout(), clock, lines),
            store,
            gateway,
            lines);
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
        new StsAccountLookup(clients.settings(), clients.credentialsProvider()),
        emulator ? controlPlane.emulatorParameters() : Map.of(),
        progress);
  }

  /** Creates or updates the control-plane stack directly through a change set. */
  public BootstrapResult deploy(BootstrapRequest request) {
    return install.run(request);
  }

  /**
   * Upgrades an installed control plane through its own drop bucket (see {@link SelfUpgrade}),
   * after a guarded preview unless the request forces it.
   */
  public BootstrapResult upgradeThroughDropBucket(BootstrapRequest request) {
    return upgrade.run(request);
  }
}
