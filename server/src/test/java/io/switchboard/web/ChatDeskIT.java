package io.switchboard.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.switchboard.Node;
import io.switchboard.signaling.WsClient;
import io.switchboard.support.ApiClient;
import io.switchboard.support.ApiClient.Res;
import io.switchboard.support.ChatCustomers;
import io.switchboard.support.TestNodes;
import io.switchboard.support.TestPostgres;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's chat desk in real Chromium (set up as ChatWidgetIT, the customer on a real customer socket): with a
 * chat accepted, the agent opens the canned responses by typing "/" in the reply box, moves with the arrow keys and
 * inserts one with Enter, and the customer receives it filled with the customer's, the agent's and the queue's
 * names; beside the chat the customer found by the e-mail they gave is shown with their open case. A customer
 * nobody knows gets "No customer record" and a case created for the chat.
 */
class ChatDeskIT {
  static final String SITE = "http://127.0.0.1:9918";
  static Node node;
  static ApiClient api;
  static Vertx vertx;
  static Browsers browsers;
  static WebSocketClient ws;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("chat-desk-it", Map.of("database.url", TestPostgres.newDatabase("chat_desk_it"),
        "bootstrap.admin.password", "desk-admin-1"));
    api = new ApiClient(node.httpPort());
    vertx = Vertx.vertx();
    admin = TestNodes.login(node.httpPort(), "demo", "admin", "desk-admin-1");
    ok(api.put("/api/v1/queues/web", admin, new JsonObject().put("name", "Website").put("channel", "chat")
        .put("widgetOrigins", new JsonArray().add(SITE)).encode()));
    ok(api.put("/api/v1/agents/dora", admin, new JsonObject().put("username", "dora").put("displayName", "Dora")
        .put("password", "dora-pass-1").put("queues", new JsonArray().add("web")).encode()));
    ok(api.put("/api/v1/canned-responses/bye", admin, new JsonObject().put("title", "Goodbye")
        .put("text", "Bye for now!").encode()));
    ok(api.put("/api/v1/canned-responses/thanks", admin, new JsonObject().put("title", "Thanks")
        .put("text", "Thanks {customer.name}, this is {agent.name} from {queue.name}.")
        .put("queues", new JsonArray().add("web")).encode()));
    Res ann = api.post("/api/v1/customers", admin, new JsonObject().put("displayName", "Ann Lee")
        .put("phones", new JsonArray().add("+12025550142")).put("emails", new JsonArray().add("ann@example.com"))
        .encode());
    ok(ann);
    // the case in a department dora does not serve: a case of her queue would be offered to her as work
    ok(api.put("/api/v1/queues/repairs", admin, new JsonObject().put("name", "Repairs").encode()));
    ok(api.post("/api/v1/cases", admin, new JsonObject().put("subject", "Broken kettle").put("department", "repairs")
        .put("customerId", ann.json().getString("id")).encode()));
    browsers = Browsers.launch(440);
    ws = vertx.createWebSocketClient();
  }

  static void ok(Res r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    if (browsers != null) {
      browsers.close();
    }
    if (vertx != null) {
      vertx.close();
    }
    if (node != null) {
      node.stop();
    }
  }

  @Test
  void theAgentPicksACannedResponseWithTheKeyboardBesideTheCustomersRecord() throws Exception {
    Page page = browsers.page("http://127.0.0.1:" + node.httpPort());
    List<String> errors = Browsers.errors(page);
    Browsers.signIn(page, "/", "dora", "dora-pass-1");
    assertThat(page.locator("#conn")).hasText("Connected");
    page.selectOption("#status-select", "available");
    assertThat(page.locator("#state")).hasText("Available");

    try (WsClient customer = ChatCustomers.socket(ws, node.httpPort(), SITE);
        WsClient stranger = ChatCustomers.socket(ws, node.httpPort(), SITE)) {
      String chat = ChatCustomers.start(api, customer, SITE, "web", "Ann", "ann@example.com", "My kettle?");
      Locator panel = page.locator("#chat-panel-" + chat);
      panel.locator(".chat-accept").click();
      assertThat(panel.locator(".chat-log li")).hasText("Ann: My kettle?");

      Locator aside = panel.locator(".chat-customer");
      assertThat(aside.locator(".pop-customer .pop-name")).hasText("Ann Lee");
      assertThat(aside.locator(".chat-cases li")).containsText("Broken kettle");

      Locator reply = panel.getByRole(AriaRole.COMBOBOX);
      reply.focus();
      page.keyboard().type("/");
      Locator list = panel.getByRole(AriaRole.LISTBOX);
      assertThat(list).isVisible();
      assertThat(reply).hasAttribute("aria-expanded", "true");
      assertThat(list.getByRole(AriaRole.OPTION)).hasCount(2);
      assertThat(list.getByRole(AriaRole.OPTION).nth(0)).hasAttribute("aria-selected", "true");
      page.keyboard().press("ArrowDown");
      assertThat(list.getByRole(AriaRole.OPTION).nth(1)).hasAttribute("aria-selected", "true");
      assertThat(reply).hasAttribute("aria-activedescendant", list.getByRole(AriaRole.OPTION).nth(1)
          .getAttribute("id"));
      page.keyboard().press("Enter");
      assertThat(list).isHidden();
      assertThat(reply).hasValue("Thanks Ann, this is Dora from Website.");
      page.keyboard().type(" How can I help?");
      panel.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Send")).click();
      JsonObject got = customer.await(m -> "message".equals(m.getString("type"))
          && "agent".equals(m.getString("from")));
      assertThat(got.getString("text")).isEqualTo("Thanks Ann, this is Dora from Website. How can I help?");
      assertThat(reply).hasValue("");

      reply.focus();
      page.keyboard().type("/by");
      assertThat(list.getByRole(AriaRole.OPTION)).hasCount(1);
      page.keyboard().press("Escape");
      assertThat(list).isHidden();
      assertThat(reply).hasValue("/by");

      String unknown = ChatCustomers.start(api, stranger, SITE, "web", "Zed", null, "Hello");
      page.locator("#chat-tab-" + unknown).click();
      Locator other = page.locator("#chat-panel-" + unknown);
      other.locator(".chat-accept").click();
      assertThat(other.locator(".chat-customer [role=status]")).hasText("No customer record for Zed.");
      other.getByLabel("Case subject").fill("Zed asks about prices");
      other.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Create case for this chat")).click();
      assertThat(other.locator(".chat-case-created")).containsText("created for this chat");
      JsonArray cases = api.get("/api/v1/cases?callId=" + unknown, admin).json().getJsonArray("items");
      assertThat(cases).hasSize(1);
      assertThat(cases.getJsonObject(0).getString("subject")).isEqualTo("Zed asks about prices");
    }
    assertThat(errors).isEmpty();
    browsers.closePage(page);
  }
}
