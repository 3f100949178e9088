package io.switchboard.api;

import io.switchboard.auth.Principal;
import io.switchboard.auth.Role;
import io.switchboard.cases.CaseStore;
import io.switchboard.chat.Chat;
import io.switchboard.chat.ChatException;
import io.switchboard.chat.ChatService;
import io.switchboard.chat.ChatStatus;
import io.switchboard.customers.Customer;
import io.switchboard.customers.CustomerStore;
import io.switchboard.directory.Directory;
import io.switchboard.directory.Kind;
import io.switchboard.directory.Placeholders;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the softphone shows beside a chat (docs/chat.md):
 * <ul>
 *   <li>{@code GET /api/v1/chats/{chatId}/canned-responses}: the tenant's canned responses that apply to the chat
 *   (its queue, its language), each with its text filled from the chat ({@link Placeholders}) and the placeholders
 *   that had no value. Only the agent working on the chat.</li>
 *   <li>{@code GET /api/v1/chats/{chatId}/customer}: the customers the chat's customer is, looked up by the e-mail
 *   they gave (any of a customer's e-mails, case-insensitive), else by their name (a customer's display name,
 *   case-insensitive), and those customers' open cases, as the call screen pop ({@link ScreenPopApi}) shows them.
 *   The agent working on the chat, supervisors and admins.</li>
 * </ul>
 * An agent asking about a chat it does not work on now (offered, queued, ended, another's or none) is 403 whatever
 * the reason, so nothing tells other chats apart; for supervisors and admins an unknown chat is 404.
 *
 * <p>Threading: handlers on the event loop; the chat and customer stores (JDBC) on worker threads.
 */
public final class ChatDeskApi {
  static final String BASE = AdminApi.PREFIX + "/chats";
  static final int MAX_CUSTOMERS = ScreenPopApi.MAX_CUSTOMERS;
  /** The most canned responses a tenant's list is read for (pages of {@link Directory#MAX_PAGE}). */
  static final int MAX_RESPONSES = 1000;

  private final ChatService chats;
  private final Directory directory;
  private final CustomerStore customers;
  private final CaseStore cases;

  /** @param cases the tenant's cases, or null for a pop without them */
  public ChatDeskApi(ChatService chats, Directory directory, CustomerStore customers, CaseStore cases) {
    this.chats = chats;
    this.directory = directory;
    this.customers = customers;
    this.cases = cases;
  }

  public void mount(Router router, RouteGuard guard) {
    router.get(BASE + "/:chatId/canned-responses").handler(guard.require(Role.AGENT)).handler(this::canned);
    router.get(BASE + "/:chatId/customer").handler(guard.require(Role.ADMIN, Role.SUPERVISOR, Role.AGENT))
        .handler(this::customer);
  }

  /** The chat when {@code p} may see it: an agent only the chat it works on now; else any chat of the tenant. */
  private Future<Chat> chat(Principal p, String chatId) {
    if (chatId.length() > 128) {
      return Future.failedFuture(Problem.invalidField("chatId", "is longer than 128 characters"));
    }
    boolean privileged = p.has(Role.ADMIN) || p.has(Role.SUPERVISOR);
    Problem notYours = Problem.forbidden("an agent may see only the chats it works on");
    return chats.get(p.tenant(), chatId)
        .recover(e -> Future.failedFuture(e instanceof ChatException && !privileged ? notYours
            : e instanceof ChatException ? Problem.notFound("no such chat '" + chatId + "'") : e))
        .compose(c -> privileged || c.status() == ChatStatus.CONNECTED && p.subject().equals(c.agentId())
            ? Future.succeededFuture(c) : Future.failedFuture(notYours));
  }

  private void canned(RoutingContext rc) {
    Principal p = Principals.of(rc);
    chat(p, rc.pathParam("chatId")).compose(c -> values(c).compose(values -> responses(p.tenant(), null,
        new ArrayList<>()).map(all -> {
          JsonArray items = new JsonArray();
          for (JsonObject r : all) {
            if (applies(r, c)) {
              Placeholders.Filled f = Placeholders.fill(r.getString("text"), values);
              items.add(new JsonObject().put("id", r.getString("id")).put("title", r.getString("title"))
                  .put("text", f.text()).put("missing", new JsonArray(f.missing()))
                  .put("language", r.getString("language")));
            }
          }
          return new JsonObject().put("chatId", c.id()).put("items", items);
        })))
        .onSuccess(body -> DirectoryResource.json(rc, 200, body))
        .onFailure(rc::fail);
  }

  /** Every canned response of the tenant, in id order (at most {@value #MAX_RESPONSES}). */
  private Future<List<JsonObject>> responses(String tenant, String cursor, List<JsonObject> into) {
    return directory.list(tenant, Kind.CANNED_RESPONSE, cursor, Directory.MAX_PAGE).compose(page -> {
      into.addAll(page.items());
      return page.next() == null || into.size() >= MAX_RESPONSES ? Future.succeededFuture(into)
          : responses(tenant, page.next(), into);
    });
  }

  /**
   * A response applies to a chat when it lists no queue or the chat's, and has no language, or the chat's (primary
   * subtags compared: {@code es} is for {@code es-MX}), or the chat's language is unknown.
   */
  static boolean applies(JsonObject response, Chat chat) {
    JsonArray queues = response.getJsonArray("queues", new JsonArray());
    if (!queues.isEmpty() && !queues.contains(chat.queue())) {
      return false;
    }
    String language = response.getString("language");
    return language == null || chat.language() == null || primary(language).equals(primary(chat.language()));
  }

  private static String primary(String tag) {
    int dash = tag.indexOf('-');
    return (dash < 0 ? tag : tag.substring(0, dash)).toLowerCase(Locale.ROOT);
  }

  /** The placeholders' values for {@code chat}: the customer's, its agent's display name, its queue's name. */
  private Future<Map<String, String>> values(Chat chat) {
    Future<String> agent = chat.agentId() == null ? Future.succeededFuture(null)
        : directory.get(chat.tenant(), Kind.AGENT, chat.agentId())
            .map(d -> d.map(x -> x.getString("displayName")).orElse(null));
    Future<String> queue = directory.get(chat.tenant(), Kind.QUEUE, chat.queue())
        .map(d -> d.map(x -> x.getString("name")).orElse(null));
    return Future.all(agent, queue).map(x -> {
      Map<String, String> v = new HashMap<>();
      v.put("customer.name", chat.customerName());
      v.put("customer.email", chat.customerEmail());
      v.put("agent.name", agent.result());
      v.put("queue.name", queue.result());
      return v;
    });
  }

  private void customer(RoutingContext rc) {
    Principal p = Principals.of(rc);
    chat(p, rc.pathParam("chatId"))
        .compose(c -> rc.vertx().executeBlocking(() -> customer(p.tenant(), c), false))
        .onSuccess(body -> DirectoryResource.json(rc, 200, body))
        .onFailure(e -> rc.fail(CustomerJson.problem(e)));
  }

  /** Blocking: the chat's customers and their open cases. */
  private JsonObject customer(String tenant, Chat chat) throws Exception {
    List<Customer> found = lookUp(tenant, chat);
    JsonArray list = new JsonArray();
    found.forEach(c -> list.add(CustomerJson.customer(c)));
    JsonArray open = new JsonArray();
    ScreenPopApi.openCases(cases, tenant, found).forEach(k -> open.add(ScreenPopApi.openCase(k)));
    return new JsonObject().put("chatId", chat.id()).put("queue", chat.queue())
        .put("name", chat.customerName()).put("email", chat.customerEmail())
        .put("customers", list).put("cases", open);
  }

  /** Blocking: by the e-mail the customer gave, else by the name; oldest first as the store orders them. */
  private List<Customer> lookUp(String tenant, Chat chat) throws Exception {
    String email = chat.customerEmail() == null ? null : chat.customerEmail().strip();
    if (email != null && !email.isEmpty()) {
      List<Customer> byEmail = matching(tenant, email,
          c -> c.fields().emails().stream().anyMatch(e -> e.equalsIgnoreCase(email)));
      if (!byEmail.isEmpty()) {
        return byEmail;
      }
    }
    String name = chat.customerName() == null ? null : chat.customerName().strip();
    if (name == null || name.isEmpty()) {
      return List.of();
    }
    return matching(tenant, name, c -> c.fields().displayName().equalsIgnoreCase(name));
  }

  /** Blocking: the customers the store's prefix search finds for {@code q} that {@code exact} keeps. */
  private List<Customer> matching(String tenant, String q, java.util.function.Predicate<Customer> exact)
      throws Exception {
    List<Customer> out = new ArrayList<>();
    for (Customer c : customers.search(new CustomerStore.Query(tenant, q, null, CustomerStore.MAX_PAGE, null))
        .items()) {
      if (exact.test(c) && out.size() < MAX_CUSTOMERS) {
        out.add(c);
      }
    }
    return out;
  }
}
