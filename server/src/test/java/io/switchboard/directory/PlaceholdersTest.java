package io.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Canned responses' placeholders: filled as text, a missing value left out with the blanks before it and named,
 * never a literal brace pair sent on; unknown placeholders refused at save time naming {@code text}.
 */
class PlaceholdersTest {

  private static Map<String, String> values(String customer, String agent, String queue) {
    Map<String, String> v = new HashMap<>();
    v.put("customer.name", customer);
    v.put("customer.email", "ann@example.com");
    v.put("agent.name", agent);
    v.put("queue.name", queue);
    return v;
  }

  @Test
  void everyKnownPlaceholderIsFilled() {
    Placeholders.Filled f = Placeholders.fill("Hi {customer.name}, I am {agent.name} from {queue.name}. "
        + "We write to {customer.email}.", values("Ann", "Bob", "Web support"));
    assertThat(f.text()).isEqualTo("Hi Ann, I am Bob from Web support. We write to ann@example.com.");
    assertThat(f.missing()).isEmpty();
  }

  @Test
  void aMissingValueIsLeftOutWithItsBlanksAndNamed() {
    Placeholders.Filled f = Placeholders.fill("Hi {customer.name}, thanks {customer.name}! {agent.name} here.",
        values(null, "  ", "Sales"));
    assertThat(f.text()).isEqualTo("Hi, thanks! here.");
    assertThat(f.missing()).containsExactly("customer.name", "agent.name");
    assertThat(f.text()).doesNotContain("{").doesNotContain("}");
  }

  @Test
  void valuesAreTextNotPatternsNorMarkup() {
    Placeholders.Filled f = Placeholders.fill("Hello {customer.name}.", values("$1 <b>\\x</b> {agent.name}", "Bob",
        "q"));
    assertThat(f.text()).isEqualTo("Hello $1 <b>\\x</b> {agent.name}."); // a value is never filled again
  }

  @Test
  void loneBracesAreTextAndAnUnknownPlaceholderNeverReachesTheCustomer() {
    assertThat(Placeholders.unknown("a { b } c {customer.name} d {order.id} {} {order.id}"))
        .containsExactly(" b ", "order.id", "");
    assertThat(Placeholders.unknown("smile :-} then :-{")).isEmpty();
    Placeholders.Filled f = Placeholders.fill("Order {order.id} is late :-{", values("Ann", "Bob", "q"));
    assertThat(f.text()).isEqualTo("Order is late :-{");
    assertThat(f.missing()).containsExactly("order.id");
  }

  private static Map<String, String> errors(String json) {
    Fields in = Fields.root(new JsonObject(json));
    Schema.of(Kind.CANNED_RESPONSE).normalize("greet", in);
    in.finish();
    return in.errors().stream().collect(Collectors.toMap(Violation::field, Violation::message, (a, b) -> a));
  }

  @Test
  void theSchemaRefusesAnUnknownPlaceholderNamingText() {
    assertThat(errors("{\"title\":\"Greet\",\"text\":\"Hi {customer.nmae}\"}"))
        .containsOnlyKeys("text").extractingByKey("text").asString().contains("{customer.nmae}");
    assertThat(errors("{\"title\":\"Greet\",\"text\":\"Hi {customer.name}\",\"language\":\"es\","
        + "\"queues\":[\"web\"]}")).isEmpty();
    assertThat(errors("{\"text\":\"x\",\"language\":\"Spanish\",\"queues\":[\"Web!\"],\"markup\":true}"))
        .containsOnlyKeys("title", "language", "queues.0", "markup");
    Fields in = Fields.root(new JsonObject("{\"title\":\"Greet\",\"text\":\"Hi\"}"));
    Schema.Normalized n = Schema.of(Kind.CANNED_RESPONSE).normalize("greet", in);
    assertThat(n.doc().encode())
        .isEqualTo("{\"id\":\"greet\",\"title\":\"Greet\",\"text\":\"Hi\",\"language\":null,\"queues\":[]}");
    assertThat(n.refs()).isEqualTo(List.of());
  }
}
