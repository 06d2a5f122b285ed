package dev.fogbank.shared.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CallerTextTest {

  @Test
  void shown_whenLongerThanMax_thenCutWithEllipsis() {
    assertEquals("abc...", CallerText.shown("abcdef", 3));
  }

  @Test
  void shown_whenControlCharacters_thenEachIsAQuestionMark() {
    assertEquals("a?b?c?", CallerText.shown("a\nb\u0000c\u007f", 10));
  }

  @Test
  void shown_whenNullOrShort_thenNoneOrAsIs() {
    assertEquals("(none)", CallerText.shown(null, 10));
    assertEquals("web-prod", CallerText.shown("web-prod", 8));
  }
}
