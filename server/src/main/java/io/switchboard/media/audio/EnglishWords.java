package io.switchboard.media.audio;

import java.util.ArrayList;
import java.util.List;

/** English numbers: "one hundred twenty three", "two thousand five". */
final class EnglishWords implements PromptWords {
  private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
      "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
  private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
      "ninety"};

  @Override
  public List<String> number(int n) {
    PromptWords.checkRange(n);
    if (n == 0) {
      return List.of("zero");
    }
    List<String> out = new ArrayList<>();
    if (n >= 1000) {
      out.addAll(below1000(n / 1000));
      out.add("thousand");
      n %= 1000;
    }
    out.addAll(below1000(n));
    return out;
  }

  @Override
  public List<String> count(int n) {
    return number(n);
  }

  private static List<String> below1000(int n) {
    List<String> out = new ArrayList<>();
    if (n >= 100) {
      out.add(ONES[n / 100]);
      out.add("hundred");
      n %= 100;
    }
    if (n >= 20) {
      out.add(TENS[n / 10]);
      n %= 10;
      if (n > 0) {
        out.add(ONES[n]);
      }
    } else if (n > 0) {
      out.add(ONES[n]);
    }
    return out;
  }
}
