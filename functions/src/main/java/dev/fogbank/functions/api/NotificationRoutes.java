package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.functions.api.RouteTable.Route;
import dev.fogbank.shared.auth.Action;
import dev.fogbank.shared.auth.Caller;
import dev.fogbank.shared.error.DeploymentException;
import dev.fogbank.shared.notify.FailedNotification;
import dev.fogbank.shared.notify.FailedNotifications;
import dev.fogbank.shared.notify.NotificationChannel;
import dev.fogbank.shared.notify.NotificationDispatcher;
import dev.fogbank.shared.paging.PageTokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The notification routes: {@code GET/PUT /notifications/channels} and {@code POST
 * /notifications/test} (admins), {@code GET /notifications/failed} (readers) and {@code POST
 * /notifications/failed/{id}/retry} (admins): {@link #ROUTES}, entries of the route table.
 */
final class NotificationRoutes {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 100;
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final String LISTING = "notifications/failed";

  /** The notification operations, served where the routes have a dispatcher. */
  static final List<Route> ROUTES =
      Stream.of(
              Route.get("/notifications/channels", "getNotificationChannels",
                  (api, r) -> api.notifications().channels(r.who())),
              Route.put("/notifications/channels", "putNotificationChannels",
                  (api, r) -> api.notifications().replace(r.body(), r.who())),
              Route.post("/notifications/test", "testNotifications",
                  (api, r) -> {
                    ApiRoutes.noBody(r.body());
                    return api.notifications().test(r.who());
                  }),
              Route.get("/notifications/failed", "listFailedNotifications",
                  (api, r) -> api.notifications().failed(r.query(), r.who())),
              Route.post("/notifications/failed/{failedId}/retry", "retryFailedNotification",
                  (api, r) -> {
                    ApiRoutes.noBody(r.body());
                    return api.notifications().retry(r.param("failedId"), r.who());
                  }))
          .map(route -> route.servedWhen(api -> api.notifications() != null))
          .toList();

  /** The body of {@code PUT /notifications/channels}. */
  record ChannelsBody(List<NotificationChannel> channels) {}

  private final Supplier<NotificationDispatcher> dispatcher;
  private final PageTokens tokens;

  NotificationRoutes(Supplier<NotificationDispatcher> dispatcher, PageTokens tokens) {
    this.dispatcher = dispatcher;
    this.tokens = tokens;
  }

  private Response channels(Caller who) {
    who.requireEverywhere(Action.ADMIN, "read the notification channels");
    NotificationDispatcher d = dispatcher.get();
    List<NotificationChannel> configured = d.store().list();
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("channels", configured);
    // While none are configured, the control plane's own webhook (if any) gets everything.
    answer.put("inForce", configured.isEmpty() ? d.channels() : configured);
    return ApiRoutes.ok(answer);
  }

  private Response replace(String body, Caller who) {
    who.requireEverywhere(Action.ADMIN, "replace the notification channels");
    if (body == null || body.isBlank()) {
      throw ApiRoutes.invalid("request body must be {\"channels\": [...]}");
    }
    if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
      throw ApiRoutes.invalid("request body is over " + MAX_BODY_BYTES + " bytes");
    }
    ChannelsBody request = ApiRoutes.parse(body, ChannelsBody.class, "channels");
    List<NotificationChannel> channels = NotificationChannel.validated(request.channels());
    dispatcher.get().store().replace(channels, who.principal());
    return ApiRoutes.ok(Map.of("channels", channels));
  }

  private Response test(Caller who) {
    who.requireEverywhere(Action.ADMIN, "send test notifications");
    List<Map<String, Object>> results = new ArrayList<>();
    for (NotificationDispatcher.ChannelResult r : dispatcher.get().test(who.principal())) {
      results.add(view(r));
    }
    return ApiRoutes.ok(Map.of("results", results));
  }

  /** Dead letters about stacks the caller may not read are left out of the page. */
  private Response failed(Map<String, String> query, Caller who) {
    who.requireAnywhere(Action.READ, "read failed notifications");
    int limit = DEFAULT_LIMIT;
    String asked = query.get("limit");
    if (asked != null) {
      try {
        limit = Integer.parseInt(asked);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        throw ApiRoutes.invalid("limit must be a whole number from 1 to " + MAX_LIMIT);
      }
    }
    String cursor = tokens.open(LISTING, query.get("nextToken"));
    FailedNotifications.Page page = dispatcher.get().failed().list(cursor, limit);
    List<Map<String, Object>> items = new ArrayList<>();
    for (FailedNotification f : page.items()) {
      String stack = f.event() == null ? null : f.event().stackName();
      if (stack == null || who.may(Action.READ, stack)) {
        items.add(view(f));
      }
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("items", items);
    if (page.next() != null) {
      answer.put("nextToken", tokens.seal(LISTING, page.next()));
    }
    return ApiRoutes.ok(answer);
  }

  private Response retry(String id, Caller who) {
    who.requireEverywhere(Action.ADMIN, "re-send failed notifications");
    NotificationDispatcher.ChannelResult r = dispatcher.get().retry(id);
    if (!r.delivered()) {
      // Still not delivered: the dead letter stays, with this reason.
      throw new DeploymentException(r.code(), r.message() + " (kept as " + id + ")");
    }
    Map<String, Object> answer = view(r);
    answer.put("id", id);
    answer.put("removed", true);
    return ApiRoutes.ok(answer);
  }

  private static Map<String, Object> view(NotificationDispatcher.ChannelResult r) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("channel", r.channel());
    view.put("delivered", r.delivered());
    view.put("code", r.code() == null ? null : r.code().name());
    view.put("message", r.message());
    view.put("status", r.status());
    view.put("attempts", r.attempts());
    return view;
  }

  static Map<String, Object> view(FailedNotification f) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", f.id());
    view.put("channel", f.channel());
    view.put("type", f.event() == null ? null : f.event().kind().name());
    view.put("stackName", f.event() == null ? null : f.event().stackName());
    view.put("deploymentId", f.event() == null ? null : f.event().deploymentId());
    view.put("code", f.code().name());
    view.put("message", f.message());
    view.put("status", f.status());
    view.put("attempts", f.attempts());
    view.put("failedAt", f.failedAt());
    view.put("lastTriedAt", f.lastTriedAt());
    view.put("retry", "/notifications/failed/" + f.id() + "/retry");
    return view;
  }
}
