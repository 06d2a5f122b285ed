package dev.fogbank.functions.api;

import dev.fogbank.functions.api.ApiRoutes.Response;
import dev.fogbank.shared.auth.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The API's routes as data: (method, path template, operationId, handler), the templates and
 * operationIds exactly as {@code docs/api/openapi.yaml} spells them. {@link ApiRoutes} dispatches
 * from it (the Lambda handler and the local server both call ApiRoutes), and a test checks the
 * document lists the same operations, so the three cannot disagree.
 */
public final class RouteTable {
  /** What a route does with a matched request. */
  @FunctionalInterface
  public interface Handler {
    Response handle(ApiRoutes api, Request request);
  }

  /**
   * A matched request: the template's {@code {name}} segments in {@code params}; {@code who} is
   * null on a public route (no caller is authenticated for it).
   */
  public record Request(
      String method,
      String path,
      Map<String, String> params,
      Map<String, String> query,
      String body,
      Caller who,
      Map<String, String> headers) {
    public String param(String name) {
      return Objects.requireNonNull(params.get(name), name);
    }
  }

  /**
   * One operation. {@code served}: whether these routes serve it (a route whose service is not
   * wired is absent: 404, as if it were not in the table); {@code open}: answered without
   * an authenticated caller (only {@code GET /health}).
   */
  public record Route(
      String method,
      String path,
      String operationId,
      boolean open,
      Predicate<ApiRoutes> served,
      Handler handler) {
    public Route {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(operationId, "operationId");
      Objects.requireNonNull(handler, "handler");
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("path template must start with /: " + path);
      }
    }

    public static Route get(String path, String operationId, Handler handler) {
      return new Route("GET", path, operationId, false, api -> true, handler);
    }

    public static Route post(String path, String operationId, Handler handler) {
      return new Route("POST", path, operationId, false, api -> true, handler);
    }

    public static Route put(String path, String operationId, Handler handler) {
      return new Route("PUT", path, operationId, false, api -> true, handler);
    }

    public static Route delete(String path, String operationId, Handler handler) {
      return new Route("DELETE", path, operationId, false, api -> true, handler);
    }

    /** This route answered without authenticating the caller. */
    public Route withoutAuthentication() {
      return new Route(method, path, operationId, true, served, handler);
    }

    /** This route served only where {@code when} holds for the routes. */
    public Route servedWhen(Predicate<ApiRoutes> when) {
      return new Route(method, path, operationId, open, when, handler);
    }

    /** The template's parameters bound to {@code path}'s segments; empty: it does not match. */
    Optional<Map<String, String>> match(String requestPath) {
      String[] want = path.split("/", -1);
      String[] got = requestPath.split("/", -1);
      if (want.length != got.length) {
        return Optional.empty();
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < want.length; i++) {
        if (want[i].startsWith("{") && want[i].endsWith("}")) {
          if (got[i].isEmpty()) {
            return Optional.empty();
          }
          params.put(want[i].substring(1, want[i].length() - 1), got[i]);
        } else if (!want[i].equals(got[i])) {
          return Optional.empty();
        }
      }
      return Optional.of(params);
    }

    /** Literal segments first: {@code /x/search} wins over {@code /x/{id}}. */
    int literalSegments() {
      int n = 0;
      for (String segment : path.split("/", -1)) {
        n += segment.startsWith("{") ? 0 : 1;
      }
      return n;
    }
  }

  /** The routes whose template matches a path, each with its bound parameters. */
  record Candidates(List<Route> routes, List<Map<String, String>> params) {
    boolean isEmpty() {
      return routes.isEmpty();
    }

    /** Public when every route of this path is (then no caller is authenticated). */
    boolean isPublic() {
      return !routes.isEmpty() && routes.stream().allMatch(Route::open);
    }

    /** The route for {@code method}, the most literal template first; empty: 405. */
    Optional<Integer> forMethod(String method) {
      int best = -1;
      for (int i = 0; i < routes.size(); i++) {
        if (routes.get(i).method().equals(method)
            && (best < 0 || routes.get(i).literalSegments() > routes.get(best).literalSegments())) {
          best = i;
        }
      }
      return best < 0 ? Optional.empty() : Optional.of(best);
    }
  }

  private final List<Route> routes;

  private RouteTable(List<Route> routes) {
    this.routes = List.copyOf(routes);
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Route route : this.routes) {
      String key = route.method() + " " + route.path().replaceAll("\\{[^}]+}", "{}");
      if (!seen.add(key)) {
        throw new IllegalArgumentException("route listed twice: " + key);
      }
      if (!ids.add(route.operationId())) {
        throw new IllegalArgumentException("operationId listed twice: " + route.operationId());
      }
    }
  }

  /** A table of {@code groups} of routes (each route class may contribute its own list). */
  @SafeVarargs
  public static RouteTable of(List<Route>... groups) {
    List<Route> all = new ArrayList<>();
    for (List<Route> group : groups) {
      all.addAll(group);
    }
    return new RouteTable(all);
  }

  /** Every route, in table order. */
  public List<Route> routes() {
    return routes;
  }

  Candidates candidates(ApiRoutes api, String path) {
    List<Route> found = new ArrayList<>();
    List<Map<String, String>> params = new ArrayList<>();
    for (Route route : routes) {
      Optional<Map<String, String>> bound = route.match(path);
      if (bound.isPresent() && route.served().test(api)) {
        found.add(route);
        params.add(bound.get());
      }
    }
    return new Candidates(found, params);
  }
}
