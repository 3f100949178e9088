package io.switchboard.terraform.schema;

import io.switchboard.terraform.protocol.Tf6;
import java.util.ArrayList;
import java.util.List;

/**
 * Where in a resource's configuration a value sits. Terraform uses it to point a diagnostic at the source line,
 * so every validation error and every API field error is reported with one. Immutable.
 */
public final class AttrPath {
  public static final AttrPath ROOT = new AttrPath(List.of());

  private final List<Tf6.AttributePath.Step> steps;

  private AttrPath(List<Tf6.AttributePath.Step> steps) {
    this.steps = steps;
  }

  public AttrPath attr(String name) {
    return with(Tf6.AttributePath.Step.newBuilder().setAttributeName(name).build());
  }

  public AttrPath index(long i) {
    return with(Tf6.AttributePath.Step.newBuilder().setElementKeyInt(i).build());
  }

  public AttrPath key(String key) {
    return with(Tf6.AttributePath.Step.newBuilder().setElementKeyString(key).build());
  }

  public boolean isRoot() {
    return steps.isEmpty();
  }

  private AttrPath with(Tf6.AttributePath.Step step) {
    List<Tf6.AttributePath.Step> next = new ArrayList<>(steps.size() + 1);
    next.addAll(steps);
    next.add(step);
    return new AttrPath(List.copyOf(next));
  }

  /**
   * The part of this path Terraform can map to a source line: the top-level attribute, plus one element key or
   * index. Terraform 1.11 resolves longer paths (into nested attributes) to the whole resource block instead, so
   * diagnostics carry this prefix and name the full path in their text.
   */
  public AttrPath pointable() {
    int n = Math.min(steps.size(), 2);
    if (n == 2 && steps.get(1).getSelectorCase() == Tf6.AttributePath.Step.SelectorCase.ATTRIBUTE_NAME) {
      n = 1;
    }
    return n == steps.size() ? this : new AttrPath(List.copyOf(steps.subList(0, n)));
  }

  public Tf6.AttributePath toProto() {
    return Tf6.AttributePath.newBuilder().addAllSteps(steps).build();
  }

  /** Terraform-style rendering, e.g. {@code service_level.seconds}, {@code weekly[0].open}, {@code skills["x"]}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Tf6.AttributePath.Step s : steps) {
      switch (s.getSelectorCase()) {
        case ATTRIBUTE_NAME -> sb.append(sb.length() == 0 ? "" : ".").append(s.getAttributeName());
        case ELEMENT_KEY_INT -> sb.append('[').append(s.getElementKeyInt()).append(']');
        case ELEMENT_KEY_STRING -> sb.append("[\"").append(s.getElementKeyString()).append("\"]");
        default -> { }
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttrPath p && p.steps.equals(steps);
  }

  @Override
  public int hashCode() {
    return steps.hashCode();
  }
}
