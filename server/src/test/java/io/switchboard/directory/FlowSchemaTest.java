package io.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Flows are checked as a graph on write; every error names the node it is about. */
class FlowSchemaTest {
  static final String GOOD = """
      {"name": "Main line", "start": "hello", "nodes": [
        {"id": "hello", "type": "play", "prompt": "welcome", "next": "office"},
        {"id": "office", "type": "hours", "businessHours": "office", "open": "menu", "closed": "bye",
         "holiday": "bye"},
        {"id": "menu", "type": "menu", "prompt": "thank-you-for-holding", "options": {"1": "sales", "2": "spanish"},
         "timeoutSeconds": 3, "retries": 1, "invalidPrompt": "goodbye", "fallback": "sales"},
        {"id": "spanish", "type": "language", "language": "es", "next": "vip"},
        {"id": "vip", "type": "set", "priority": 50, "skills": {"spanish": 3}, "next": "sales"},
        {"id": "sales", "type": "queue", "queue": "sales"},
        {"id": "bye", "type": "hangup", "prompt": "closed"}
      ]}""";

  private static Schema.Normalized normalize(String json, Map<String, String> errors) {
    Fields in = Fields.root(new JsonObject(json));
    Schema.Normalized n = Schema.of(Kind.FLOW).normalize("main", in);
    in.finish();
    errors.putAll(in.errors().stream().collect(Collectors.toMap(Violation::field, Violation::message,
        (a, b) -> a + "; " + b)));
    return n;
  }

  private static Map<String, String> errors(String json) {
    Map<String, String> errors = new java.util.TreeMap<>();
    normalize(json, errors);
    return errors;
  }

  @Test
  void aGoodFlowIsStoredWithItsDefaultsAndItsReferences() {
    Map<String, String> errors = new java.util.TreeMap<>();
    Schema.Normalized n = normalize(GOOD, errors);
    assertThat(errors).isEmpty();
    FlowGraph g = FlowGraph.of(n.doc());
    assertThat(g.start()).isEqualTo("hello");
    assertThat(g.node("menu").options()).containsEntry("1", "sales").containsEntry("2", "spanish");
    assertThat(g.node("menu").timeoutSeconds()).isEqualTo(3);
    assertThat(g.node("vip").skills()).containsEntry("spanish", 3);
    assertThat(n.refs()).containsExactlyInAnyOrder(
        new Schema.Ref(Kind.BUSINESS_HOURS, "office", "nodes.1.businessHours"),
        new Schema.Ref(Kind.QUEUE, "sales", "nodes.5.queue"));
    Map<String, String> defaults = new java.util.TreeMap<>();
    FlowGraph d = FlowGraph.of(normalize(GOOD.replace("\"timeoutSeconds\": 3, \"retries\": 1, ", ""), defaults).doc());
    assertThat(defaults).isEmpty();
    assertThat(d.node("menu").timeoutSeconds()).isEqualTo(5);
    assertThat(d.node("menu").retries()).isEqualTo(2);
  }

  @Test
  void aMissingNodeIsNamedWithTheNodeThatGoesThere() {
    assertThat(errors(GOOD.replace("\"2\": \"spanish\"", "\"2\": \"spanihs\"")))
        .containsOnlyKeys("nodes.2").containsValue("node 'menu' goes to 'spanihs', which is not a node of this flow");
    assertThat(errors(GOOD.replace("\"start\": \"hello\"", "\"start\": \"hi\"")))
        .containsEntry("start", "'hi' is not a node of this flow");
  }

  @Test
  void anUnreachableNodeIsNamed() {
    String extra = GOOD.replace("{\"id\": \"bye\",", "{\"id\": \"orphan\", \"type\": \"hangup\"},\n{\"id\": \"bye\",");
    assertThat(errors(extra)).containsOnlyKeys("nodes.6")
        .containsValue("node 'orphan' cannot be reached from the start 'hello'");
  }

  @Test
  void aLoopWithoutAnExitIsNamedNodeByNode() {
    String loop = """
        {"name": "Loop", "start": "a", "nodes": [
          {"id": "a", "type": "play", "prompt": "welcome", "next": "b"},
          {"id": "b", "type": "menu", "prompt": "about", "options": {"1": "a"}, "fallback": "a"}
        ]}""";
    assertThat(errors(loop)).containsOnlyKeys("nodes.0", "nodes.1")
        .containsEntry("nodes.0", "node 'a' never leads to a queue or a hang-up (a loop without an exit)");
    String self = GOOD.replace("\"fallback\": \"sales\"", "\"fallback\": \"menu\"");
    assertThat(errors(self)).containsOnlyKeys("nodes.2.fallback");
  }

  @Test
  void badFieldsAreNamedWithTheirNode() {
    assertThat(errors(GOOD.replace("\"type\": \"language\"", "\"type\": \"conference\"")))
        .containsKey("nodes.3.type");
    assertThat(errors(GOOD.replace("\"prompt\": \"welcome\"", "\"prompt\": \"Press One!\"")))
        .containsOnlyKeys("nodes.0.prompt");
    assertThat(errors(GOOD.replace("\"prompt\": \"welcome\"", "\"prompt\": \"press-one-for-sales\"")))
        .as("a prompt of the tenant's own: whether it exists is the API's check").isEmpty();
    assertThat(errors(GOOD.replace("\"1\": \"sales\"", "\"12\": \"sales\""))).containsKey("nodes.2.options.12");
    assertThat(errors(GOOD.replace("\"priority\": 50", "\"priority\": 500"))).containsOnlyKeys("nodes.4.priority");
    assertThat(errors(GOOD.replace("\"language\": \"es\"", "\"language\": \"Spanish\"")))
        .containsOnlyKeys("nodes.3.language");
    assertThat(errors(GOOD.replace("\"next\": \"office\"", "\"next\": \"office\", \"queue\": \"x\"")))
        .as("a field another type has").containsOnlyKeys("nodes.0.queue");
    assertThat(errors(GOOD.replace("{\"id\": \"bye\", \"type\": \"hangup\", \"prompt\": \"closed\"}",
        "{\"id\": \"sales\", \"type\": \"hangup\"}"))).containsValue("node 'sales' is defined twice");
    assertThat(errors("{\"name\": \"Empty\", \"start\": \"a\", \"nodes\": []}")).containsKey("nodes");
  }

  @Test
  void aWebhookNeedsAUrlBranchesAndAFallback() {
    String hook = """
        {"name": "Hook", "start": "ask", "nodes": [
          {"id": "ask", "type": "webhook", "url": "https://crm.example.com/ivr", "branches": {"vip": "q"},
           "fallback": "q"},
          {"id": "q", "type": "queue", "queue": "sales"}
        ]}""";
    Map<String, String> none = new java.util.TreeMap<>();
    FlowGraph g = FlowGraph.of(normalize(hook, none).doc());
    assertThat(none).isEmpty();
    assertThat(g.node("ask").timeoutMs()).as("default").isEqualTo(3000);
    assertThat(g.node("ask").branches()).containsEntry("vip", "q");
    assertThat(errors(hook.replace("https://crm.example.com/ivr", "ftp://crm.example.com/ivr")))
        .containsOnlyKeys("nodes.0.url");
    assertThat(errors(hook.replace("https://crm.example.com/ivr", "not a url at all")))
        .containsOnlyKeys("nodes.0.url");
    assertThat(errors(hook.replace("\"branches\": {\"vip\": \"q\"},", ""))).containsOnlyKeys("nodes.0.branches");
    assertThat(errors(hook.replace("{\"vip\": \"q\"}", "{\"vip\": \"nowhere\"}")))
        .containsValue("node 'ask' goes to 'nowhere', which is not a node of this flow");
    assertThat(errors(hook.replace("{\"vip\": \"q\"}", "{\"VIP!\": \"q\"}"))).containsKey("nodes.0.branches.VIP!");
  }

  @Test
  void aVoicemailNodeNamesItsQueueEndsTheFlowAndMayCapTheMessage() {
    String vm = """
        {"name": "Messages", "start": "vm", "nodes": [
          {"id": "vm", "type": "voicemail", "queue": "billing", "maxSeconds": 60}
        ]}""";
    Map<String, String> none = new java.util.TreeMap<>();
    Schema.Normalized n = normalize(vm, none);
    assertThat(none).isEmpty();
    FlowGraph g = FlowGraph.of(n.doc());
    assertThat(g.node("vm").type()).isEqualTo(FlowGraph.Type.VOICEMAIL);
    assertThat(g.node("vm").maxSeconds()).isEqualTo(60);
    assertThat(n.refs()).containsExactly(new Schema.Ref(Kind.QUEUE, "billing", "nodes.0.queue"));
    Map<String, String> defaults = new java.util.TreeMap<>();
    assertThat(FlowGraph.of(normalize(vm.replace(", \"maxSeconds\": 60", ""), defaults).doc()).node("vm")
        .maxSeconds()).as("the node's setting").isZero();
    assertThat(defaults).isEmpty();
    assertThat(errors(vm.replace("60", "3"))).containsOnlyKeys("nodes.0.maxSeconds");
    assertThat(errors(vm.replace("\"queue\": \"billing\", ", ""))).containsOnlyKeys("nodes.0.queue");
    assertThat(errors(vm.replace("\"maxSeconds\": 60", "\"maxSeconds\": 60, \"next\": \"vm\"")))
        .as("a voicemail node goes nowhere else").containsOnlyKeys("nodes.0.next");
  }

  @Test
  void aTransferCallsANumberOnATrunkAndMayGoOnWhenItFails() {
    String xfer = """
        {"name": "Transfer", "start": "xfer", "nodes": [
          {"id": "xfer", "type": "transfer", "number": "+14155550142", "trunk": "carrier", "timeoutSeconds": 20,
           "failed": "sales"},
          {"id": "sales", "type": "queue", "queue": "sales"}
        ]}""";
    Map<String, String> none = new java.util.TreeMap<>();
    Schema.Normalized n = normalize(xfer, none);
    assertThat(none).isEmpty();
    FlowGraph.Node node = FlowGraph.of(n.doc()).node("xfer");
    assertThat(node.type()).isEqualTo(FlowGraph.Type.TRANSFER);
    assertThat(node.number()).isEqualTo("+14155550142");
    assertThat(node.trunk()).isEqualTo("carrier");
    assertThat(node.timeoutSeconds()).isEqualTo(20);
    assertThat(node.failed()).isEqualTo("sales");
    assertThat(node.targets()).containsExactly("sales");
    assertThat(n.refs()).as("the trunk must exist and cannot be deleted while the flow names it")
        .containsExactlyInAnyOrder(new Schema.Ref(Kind.TRUNK, "carrier", "nodes.0.trunk"),
            new Schema.Ref(Kind.QUEUE, "sales", "nodes.1.queue"));

    String bare = """
        {"name": "Transfer", "start": "xfer", "nodes": [{"id": "xfer", "type": "transfer", "number": "+14155550142"}]}""";
    Map<String, String> defaults = new java.util.TreeMap<>();
    Schema.Normalized b = normalize(bare, defaults);
    assertThat(defaults).as("a transfer alone ends the flow: answered, or a goodbye").isEmpty();
    assertThat(b.doc().getJsonArray("nodes").getJsonObject(0).fieldNames())
        .containsExactlyInAnyOrder("id", "type", "number");
    FlowGraph.Node plain = FlowGraph.of(b.doc()).node("xfer");
    assertThat(plain.trunk()).as("the dial policy's").isNull();
    assertThat(plain.timeoutSeconds()).as("the node's dial.no-answer-seconds").isZero();
    assertThat(plain.failed()).isNull();
    assertThat(b.refs()).isEmpty();

    assertThat(errors(xfer.replace("+14155550142", "14155550142")))
        .containsEntry("nodes.0.number", "node 'xfer': must be an E.164 number such as +15550100");
    assertThat(errors(xfer.replace("\"number\": \"+14155550142\", ", "")))
        .containsOnlyKeys("nodes.0.number");
    assertThat(errors(xfer.replace("\"failed\": \"sales\"", "\"failed\": \"nowhere\"")))
        .containsEntry("nodes.0", "node 'xfer' goes to 'nowhere', which is not a node of this flow");
    assertThat(errors(xfer.replace("\"failed\": \"sales\"", "\"failed\": \"xfer\"")))
        .containsOnlyKeys("nodes.0.failed", "nodes.1");
    assertThat(errors(xfer.replace("\"timeoutSeconds\": 20", "\"timeoutSeconds\": 600")))
        .containsOnlyKeys("nodes.0.timeoutSeconds");
    assertThat(errors(xfer.replace("\"trunk\": \"carrier\"", "\"trunk\": \"Carrier One\"")))
        .containsOnlyKeys("nodes.0.trunk");
    assertThat(errors(xfer.replace("\"failed\": \"sales\"", "\"failed\": \"sales\", \"next\": \"sales\"")))
        .as("a field another type has").containsOnlyKeys("nodes.0.next");
  }

  @Test
  void aNumberGoesToAQueueOrAFlowNotBothNorNeither() {
    Fields both = Fields.root(new JsonObject("{\"number\":\"+15550100\",\"queue\":\"q\",\"flow\":\"f\"}"));
    Schema.of(Kind.PHONE_NUMBER).normalize("15550100", both);
    assertThat(both.errors()).extracting(Violation::field).containsExactly("queue");
    Fields neither = Fields.root(new JsonObject("{\"number\":\"+15550100\"}"));
    Schema.of(Kind.PHONE_NUMBER).normalize("15550100", neither);
    assertThat(neither.errors()).extracting(Violation::message)
        .containsExactly("a number goes to a queue or runs a flow: set exactly one of queue and flow");
    Fields flow = Fields.root(new JsonObject("{\"number\":\"+15550100\",\"flow\":\"main\"}"));
    Schema.Normalized n = Schema.of(Kind.PHONE_NUMBER).normalize("15550100", flow);
    assertThat(flow.errors()).isEmpty();
    assertThat(n.refs()).containsExactly(new Schema.Ref(Kind.FLOW, "main", "flow"));
  }
}
