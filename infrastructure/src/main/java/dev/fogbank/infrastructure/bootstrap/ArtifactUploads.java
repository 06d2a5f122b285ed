package dev.fogbank.infrastructure.bootstrap;

import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.stack.ChangeSetRequest;
import dev.fogbank.shared.template.TemplateStore.StoredTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * What bootstrap puts in the artifacts bucket: the bucket itself, the functions' code and state
 * machine definitions (content-addressed, so present ones are skipped), and a template too large to
 * go inline.
 */
final class ArtifactUploads {

  private final ArtifactStore store;
  private final AccountLookup accounts;
  private final String region;
  private final Consumer<String> progress;

  ArtifactUploads(
      ArtifactStore store, AccountLookup accounts, String region, Consumer<String> progress) {
    this.store = store;
    this.accounts = accounts;
    this.region = region;
    this.progress = progress;
  }

  /** The bucket, whether this run created it, and the artifacts this run uploaded. */
  record Published(String bucket, boolean bucketCreated, List<Artifact> uploaded) {}

  /** Makes sure the account's artifacts bucket exists and holds every artifact. */
  Published publish(ArtifactSet artifacts) {
    String bucket = ControlPlaneNames.artifactsBucketName(accounts.accountId(), region);
    boolean created = store.ensureBucket(bucket);
    progress.accept(BootstrapMessages.bucket(bucket, created));
    return new Published(bucket, created, upload(bucket, artifacts));
  }

  /**
   * A change set request for the template: inline when CloudFormation takes it so, else stored in
   * the artifacts bucket and passed by URL.
   */
  ChangeSetRequest changeSetRequest(
      String bucket,
      ControlPlaneTemplate template,
      String stackName,
      String changeSetName,
      Map<String, String> parameters,
      String description) {
    String body = null;
    String url = null;
    if (ChangeSetRequest.fitsInline(template.sizeBytes())) {
      progress.accept(BootstrapMessages.inlineTemplate(template.sizeBytes()));
      body = template.body();
    } else {
      StoredTemplate stored = store.putTemplate(bucket, template.bytes());
      progress.accept(BootstrapMessages.storedTemplate(template.sizeBytes(), stored.location()));
      url = stored.url();
    }
    return new ChangeSetRequest(
        stackName, changeSetName, body, url, parameters, Map.of(), null, description);
  }

  /**
   * Uploads the artifacts the bucket lacks, all at once (each is its own object; a failed one fails
   * the run, and the next run uploads only what is still missing). Returns them in artifact order.
   */
  private List<Artifact> upload(String bucket, ArtifactSet artifacts) {
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
}
