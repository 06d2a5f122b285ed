package dev.fogbank.shared.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {
  // FIPS 180-2, appendix B.1: SHA-256("abc").
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void hex_whenTextOrItsUtf8Bytes_thenTheStandardVector() {
    assertEquals(ABC, Sha256.hex("abc"));
    assertEquals(ABC, Sha256.hex("abc".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void hexPrefix_whenTwelveBytes_thenTheFirstTwentyFourHexDigits() {
    assertEquals(ABC.substring(0, 24), Sha256.hexPrefix("abc", 12));
  }
}
