package dev.fogbank.cli.local;

import dev.fogbank.shared.digest.Sha256;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.error.ErrorCode;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.error.NotFoundException;
import dev.fogbank.shared.template.TemplateStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link TemplateStore} in a folder of the local data dir: {@code <dataDir>/templates/<sha256>
 * .template}. Locations ({@code file:templates/<sha256>}) are relative to the data dir, so history
 * stays valid when the data dir moves; {@code url} is the file's absolute {@code file:} URI, for
 * tools that read files directly.
 */
public final class FileTemplateStore implements TemplateStore {
  static final String LOCATION_PREFIX = "file:templates/";
  private static final String SUFFIX = ".template";

  // Only a sha256 in lower-case hex: nothing else (no '/', '..' or '%') can reach the file system.
  private static final Pattern LOCATION = Pattern.compile("file:templates/([0-9a-f]{64})");

  private final Path templatesDir;

  public FileTemplateStore(Path dataDir) {
    this.templatesDir =
        Objects.requireNonNull(dataDir, "dataDir")
            .toAbsolutePath()
            .normalize()
            .resolve("templates");
  }

  public static FileTemplateStore create(Path dataDir) {
    return new FileTemplateStore(dataDir);
  }

  @Override
  public StoredTemplate put(byte[] body) {
    Objects.requireNonNull(body, "body");
    String sha256 = sha256(body);
    Path target = templatesDir.resolve(sha256 + SUFFIX);
    try {
      // Files only appear by an atomic rename, so an existing one is normally this very template;
      // checking its bytes anyway lets a put repair a file altered by hand.
      if (!Files.isRegularFile(target) || !sha256(Files.readAllBytes(target)).equals(sha256)) {
        write(target, body, sha256);
      }
    } catch (IOException e) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "could not store template " + sha256 + " under " + templatesDir, e);
    }
    return new StoredTemplate(sha256, LOCATION_PREFIX + sha256, target.toUri().toString());
  }

  @Override
  public byte[] get(String location) {
    String sha256 = parse(location);
    Path file = templatesDir.resolve(sha256 + SUFFIX).normalize();
    if (!file.startsWith(templatesDir)) {
      // Unreachable with the pattern above; kept so a future pattern change cannot open a hole.
      throw new InvalidRequestException("template location is outside the template store");
    }
    byte[] body;
    try {
      body = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NotFoundException("no stored template " + sha256, e);
    } catch (IOException e) {
      throw new DeploymentException(
          ErrorCode.INTERNAL, "could not read stored template " + sha256, e);
    }
    if (!sha256(body).equals(sha256)) {
      throw new DeploymentException(
          ErrorCode.INTERNAL,
          "stored template " + sha256 + " does not match its checksum; the file was altered");
    }
    return body;
  }

  private void write(Path target, byte[] body, String sha256) throws IOException {
    Files.createDirectories(templatesDir);
    Path temp = Files.createTempFile(templatesDir, sha256 + ".", ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(body);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true); // durable before it becomes visible under its final name
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String parse(String location) {
    if (location == null) {
      throw new InvalidRequestException("a template location is required");
    }
    Matcher matcher = LOCATION.matcher(location);
    if (!matcher.matches()) {
      throw new InvalidRequestException(
          "not a location of the local template store: '"
              + printable(location)
              + "' (expected "
              + LOCATION_PREFIX
              + "<sha256>)");
    }
    return matcher.group(1);
  }

  private static String sha256(byte[] body) {
    return Sha256.hex(body);
  }

  private static String printable(String s) {
    String cut = s.length() > 120 ? s.substring(0, 120) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
