package io.switchboard.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180: CRLF, quoting only when needed with quotes doubled, null as an empty field, plain numbers. */
class CsvTest {
  @Test
  void quotesWhatNeedsItAndNothingElse() {
    JsonArray rows = new JsonArray()
        .add(new JsonObject().put("a", "plain").put("b", 80.0).put("c", (Object) null))
        .add(new JsonObject().put("a", "Smith, \"Jo\"").put("b", 66.67).put("c", 3))
        .add(new JsonObject().put("a", "two\nlines").put("b", 0.5).put("c", 12_345_678L));
    assertThat(Csv.render(List.of("a", "b", "c"), rows)).isEqualTo("a,b,c\r\n"
        + "plain,80,\r\n"
        + "\"Smith, \"\"Jo\"\"\",66.67,3\r\n"
        + "\"two\nlines\",0.5,12345678\r\n");
  }

  @Test
  void theColumnsAreTheRowsKeysInOrder() {
    assertThat(Csv.columns(ReportRequest.Kind.QUEUES)).startsWith("start", "end", "queue", "offered")
        .endsWith("transfers", "callsPerAgent").hasSize(19);
    assertThat(Csv.columns(ReportRequest.Kind.AGENTS)).startsWith("start", "end", "agent", "displayName", "team")
        .hasSize(17);
    assertThat(Csv.columns(ReportRequest.Kind.TEAMS)).startsWith("start", "end", "team", "agents").hasSize(16);
  }
}
