package io.switchboard.reports;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code rows} of a report as CSV (RFC 4180): a header line, then one line per row, the columns in the JSON's
 * order; CRLF line ends; a field is quoted (quotes doubled) when it holds a comma, a quote, CR or LF; null is an empty
 * field; numbers as plain decimals (80, 66.67, 12.5).
 */
public final class Csv {
  private Csv() {}

  /** The columns of a report of {@code kind}, as its rows have them. */
  public static List<String> columns(ReportRequest.Kind kind) {
    List<String> out = new ArrayList<>(List.of("start", "end"));
    switch (kind) {
      case QUEUES -> {
        out.add("queue");
        out.addAll(Figures.queue(QueueSums.ZERO, 0).fieldNames());
      }
      case AGENTS -> {
        out.addAll(List.of("agent", "displayName", "team"));
        out.addAll(Figures.agent(AgentSums.ZERO).fieldNames());
      }
      case TEAMS -> {
        out.addAll(List.of("team", "agents"));
        out.addAll(Figures.agent(AgentSums.ZERO).fieldNames());
      }
    }
    return out;
  }

  public static String render(List<String> columns, JsonArray rows) {
    StringBuilder out = new StringBuilder();
    line(out, new ArrayList<>(columns));
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      List<Object> values = new ArrayList<>(columns.size());
      columns.forEach(c -> values.add(row.getValue(c)));
      line(out, values);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<?> values) {
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(values.get(i)));
    }
    out.append("\r\n");
  }

  static String field(Object v) {
    if (v == null) {
      return "";
    }
    String s = v instanceof Double || v instanceof Float
        ? BigDecimal.valueOf(((Number) v).doubleValue()).stripTrailingZeros().toPlainString()
        : v.toString();
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
