package io.switchboard.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.customers.CsvImport.Rejected;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CSV rows to customers without a database: header checks (the whole file refused), each bad cell reported with
 * its line, column and reason while the good rows go on, batches of the configured size.
 */
class CsvImportTest {
  final List<List<CustomerFields>> batches = new ArrayList<>();

  CsvImport.Result run(String csv, int batch) throws Exception {
    return new CsvImport("US", batch).run(new StringReader(csv), rows -> {
      batches.add(List.copyOf(rows));
      return new CustomerStore.Imported(rows.size(), 0);
    });
  }

  List<CustomerFields> all() {
    return batches.stream().flatMap(List::stream).toList();
  }

  @Test
  void goodRowsBecomeCustomersInBatches() throws Exception {
    CsvImport.Result r = run("""
        Name,Phone,phone2,email,company,language,timezone,attr.tier,attr.account-id
        Ana Pérez,+34 911 23 45 67;(202) 555-0143,,ana@example.es; ANA@example.es ,Acme,es-es,Europe/Madrid,gold,A-1
        Bob Stone,202-555-0199,+1 202 555 0100,,,,,,
        "Smith, Carol",2025550111,,carol@example.com,"Big ""Q"" Inc",en,America/New_York,,
        """, 2);
    assertThat(r.rows()).isEqualTo(3);
    assertThat(r.created()).isEqualTo(3);
    assertThat(r.rejectedRows()).isZero();
    assertThat(batches).extracting(List::size).containsExactly(2, 1);
    CustomerFields ana = all().get(0);
    assertThat(ana.displayName()).isEqualTo("Ana Pérez");
    assertThat(ana.phones()).containsExactly("+34911234567", "+12025550143");
    assertThat(ana.emails()).containsExactly("ana@example.es"); // the same address twice is kept once
    assertThat(ana.language()).isEqualTo("es-ES");
    assertThat(ana.timeZone()).isEqualTo("Europe/Madrid");
    assertThat(ana.attributes()).containsExactly(java.util.Map.entry("tier", "gold"),
        java.util.Map.entry("account-id", "A-1"));
    CustomerFields bob = all().get(1);
    assertThat(bob.phones()).containsExactly("+12025550199", "+12025550100");
    assertThat(bob.company()).isNull();
    assertThat(bob.attributes()).isEmpty(); // empty cells are no attribute
    assertThat(all().get(2).displayName()).isEqualTo("Smith, Carol");
    assertThat(all().get(2).company()).isEqualTo("Big \"Q\" Inc");
  }

  @Test
  void badRowsAreRejectedWithLineColumnAndReasonAndTheRestImported() throws Exception {
    CsvImport.Result r = run("""
        name,phone,email,timezone,language
        Good One,2025550101,,,
        ,2025550102,,,
        No Number,,,,
        Bad Number,12,,,
        Bad Mail,2025550103,not-an-address,,
        Bad Zone,2025550104,,Mars/Olympus,
        Bad Language,2025550105,,,english!
        Short Row,2025550106
        "Multi
        Line",2025550107,,,
        Many Faults,12;2025550108,x@,Nowhere,
        Good Two,+442079460958,,,
        """, 100);
    assertThat(r.rows()).isEqualTo(11);
    assertThat(r.created()).isEqualTo(3);
    assertThat(all()).extracting(CustomerFields::displayName).containsExactly("Good One", "Multi\nLine", "Good Two");
    assertThat(r.rejectedRows()).isEqualTo(8);
    assertThat(r.rejected()).extracting(Rejected::line, Rejected::column).containsExactly(
        org.assertj.core.groups.Tuple.tuple(3L, "name"),
        org.assertj.core.groups.Tuple.tuple(4L, "phone"),
        org.assertj.core.groups.Tuple.tuple(5L, "phone"),
        org.assertj.core.groups.Tuple.tuple(6L, "email"),
        org.assertj.core.groups.Tuple.tuple(7L, "timezone"),
        org.assertj.core.groups.Tuple.tuple(8L, "language"),
        org.assertj.core.groups.Tuple.tuple(9L, null),
        // the quoted name spans lines 10 and 11: the next row starts on line 12
        org.assertj.core.groups.Tuple.tuple(12L, "phone"),
        org.assertj.core.groups.Tuple.tuple(12L, "email"),
        org.assertj.core.groups.Tuple.tuple(12L, "timezone"));
    assertThat(r.rejected().get(0).reason()).isEqualTo("is empty");
    assertThat(r.rejected().get(1).reason()).isEqualTo("is empty: every row needs a number");
    assertThat(r.rejected().get(2).reason()).startsWith("'12' is too short");
    assertThat(r.rejected().get(3).reason()).contains("'not-an-address' is not an e-mail address");
    assertThat(r.rejected().get(4).reason()).contains("'Mars/Olympus' is not an IANA time zone");
    assertThat(r.rejected().get(5).reason()).contains("not a language tag");
    assertThat(r.rejected().get(6).reason()).isEqualTo("has 2 columns, the header 5");
  }

  @Test
  void aWrongHeaderRefusesTheWholeFile() {
    assertThatThrownBy(() -> run("name,phone,fax\nA,2025550101,1\n", 10)).isInstanceOf(CsvImport.BadHeader.class)
        .hasMessageContaining("column 3 ('fax') is not a known column");
    assertThatThrownBy(() -> run("phone,email\n2025550101,a@b.c\n", 10)).hasMessageContaining("no 'name' column");
    assertThatThrownBy(() -> run("name,email\nA,a@b.c\n", 10)).hasMessageContaining("no 'phone' column");
    assertThatThrownBy(() -> run("name,phone,Name\nA,1,B\n", 10)).hasMessageContaining("'name' appears twice");
    assertThatThrownBy(() -> run("name,phone,attr.a b\nA,1,x\n", 10)).hasMessageContaining("attribute names");
    assertThatThrownBy(() -> run("", 10)).hasMessageContaining("the file is empty");
    assertThat(batches).isEmpty();
  }

  @Test
  void aByteOrderMarkBeforeTheHeaderIsIgnored() throws Exception {
    CsvImport.Result r = run("\uFEFFname,phone\nA,2025550101\n", 10);
    assertThat(r.created()).isEqualTo(1);
  }

  @Test
  void brokenQuotingStopsTheImportAtThatRowAndKeepsWhatCameBefore() throws Exception {
    CsvImport.Result r = run("name,phone\nA,2025550101\n\"B,2025550102\n", 10);
    assertThat(all()).extracting(CustomerFields::displayName).containsExactly("A");
    assertThat(r.rejected()).singleElement().satisfies(x -> {
      assertThat(x.line()).isEqualTo(3);
      assertThat(x.reason()).contains("not valid CSV");
    });
  }
}
