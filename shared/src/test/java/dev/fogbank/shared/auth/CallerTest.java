package dev.fogbank.shared.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fogbank.shared.error.ErrorCode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {
  private final Caller ci =
      new Caller(
          "ci",
          List.of(
              new Grant(List.of("web-*", "api"), Set.of(Action.READ, Action.DEPLOY)),
              new Grant(List.of("*"), Set.of(Action.READ))));

  @Test
  void may_whenPatternAndActionMatch_thenAllowed_otherwiseNot() {
    assertTrue(ci.may(Action.DEPLOY, "web-shop"));
    assertTrue(ci.may(Action.DEPLOY, "api"));
    assertTrue(ci.may(Action.READ, "payments"));
    assertFalse(ci.may(Action.DEPLOY, "api-2"), "a pattern matches the whole name");
    assertFalse(ci.may(Action.DEPLOY, "payments"));
    assertFalse(ci.may(Action.APPROVE, "web-shop"));
    assertFalse(ci.mayEverywhere(Action.DEPLOY));
    assertTrue(ci.mayEverywhere(Action.READ));
    assertFalse(ci.mayAnywhere(Action.ADMIN));
  }

  @Test
  void may_whenAdmin_thenEveryActionOnItsStacksButEverywhereOnlyWithStar() {
    Caller teamAdmin = new Caller("lead", List.of(new Grant(List.of("team-a-*"), Set.of(Action.ADMIN))));

    assertTrue(teamAdmin.may(Action.APPROVE, "team-a-db"));
    assertFalse(teamAdmin.may(Action.READ, "team-b-db"));
    assertFalse(teamAdmin.mayEverywhere(Action.ADMIN));
    assertTrue(Caller.admin("root").mayEverywhere(Action.ADMIN));
  }

  @Test
  void require_whenOutside_thenForbiddenNamingPrincipalActionAndStack() {
    ForbiddenException e =
        assertThrows(ForbiddenException.class, () -> ci.require(Action.APPROVE, "web-shop"));

    assertEquals(ErrorCode.FORBIDDEN, e.code());
    assertEquals("ci may not approve stack 'web-shop': no grant covers it", e.getMessage());
  }

  @Test
  void glob_whenSeveralStars_thenBacktracks() {
    assertTrue(Glob.matches("a*b*c", "a-x-b-y-c"));
    assertTrue(Glob.matches("*", ""));
    assertFalse(Glob.matches("a*b*c", "a-x-b-y"));
    assertTrue(Glob.matches("arn:aws:sts::1:assumed-role/ci/*", "arn:aws:sts::1:assumed-role/ci/s"));
    assertFalse(Glob.matches("arn:aws:sts::1:assumed-role/ci/*", "arn:aws:sts::1:assumed-role/cix/s"));
  }

  @Test
  void grant_whenPatternIsNotAStackName_thenRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Grant(List.of("web/*"), Set.of(Action.READ)));
    assertThrows(IllegalArgumentException.class, () -> new Grant(List.of(), Set.of(Action.READ)));
    assertThrows(IllegalArgumentException.class, () -> new Grant(List.of("web"), Set.of()));
  }
}
