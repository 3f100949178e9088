package io.switchboard.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.customers.CsvImport;
import io.switchboard.customers.CustomerFields;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** COPY's text format: what a row becomes, escapes included (PostgreSQL reads it back in ContactListsApiIT). */
class CopyTextTest {
  @Test
  void aRowIsTabSeparatedWithNullsAndEscapes() {
    CustomerFields f = new CustomerFields("Ann\tLee\\x", null, "O\"Neil", List.of("+12125550101", "+12125550102"),
        List.of("a\"b@example.com"), "Line\nbreak", "en", "Europe/Madrid", Map.of("k", "v\\"));
    String text = PgContactImport.CopyText.rows(List.of(new CsvImport.Row(7, f)));
    assertThat(text).isEqualTo("7\tAnn\\tLee\\\\x\t\\N\tO\"Neil\t{\"+12125550101\",\"+12125550102\"}\t"
        + "{\"a\\\\\"b@example.com\"}\tLine\\nbreak\ten\tEurope/Madrid\t{\"k\":\"v\\\\\\\\\"}\n");
  }

  @Test
  void arraysQuoteEveryElement() {
    assertThat(PgContactImport.CopyText.array(List.of())).isEqualTo("{}");
    assertThat(PgContactImport.CopyText.array(List.of("a,b", "c\\d"))).isEqualTo("{\"a,b\",\"c\\\\d\"}");
  }
}
