package dev.fogbank.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

  @ParameterizedTest
  @ValueSource(strings = {"Bearer abc123", "bearer abc123", "BEARER abc123", "bEaReR abc123"})
  void parse_whenSchemeInAnyCase_thenTheTokenAsSent(String header) {
    BearerToken.Parsed parsed = BearerToken.parse(List.of(header));

    assertEquals(new BearerToken.Token("abc123"), parsed);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Bearer  abc123", "Bearer abc123 ", "Bearer abc\t123", "Bearer abc\u0000123",
        "Bearer abc123\r", "Bearer ", "Bearer", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "abc123",
        "Bearer\tabc123", "Bearer abc\u00e9123"
      })
  void parse_whenWhitespaceControlCharactersOrAnotherScheme_thenRefusedNotTrimmed(String header) {
    assertInstanceOf(BearerToken.Refused.class, BearerToken.parse(List.of(header)));
  }

  @Test
  void parse_whenTwoAuthorizationHeaders_thenRefusedEvenIfBothAreGood() {
    BearerToken.Parsed parsed = BearerToken.parse(List.of("Bearer abc123", "Bearer abc123"));

    assertEquals(
        new BearerToken.Refused("more than one Authorization header: send exactly one"), parsed);
  }

  @Test
  void parse_whenNoHeader_thenRefusedAsMissing() {
    assertInstanceOf(BearerToken.Refused.class, BearerToken.parse(null));
    assertInstanceOf(BearerToken.Refused.class, BearerToken.parse(List.of()));
  }
}
