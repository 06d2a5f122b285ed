package dev.fogbank.shared.template;

import dev.fogbank.shared.drop.DropSource;
import dev.fogbank.shared.error.CallerText;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The templates {@code POST /deployments} may name by {@code templateUrl}: S3 objects in the
 * control plane's bucket or an allow-listed one, up to {@link TemplateLimits#MAX_TEMPLATE_BYTES},
 * read through the same S3 reader as drops ({@link DropSource}).
 */
public final class TemplateUrls {
  /** bucket.s3.amazonaws.com, bucket.s3.region.amazonaws.com, bucket.s3-region.amazonaws.com. */
  private static final Pattern VIRTUAL_HOST =
      Pattern.compile("(.+)\\.s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com(?:\\.cn)?");

  /** s3.amazonaws.com, s3.region.amazonaws.com, s3-region.amazonaws.com (path style). */
  private static final Pattern PATH_HOST =
      Pattern.compile("s3(?:[.-][a-z0-9-]+)?\\.amazonaws\\.com(?:\\.cn)?");

  private final DropSource objects;
  private final Set<String> buckets;

  /** {@code buckets}: the control plane's own bucket first, then any allow-listed ones. */
  public TemplateUrls(DropSource objects, List<String> buckets) {
    this.objects = objects;
    this.buckets = Set.copyOf(buckets);
  }

  /** S3's bucket naming rule (general purpose buckets): 3 to 63 of a-z, 0-9, '.', '-'. */
  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  /**
   * The control plane's own bucket, then the allow-listed ones named in {@code csv}
   * (comma-separated, blanks ignored; null or empty: none), as the constructor takes them.
   *
   * @throws IllegalArgumentException naming an entry that is not a valid bucket name
   */
  public static List<String> buckets(String ownBucket, String csv) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
    all.add(ownBucket);
    if (csv != null) {
      for (String entry : csv.split(",")) {
        String bucket = entry.strip();
        if (bucket.isEmpty()) {
          continue;
        }
        if (!BUCKET_NAME.matcher(bucket).matches()) {
          throw new IllegalArgumentException(
              "'" + CallerText.shown(bucket, 70) + "' is not an S3 bucket name");
        }
        all.add(bucket);
      }
    }
    return List.copyOf(all);
  }

  /** Where an S3 object is. */
  public record S3Object(String bucket, String key) {}

  /**
   * The template at {@code url}: TEMPLATE_URL_INVALID for anything but an S3 object URL,
   * TEMPLATE_URL_NOT_ALLOWED for a bucket not in the list, TEMPLATE_URL_NOT_FOUND for a missing
   * object, TEMPLATE_TOO_LARGE over the limit (refused before it is read whole).
   */
  public byte[] read(String url) {
    S3Object object = parse(url);
    if (!buckets.contains(object.bucket())) {
      throw new DeploymentException(
          ErrorCode.TEMPLATE_URL_NOT_ALLOWED,
          "templateUrl names bucket '" + CallerText.shown(object.bucket(), 63)
              + "': templates are read only from " + String.join(", ", buckets.stream().sorted()
                  .toList()));
    }
    return objects
        .latest(object.bucket(), object.key())
        .orElseThrow(
            () ->
                new DeploymentException(
                    ErrorCode.TEMPLATE_URL_NOT_FOUND,
                    "templateUrl: no object s3://" + object.bucket() + "/"
                        + CallerText.shown(object.key(), 200)))
        .body();
  }

  /** {@code s3://bucket/key} or an https S3 URL (virtual-hosted or path style). */
  public static S3Object parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid(url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    String host = uri.getHost() == null ? uri.getAuthority() : uri.getHost();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (host == null || host.isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(url);
    }
    String bucket;
    String key;
    if (scheme.equals("s3")) {
      bucket = host;
      key = path.startsWith("/") ? path.substring(1) : path;
    } else if (scheme.equals("https")) {
      Matcher virtual = VIRTUAL_HOST.matcher(host);
      if (virtual.matches()) {
        bucket = virtual.group(1);
        key = path.startsWith("/") ? path.substring(1) : path;
      } else if (PATH_HOST.matcher(host).matches() && path.indexOf('/', 1) > 1) {
        bucket = path.substring(1, path.indexOf('/', 1));
        key = path.substring(path.indexOf('/', 1) + 1);
      } else {
        throw invalid(url);
      }
    } else {
      throw invalid(url);
    }
    key = URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (bucket.isEmpty() || key.isEmpty()) {
      throw invalid(url);
    }
    return new S3Object(bucket, key);
  }

  private static DeploymentException invalid(String url) {
    return new DeploymentException(
        ErrorCode.TEMPLATE_URL_INVALID,
        "templateUrl '" + CallerText.shown(url, 200) + "' is not an S3 object URL: expected"
            + " s3://bucket/key or https://bucket.s3.<region>.amazonaws.com/key");
  }
}
