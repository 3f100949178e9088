package io.switchboard.directory;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo tenant's objects, in an order that satisfies every reference (skills and teams before agents,
 * queues before agents and numbers, the team's leader and manager before the team; the loopback trunk delivers the demo numbers from this machine's SIP clients).
 * Pure data; {@link Bootstrap} writes it.
 */
final class DemoData {
  private DemoData() {}

  record Item(Kind kind, String id, JsonObject body) {}

  /**
   * @param ownAddress the node's advertised SIP address: a SIP client on this machine that dials 127.0.0.1 is told
   *     to send its in-dialog requests (ACK, BYE) there, so they come from that address, which the loopback trunk
   *     must accept too
   */
  static List<Item> items(String demoPassword, String ownAddress) {
    List<Item> out = new ArrayList<>();
    for (String skill : List.of("support", "sales", "billing")) {
      out.add(new Item(Kind.SKILL, skill, named(capitalize(skill))));
    }
    // the team's leader and manager lead from outside it (no team of their own), so they come before it
    out.add(user("terry", "Terry Teamlead", "team-leader", demoPassword));
    out.add(user("mona", "Mona Manager", "manager", demoPassword));
    out.add(new Item(Kind.TEAM, "tier1", named("Tier 1").put("leader", "terry").put("manager", "mona")));
    out.add(new Item(Kind.BUSINESS_HOURS, "office", new JsonObject()
        .put("name", "Office hours").put("timezone", "Europe/London")
        .put("weekly", week(List.of("mon", "tue", "wed", "thu", "fri"), "08:00", "18:00"))));
    out.add(new Item(Kind.BUSINESS_HOURS, "always", new JsonObject()
        .put("name", "Always open").put("timezone", "UTC")
        .put("weekly", week(BusinessHoursSchema.DAYS, "00:00", "24:00"))));
    out.add(queue("support", "Support", "longest-idle", 0));
    out.add(queue("sales", "Sales", "round-robin", 5));
    out.add(queue("billing", "Billing", "fewest-calls", 0));
    out.add(agent("alice", "Alice Archer", levels("support", 5, "sales", 3), List.of("en", "es"),
        List.of("support", "sales"), demoPassword));
    out.add(agent("bob", "Bob Baker", levels("support", 3), List.of("en"), List.of("support"), demoPassword));
    out.add(agent("carol", "Carol Cruz", levels("sales", 5, "billing", 4), List.of("en", "fr"),
        List.of("sales", "billing"), demoPassword));
    out.add(agent("dave", "Dave Diaz", levels("billing", 2, "support", 2), List.of("es", "en"),
        List.of("billing", "support"), demoPassword));
    out.add(new Item(Kind.AGENT, "sam", new JsonObject()
        .put("username", "sam").put("displayName", "Sam Supervisor")
        .put("roles", new JsonArray().add("supervisor")).put("team", "tier1")
        .put("password", demoPassword)));
    out.add(number("+15550100", "support", "Support line"));
    out.add(number("+15550101", "sales", "Sales line"));
    out.add(number("+15550102", "billing", "Billing line"));
    out.add(new Item(Kind.TRUNK, "loopback", new JsonObject()
        .put("name", "Loopback").put("description", "Demo carrier: SIP clients on this machine (e.g. sipp)")
        .put("transport", "udp")
        .put("addresses", new JsonArray().add(new JsonObject().put("host", "127.0.0.1").put("port", 5070)))
        .put("allowedSources", loopbackSources(ownAddress))
        .put("numbers", new JsonArray().add("+15550100").add("+15550101").add("+15550102"))));
    out.add(new Item(Kind.DIAL_POLICY, DialPolicySchema.ONLY_ID, new JsonObject() // click-to-dial: US numbers
        .put("defaultCountry", "US").put("defaultCallerId", "+15550100").put("trunk", "loopback")));
    return out;
  }

  private static JsonArray loopbackSources(String ownAddress) {
    JsonArray sources = new JsonArray().add("127.0.0.1/32").add("::1/128");
    String own = ownAddress.startsWith("[") ? ownAddress.substring(1, ownAddress.length() - 1) : ownAddress;
    if (!own.isEmpty() && !own.equals("127.0.0.1") && !own.equals("::1")) {
      sources.add(own + (own.indexOf(':') >= 0 ? "/128" : "/32"));
    }
    return sources;
  }

  private static Item queue(String id, String name, String strategy, int priority) {
    return new Item(Kind.QUEUE, id, new JsonObject()
        .put("name", name).put("priority", priority).put("strategy", strategy)
        .put("serviceLevel", new JsonObject().put("percent", 80).put("seconds", 20))
        .put("goals", new JsonObject().put("asaSeconds", 20).put("abandonPercent", 5).put("ahtSeconds", 300))
        .put("wrapUpSeconds", 30).put("noAnswerSeconds", 20)
        .put("requiredSkills", new JsonObject().put(id, 1)));
  }

  private static Item agent(String username, String name, JsonObject skills, List<String> languages,
      List<String> queues, String password) {
    return new Item(Kind.AGENT, username, new JsonObject()
        .put("username", username).put("displayName", name)
        .put("roles", new JsonArray().add("agent"))
        .put("skills", skills).put("languages", new JsonArray(new ArrayList<>(languages)))
        .put("team", "tier1").put("queues", new JsonArray(new ArrayList<>(queues)))
        .put("password", password));
  }

  /** A user who takes no calls: in no team and no queue. */
  private static Item user(String username, String name, String role, String password) {
    return new Item(Kind.AGENT, username, new JsonObject()
        .put("username", username).put("displayName", name)
        .put("roles", new JsonArray().add(role)).put("password", password));
  }

  private static Item number(String e164, String queue, String description) {
    return new Item(Kind.PHONE_NUMBER, PhoneNumberSchema.idOf(e164), new JsonObject()
        .put("number", e164).put("queue", queue).put("description", description));
  }

  private static JsonObject named(String name) {
    return new JsonObject().put("name", name);
  }

  private static JsonObject levels(Object... pairs) {
    JsonObject o = new JsonObject();
    for (int i = 0; i < pairs.length; i += 2) {
      o.put((String) pairs[i], pairs[i + 1]);
    }
    return o;
  }

  private static JsonArray week(List<String> days, String open, String close) {
    JsonArray a = new JsonArray();
    days.forEach(d -> a.add(new JsonObject().put("day", d).put("open", open).put("close", close)));
    return a;
  }

  private static String capitalize(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
