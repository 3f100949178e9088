package io.switchboard.media.audio;

import java.util.List;

/**
 * How one shipped language says numbers, as the clip names of its recorded words ({@code prompts/<lang>/<word>.ul}).
 * Implementations are stateless and thread-safe.
 */
interface PromptWords {
  /** {@code n} (0..999,999) said on its own, as in "you are caller number three". */
  List<String> number(int n);

  /** {@code n} (1..999,999) said before "minute(s)": Spanish shortens "uno" to "un" there ("veintiún minutos"). */
  List<String> count(int n);

  static void checkRange(int n) {
    if (n < 0 || n > 999_999) {
      throw new IllegalArgumentException("number out of range 0..999999: " + n);
    }
  }
}
