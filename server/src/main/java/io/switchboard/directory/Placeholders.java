package io.switchboard.directory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of a canned response's text (docs/chat.md): {@code {customer.name}}, {@code {customer.email}},
 * {@code {agent.name}} and {@code {queue.name}}. Anything between braces (without braces inside) is a placeholder,
 * so an unknown one is refused when the response is saved; a lone brace is text. Filling replaces each placeholder
 * by its value as text (never markup); a value that is missing at use time is left out with the space before it,
 * and the filled text names what was missing so the agent can complete it before sending: the customer never gets
 * a literal {@code {…}}. Stateless and thread-safe.
 */
public final class Placeholders {
  public static final List<String> KNOWN = List.of("customer.name", "customer.email", "agent.name", "queue.name");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
  /** A placeholder with the blanks before it: left out as a whole when its value is missing. */
  private static final Pattern WITH_BLANKS = Pattern.compile("[ \\t]*\\{([^{}]*)}");

  private Placeholders() {}

  /** A filled text and the placeholders that had no value (in their order, each once). */
  public record Filled(String text, List<String> missing) {}

  /** The placeholders of {@code text} that are not {@link #KNOWN}, in their order, each once. */
  public static List<String> unknown(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!KNOWN.contains(m.group(1))) {
        out.add(m.group(1));
      }
    }
    return List.copyOf(out);
  }

  /**
   * {@code text} with every known placeholder replaced by its value in {@code values}; a null or blank value, or an
   * unknown placeholder (a response saved before it was refused), is left out with the blanks before it.
   */
  public static Filled fill(String text, Map<String, String> values) {
    Set<String> missing = new LinkedHashSet<>();
    Matcher m = WITH_BLANKS.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = KNOWN.contains(name) ? values.get(name) : null;
      if (value == null || value.isBlank()) {
        missing.add(name);
        m.appendReplacement(out, "");
      } else {
        String blanks = m.group().substring(0, m.group().length() - name.length() - 2);
        m.appendReplacement(out, Matcher.quoteReplacement(blanks + value.strip()));
      }
    }
    m.appendTail(out);
    return new Filled(out.toString(), new ArrayList<>(missing));
  }
}
