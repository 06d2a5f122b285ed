package dev.fogbank.shared.notify;

import java.util.List;

/** Where the notification channels (routes) are kept; admins replace them as a whole. */
public interface NotificationChannels {
  /** The channels; empty when none were ever configured. */
  List<NotificationChannel> list();

  /** Replaces every channel ({@code channels} already validated), recording who did. */
  void replace(List<NotificationChannel> channels, String by);
}
