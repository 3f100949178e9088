package io.switchboard.sip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The header fields of a message in their original order, one {@link SipHeader} per value: a list
 * header received as "Via: a, b" is two entries, so "several Vias" and "one Via with a comma" read the
 * same (RFC 3261 §7.3.1). Lookups ignore case and accept compact forms. Content-Length is not here: it
 * is derived from the body (see {@link SipMessage#contentLength}). Immutable.
 */
public final class SipHeaders {
  public static final SipHeaders EMPTY = new SipHeaders(List.of());

  private final List<SipHeader> list;

  private SipHeaders(List<SipHeader> list) {
    this.list = list;
  }

  public static SipHeaders of(List<SipHeader> headers) {
    return headers.isEmpty() ? EMPTY : new SipHeaders(Collections.unmodifiableList(new ArrayList<>(headers)));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.list.addAll(list);
    return b;
  }

  public List<SipHeader> asList() {
    return list;
  }

  public int size() {
    return list.size();
  }

  /** Every value of {@code name}, in order. */
  public List<String> values(String name) {
    List<String> out = new ArrayList<>();
    for (SipHeader h : list) {
      if (h.is(name)) {
        out.add(h.value());
      }
    }
    return out;
  }

  public Optional<String> first(String name) {
    for (SipHeader h : list) {
      if (h.is(name)) {
        return Optional.of(h.value());
      }
    }
    return Optional.empty();
  }

  public boolean contains(String name) {
    return first(name).isPresent();
  }

  /** A copy with every value of {@code name} removed. */
  public SipHeaders without(String name) {
    return toBuilder().remove(name).build();
  }

  /** A copy with the values of {@code name} replaced by {@code value}, at the first one's place. */
  public SipHeaders with(String name, String value) {
    return toBuilder().set(name, value).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SipHeaders h && h.list.equals(list);
  }

  @Override
  public int hashCode() {
    return list.hashCode();
  }

  @Override
  public String toString() {
    return list.toString();
  }

  /** Collects headers in order. Not thread-safe. */
  public static final class Builder {
    private final List<SipHeader> list = new ArrayList<>();

    private Builder() {}

    public Builder add(String name, String value) {
      list.add(new SipHeader(name, value));
      return this;
    }

    public Builder add(SipHeader header) {
      list.add(header);
      return this;
    }

    /** Puts a value before all others (a proxy's own Via or Record-Route goes on top). */
    public Builder addFirst(String name, String value) {
      list.add(0, new SipHeader(name, value));
      return this;
    }

    public Builder remove(String name) {
      list.removeIf(h -> h.is(name));
      return this;
    }

    /** Replaces all values of {@code name} with one, where the first of them was (or at the end). */
    public Builder set(String name, String value) {
      SipHeader h = new SipHeader(name, value);
      int at = -1;
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).is(name)) {
          at = i;
          break;
        }
      }
      remove(name);
      if (at < 0 || at > list.size()) {
        list.add(h);
      } else {
        list.add(at, h);
      }
      return this;
    }

    public SipHeaders build() {
      return SipHeaders.of(list);
    }
  }
}
