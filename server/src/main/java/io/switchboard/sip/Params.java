package io.switchboard.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of a header value or URI, in their original order. Names compare case-insensitively
 * (RFC 3261 §7.3.1); a name appears at most once. A value is kept as written (a quoted-string keeps its
 * quotes, see {@link #raw}); {@link #get} returns it unquoted. A parameter without a value ("lr") has a
 * null raw value and {@code get} returns "". Immutable.
 */
public final class Params {
  public static final Params EMPTY = new Params(List.of());

  /** One parameter; {@code value} is null for a bare name. */
  public record Param(String name, String value) {}

  private final List<Param> list;

  private Params(List<Param> list) {
    this.list = list;
  }

  static Params of(List<Param> list) {
    return list.isEmpty() ? EMPTY : new Params(Collections.unmodifiableList(new ArrayList<>(list)));
  }

  public List<Param> asList() {
    return list;
  }

  public int size() {
    return list.size();
  }

  public boolean has(String name) {
    return find(name) != null;
  }

  /** The value unquoted, "" for a bare name, empty if absent. */
  public Optional<String> get(String name) {
    Param p = find(name);
    return p == null ? Optional.empty() : Optional.of(p.value == null ? "" : Scanner.unquote(p.value));
  }

  /** The value as written (quotes kept), null for a bare name or an absent one. */
  public String raw(String name) {
    Param p = find(name);
    return p == null ? null : p.value;
  }

  /** A copy with {@code name} set to {@code rawValue} (replacing an existing one in place, else appended). */
  public Params with(String name, String rawValue) {
    List<Param> copy = new ArrayList<>(list);
    Param p = new Param(name, rawValue);
    for (int i = 0; i < copy.size(); i++) {
      if (copy.get(i).name.equalsIgnoreCase(name)) {
        copy.set(i, p);
        return of(copy);
      }
    }
    copy.add(p);
    return of(copy);
  }

  /** ";name=value;bare..." as it would appear after a header value. */
  public String format() {
    StringBuilder b = new StringBuilder();
    for (Param p : list) {
      b.append(';').append(p.name);
      if (p.value != null) {
        b.append('=').append(p.value);
      }
    }
    return b.toString();
  }

  private Param find(String name) {
    for (Param p : list) {
      if (p.name.equalsIgnoreCase(name)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Reads *( SEMI generic-param ) from the scanner; generic-param = token [ EQUAL gen-value ],
   * gen-value = token / host / quoted-string. Stops before anything that is not a SEMI. A repeated name
   * is an error (two tags would make dialog matching ambiguous).
   */
  static Params parseGeneric(Scanner sc) {
    List<Param> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (sc.trySep(';')) {
      String name = sc.token();
      String value = null;
      if (sc.trySep('=')) {
        value = name.equalsIgnoreCase("received") ? receivedValue(sc) : genValue(sc);
      }
      if (!seen.add(lower(name))) {
        throw sc.fail(); // a set, not a scan: 30,000 parameters in one datagram must stay linear
      }
      out.add(new Param(name, value));
    }
    return of(out);
  }

  /**
   * The Via received value: an IPv4address or a bare IPv6address, as RFC 3261's via-received has it (and as this
   * stack writes it), or a gen-value, which covers the bracketed IPv6reference RFC 5118 §4.5 asks parsers to accept
   * too. Via checks that the result is an address.
   */
  private static String receivedValue(Scanner sc) {
    int start = sc.pos();
    String bare = sc.until(c -> !(Chars.hex(c) || c == ':' || c == '.'));
    if (bare.indexOf(':') >= 0) {
      return bare;
    }
    sc.pos(start);
    return genValue(sc);
  }

  private static String genValue(Scanner sc) {
    char c = sc.peek();
    if (c == '"') {
      return sc.quotedString();
    }
    if (c == '[') {
      String ref = sc.until(ch -> ch == ']');
      sc.expect(']');
      ref = ref + "]";
      if (!Hosts.isHost(ref)) {
        throw sc.fail();
      }
      return ref;
    }
    return sc.token();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Params p && p.list.equals(list);
  }

  @Override
  public int hashCode() {
    return list.hashCode();
  }

  @Override
  public String toString() {
    return format();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
