package io.switchboard.terraform.schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A plan-time rule for one known, non-null value. Returns the problem ("must be between 0 and 100") or null.
 * The rules mirror the admin API's so that a bad value fails at plan, at its line, instead of half-way
 * through an apply.
 */
@FunctionalInterface
public interface Check {
  String problem(Object value);

  static Check range(long min, long max) {
    return v -> {
      if (!(v instanceof Number n)) {
        return null;
      }
      BigDecimal d = new BigDecimal(n.toString());
      if (d.stripTrailingZeros().scale() > 0) {
        return "must be a whole number, got " + d.toPlainString();
      }
      return d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0
          ? "must be between " + min + " and " + max + ", got " + d.toPlainString()
          : null;
    };
  }

  static Check oneOf(List<String> allowed) {
    return v -> allowed.contains(v) ? null : "must be one of " + String.join(", ", allowed) + ", got \"" + v + "\"";
  }

  static Check matches(String regex, String rule) {
    Pattern p = Pattern.compile(regex);
    return v -> v instanceof String s && !p.matcher(s).matches() ? rule + ", got \"" + s + "\"" : null;
  }

  static Check maxLength(int max) {
    return v -> v instanceof String s && s.codePointCount(0, s.length()) > max
        ? "must be at most " + max + " characters long" : null;
  }

  static Check notBlank() {
    return v -> v instanceof String s && s.isBlank() ? "must not be empty" : null;
  }

  static Check maxItems(int max) {
    return v -> v instanceof java.util.Collection<?> c && c.size() > max ? "must have at most " + max + " items"
        : v instanceof java.util.Map<?, ?> m && m.size() > max ? "must have at most " + max + " entries" : null;
  }

  static Check minItems(int min) {
    return v -> v instanceof java.util.Collection<?> c && c.size() < min ? "must have at least " + min + " item"
        + (min == 1 ? "" : "s") : null;
  }
}
