package dev.fogbank.shared.notify;

import dev.fogbank.shared.auth.Glob;
import dev.fogbank.shared.error.InvalidRequestException;
import dev.fogbank.shared.rules.Severity;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One Slack channel's route: its incoming webhook (the id of the Secrets Manager secret holding
 * the URL; locally, see {@code docs/notifications.md}), and which events it wants.
 *
 * @param name a short name, unique among channels: letters, digits, {@code -} and {@code _}
 * @param secretId the secret whose value is the webhook URL; never the URL itself
 * @param types the event types it wants ({@link DeploymentEvent.Kind} names); empty for all
 * @param stacks stack-name patterns ({@code *} any run of characters); empty for all stacks. An
 *     event about no stack (a drift scan's summary) goes to every channel whose types want it.
 * @param minSeverity the least severe event it wants ({@link DeploymentEvent#severity()})
 */
public record NotificationChannel(
    String name, String secretId, List<String> types, List<String> stacks, Severity minSeverity) {
  public static final int MAX_CHANNELS = 50;
  static final int MAX_PATTERNS = 50;
  static final int MAX_SECRET_ID = 2048;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public NotificationChannel {
    types = types == null ? List.of() : List.copyOf(types);
    stacks = stacks == null ? List.of() : List.copyOf(stacks);
    minSeverity = minSeverity == null ? Severity.LOW : minSeverity;
  }

  /** Whether this channel wants {@code event}. */
  public boolean wants(DeploymentEvent event) {
    if (!types.isEmpty() && !types.contains(event.kind().name())) {
      return false;
    }
    if (!event.severity().atLeast(minSeverity)) {
      return false;
    }
    return stacks.isEmpty()
        || event.stackName() == null
        || stacks.stream().anyMatch(p -> Glob.matches(p, event.stackName()));
  }

  /** Refuses a channel that could never deliver or route, with what is wrong. */
  public NotificationChannel validated() {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          "channel name must be 1 to 64 letters, digits, '-' or '_'");
    }
    String where = "channel '" + name + "': ";
    if (secretId == null || secretId.isBlank() || secretId.length() > MAX_SECRET_ID) {
      throw new InvalidRequestException(
          where + "secretId must name the secret holding the webhook URL (1 to 2048 characters)");
    }
    List<String> known = Arrays.stream(DeploymentEvent.Kind.values()).map(Enum::name).toList();
    for (String type : types) {
      if (!known.contains(type)) {
        throw new InvalidRequestException(
            where + "unknown event type '" + type + "': allowed are " + String.join(", ", known));
      }
    }
    if (stacks.size() > MAX_PATTERNS || stacks.stream().anyMatch(p -> p == null || p.isEmpty())) {
      throw new InvalidRequestException(
          where + "stacks must be at most " + MAX_PATTERNS + " non-empty name patterns");
    }
    return this;
  }

  /** Checks a whole set: each channel, their number, and that names are unique. */
  public static List<NotificationChannel> validated(List<NotificationChannel> channels) {
    if (channels == null) {
      throw new InvalidRequestException("channels must be a list");
    }
    if (channels.size() > MAX_CHANNELS) {
      throw new InvalidRequestException("at most " + MAX_CHANNELS + " channels");
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (NotificationChannel channel : channels) {
      if (channel == null) {
        throw new InvalidRequestException("channels must be a list of channel objects");
      }
      channel.validated();
      if (!names.add(channel.name())) {
        throw new InvalidRequestException("channel name '" + channel.name() + "' is used twice");
      }
    }
    return List.copyOf(channels);
  }
}
