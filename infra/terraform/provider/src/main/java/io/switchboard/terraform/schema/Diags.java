package io.switchboard.terraform.schema;

import io.switchboard.terraform.protocol.Tf6;
import java.util.ArrayList;
import java.util.List;

/** Diagnostics collected while serving one RPC. Not thread-safe: one per call. */
public final class Diags {
  private final List<Tf6.Diagnostic> list = new ArrayList<>();

  public void error(String summary, String detail) {
    add(Tf6.Diagnostic.Severity.ERROR, summary, detail, AttrPath.ROOT);
  }

  /** An error Terraform shows at the attribute's line in the configuration. */
  public void error(AttrPath path, String summary, String detail) {
    add(Tf6.Diagnostic.Severity.ERROR, summary, detail, path);
  }

  public void warning(String summary, String detail) {
    add(Tf6.Diagnostic.Severity.WARNING, summary, detail, AttrPath.ROOT);
  }

  private void add(Tf6.Diagnostic.Severity severity, String summary, String detail, AttrPath path) {
    Tf6.Diagnostic.Builder b = Tf6.Diagnostic.newBuilder().setSeverity(severity).setSummary(summary)
        .setDetail(detail == null ? "" : detail);
    if (!path.isRoot()) {
      b.setAttribute(path.pointable().toProto());
    }
    list.add(b.build());
  }

  public boolean hasErrors() {
    return list.stream().anyMatch(d -> d.getSeverity() == Tf6.Diagnostic.Severity.ERROR);
  }

  public List<Tf6.Diagnostic> all() {
    return List.copyOf(list);
  }
}
