package io.switchboard.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.Node;
import io.switchboard.directory.Kind;
import io.switchboard.support.SippListener;
import io.switchboard.support.TestClock;
import io.switchboard.support.TestNodes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prompts as callers hear them, through real SIP (sipp listening until the node's BYE): a queue whose language is
 * Spanish says its closed prompt in Spanish; a tenant's own recording, uploaded through the API as a 44.1 kHz stereo
 * WAV, replaces it for the next caller; the API refuses what cannot be a prompt, with the reason, and only admins
 * change prompts.
 */
class TenantPromptsIT {
  static final String T = "demo";
  static final String QUEUE = "cerrado-q";
  static final String NUMBER = "+15550188";
  static final String ADMIN_PASSWORD = "prompts-it-admin-pw";
  /** Mon-Fri 09:00-17:00 UTC; 2026-12-07 is a Monday, 20:00 is closed. */
  static final Instant MONDAY_NIGHT = Instant.parse("2026-12-07T20:00:00Z");
  static Node node;
  static String admin;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    node = TestNodes.loopback("prompts-it", Map.of("bootstrap.admin.password", ADMIN_PASSWORD));
    node.calls().clock(new TestClock(MONDAY_NIGHT.toEpochMilli()));
    JsonArray weekly = new JsonArray();
    for (String d : new String[] {"mon", "tue", "wed", "thu", "fri"}) {
      weekly.add(new JsonObject().put("day", d).put("open", "09:00").put("close", "17:00"));
    }
    put(Kind.BUSINESS_HOURS, "oficina", new JsonObject().put("name", "Oficina").put("timezone", "UTC")
        .put("weekly", weekly));
    put(Kind.QUEUE, QUEUE, new JsonObject().put("name", "Cerrado").put("language", "es-MX")
        .put("businessHours", "oficina").put("afterHours", "goodbye"));
    put(Kind.PHONE_NUMBER, NUMBER.substring(1), new JsonObject().put("number", NUMBER).put("queue", QUEUE));
    admin = TestNodes.login(node.httpPort(), T, "admin", ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.stop();
    }
  }

  private static void put(Kind kind, String id, JsonObject body) {
    node.directory().put(T, kind, id, body, null).await();
  }

  @Test
  void aSpanishQueueSaysItsClosedPromptInSpanishThenTheTenantsOwnRecordingOnceUploaded() throws Exception {
    byte[] shippedEs = resource("/audio/prompts/es/closed.ul");
    byte[] shippedEn = resource("/audio/prompts/en/closed.ul");
    SippListener.Heard before = SippListener.call(node.sipPort(), NUMBER, () -> {});
    assertThat(before.exit()).as(before.log()).isZero();
    assertThat(before.framesOf(shippedEs)).as("frames of the Spanish closed prompt").isGreaterThanOrEqualTo(200);
    assertThat(before.framesOf(shippedEn)).as("frames of the English one").isZero();

    byte[] upload = PromptAudioTest.toneWav(44_100, 2, "PCM16", 600, 2.0);
    HttpResponse<String> saved = send("PUT", "/es/closed", admin, "audio/wav", upload);
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    JsonObject info = new JsonObject(saved.body());
    assertThat(info.getString("language")).isEqualTo("es");
    assertThat(info.getString("name")).isEqualTo("closed");
    assertThat(info.getLong("durationMs")).isBetween(1990L, 2010L);
    assertThat(info.getString("updatedBy")).isEqualTo("admin");
    byte[] own = PromptAudio.toUlaw(upload, 300);

    SippListener.Heard after = SippListener.call(node.sipPort(), NUMBER, () -> {});
    assertThat(after.exit()).as(after.log()).isZero();
    assertThat(after.framesOf(own)).as("frames of the tenant's own prompt").isGreaterThanOrEqualTo(90);
    assertThat(after.framesOf(shippedEs)).as("the shipped one no longer").isZero();

    HttpResponse<byte[]> audio = HTTP.send(request("GET", "/es/closed/audio", admin, null, null).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(audio.statusCode()).isEqualTo(200);
    assertThat(audio.headers().firstValue("Content-Type")).contains("audio/wav");
    assertThat(wavData(audio.body())).isEqualTo(own);

    JsonObject list = new JsonObject(send("GET", "", admin, null, null).body());
    assertThat(list.getJsonArray("languages")).containsExactly("en", "es");
    assertThat(list.getJsonArray("items")).hasSize(1);

    assertThat(send("DELETE", "/es/closed", admin, null, null).statusCode()).isEqualTo(204);
    HttpResponse<byte[]> shipped = HTTP.send(request("GET", "/es/closed/audio", admin, null, null).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(wavData(shipped.body())).as("back to the shipped one").isEqualTo(shippedEs);
    assertThat(node.media().prompts().voice(T, "es").clip("closed"))
        .isSameAs(node.media().prompts().shipped("es", "closed"));
    assertThat(send("DELETE", "/es/closed", admin, null, null).statusCode()).as("nothing left to delete")
        .isEqualTo(404);
  }

  /**
   * A prompt of the tenant's own (not a shipped phrase) is said by a flow once uploaded; a flow naming one that was
   * never uploaded is refused naming the node; the prompt cannot be deleted while the flow says it.
   */
  @Test
  void aFlowSaysAPromptOfTheTenantsOwnOnceUploaded() throws Exception {
    String flow = """
        {"name": "Greeting", "start": "greet", "nodes": [
          {"id": "greet", "type": "play", "prompt": "%s", "next": "bye"},
          {"id": "bye", "type": "hangup"}
        ]}""";
    HttpResponse<String> early = api("PUT", "/api/v1/flows/greeting", flow.formatted("saludo-navidad"));
    assertThat(early.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(early.body()).getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("nodes.0.prompt");
    assertThat(early.body()).contains("node 'greet'").contains("no prompt 'saludo-navidad'");

    byte[] upload = PromptAudioTest.toneWav(16_000, 1, "PCM16", 450, 2.0);
    assertThat(send("PUT", "/es/saludo-navidad", admin, "audio/wav", upload).statusCode()).isEqualTo(200);
    HttpResponse<String> saved = api("PUT", "/api/v1/flows/greeting", flow.formatted("saludo-navidad"));
    assertThat(saved.statusCode()).as(saved.body()).isIn(200, 201);
    node.directory().put(T, Kind.PHONE_NUMBER, "15550189", new JsonObject().put("number", "+15550189")
        .put("flow", "greeting"), null).await();

    SippListener.Heard heard = SippListener.call(node.sipPort(), "+15550189", () -> {});
    assertThat(heard.exit()).as(heard.log()).isZero();
    assertThat(heard.framesOf(PromptAudio.toUlaw(upload, 300)))
        .as("an English call says the tenant's prompt in the language it has").isGreaterThanOrEqualTo(90);

    HttpResponse<String> delete = send("DELETE", "/es/saludo-navidad", admin, null, null);
    assertThat(delete.statusCode()).isEqualTo(409);
    assertThat(delete.body()).contains("flow 'greeting'");
    assertThat(api("DELETE", "/api/v1/phone-numbers/15550189", null).statusCode()).isEqualTo(204);
    assertThat(api("DELETE", "/api/v1/flows/greeting", null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", "/es/saludo-navidad", admin, null, null).statusCode()).isEqualTo(204);
  }

  /**
   * A prompt a campaign names as its {@code abandonPrompt} cannot be deleted from its last language (409 naming the
   * campaign, nothing deleted: the campaign would fall back to the shipped phrase without anyone asking); from one of
   * two languages it can, and from the last once the campaign names no prompt.
   */
  @Test
  void aPromptACampaignNamesCannotBeDeletedFromItsLastLanguage() throws Exception {
    byte[] upload = PromptAudioTest.toneWav(8000, 1, "PCM16", 700, 1.0);
    assertThat(send("PUT", "/en/lo-sentimos", admin, "audio/wav", upload).statusCode()).isEqualTo(200);
    assertThat(send("PUT", "/es/lo-sentimos", admin, "audio/wav", upload).statusCode()).isEqualTo(200);
    HttpResponse<String> list = api("POST", "/api/v1/contact-lists", new JsonObject()
        .put("name", "prompt users " + System.nanoTime()).encode());
    assertThat(list.statusCode()).as(list.body()).isEqualTo(201);
    JsonObject campaign = new JsonObject().put("name", "Prompt user " + System.nanoTime()).put("queue", "support")
        .put("listIds", new JsonArray().add(new JsonObject(list.body()).getString("id"))).put("mode", "predictive")
        .put("abandonPrompt", "lo-sentimos");
    HttpResponse<String> created = api("POST", "/api/v1/campaigns", campaign.encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");

    assertThat(send("DELETE", "/es/lo-sentimos", admin, null, null).statusCode())
        .as("the English recording is still there for the campaign").isEqualTo(204);
    HttpResponse<String> refused = send("DELETE", "/en/lo-sentimos", admin, null, null);
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new JsonObject(refused.body()).getString("detail")).contains("prompt 'lo-sentimos'")
        .contains("campaign '" + id + "' (" + campaign.getString("name") + ") as its abandonPrompt");
    assertThat(send("GET", "/en/lo-sentimos/audio", admin, null, null).statusCode()).as("nothing deleted")
        .isEqualTo(200);

    campaign.remove("abandonPrompt");
    HttpResponse<String> cleared = api("PUT", "/api/v1/campaigns/" + id, campaign.encode());
    assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
    assertThat(send("DELETE", "/en/lo-sentimos", admin, null, null).statusCode()).isEqualTo(204);
    assertThat(api("DELETE", "/api/v1/campaigns/" + id, null).statusCode()).isEqualTo(204);
  }

  private static HttpResponse<String> api(String method, String path, String json) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .header("Authorization", "Bearer " + admin)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void whatCannotBeAPromptIsRefusedWithTheReasonAndOnlyAdminsChangePrompts() throws Exception {
    byte[] wav = PromptAudioTest.toneWav(8000, 1, "PCM16", 600, 1.0);
    HttpResponse<String> notWav = send("PUT", "/en/welcome", admin, "audio/wav", "ID3 an mp3".getBytes());
    assertThat(notWav.statusCode()).isEqualTo(422);
    assertThat(notWav.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new JsonObject(notWav.body()).getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("body");
    assertThat(notWav.body()).contains("not a WAV file");
    HttpResponse<String> wrongType = send("PUT", "/en/welcome", admin, "audio/mpeg", wav);
    assertThat(wrongType.statusCode()).isEqualTo(415);
    assertThat(wrongType.body()).contains("audio/wav");
    HttpResponse<String> unknownName = send("PUT", "/en/Lunch_Menu", admin, "audio/wav", wav);
    assertThat(unknownName.statusCode()).isEqualTo(404);
    assertThat(unknownName.body()).contains("welcome").contains("closed");
    HttpResponse<String> unknownLanguage = send("PUT", "/fr/welcome", admin, "audio/wav", wav);
    assertThat(unknownLanguage.statusCode()).isEqualTo(404);
    assertThat(unknownLanguage.body()).contains("en, es");

    String supervisor = TestNodes.login(node.httpPort(), "sam");
    String agent = TestNodes.login(node.httpPort(), "alice");
    assertThat(send("PUT", "/en/welcome", supervisor, "audio/wav", wav).statusCode()).isEqualTo(403);
    assertThat(send("DELETE", "/en/welcome", supervisor, null, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "", supervisor, null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "", agent, null, null).statusCode()).isEqualTo(403);
    assertThat(send("GET", "", null, null, null).statusCode()).isEqualTo(401);
    assertThat(new JsonObject(send("GET", "", admin, null, null).body()).getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("name")).toList())
        .as("nothing saved by the refused uploads").doesNotContain("welcome", "Lunch_Menu");
  }

  private static HttpRequest.Builder request(String method, String path, String token, String type, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort()
            + "/api/v1/prompts" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (type != null) {
      b.header("Content-Type", type);
    }
    return b;
  }

  private static HttpResponse<String> send(String method, String path, String token, String type, byte[] body)
      throws Exception {
    return HTTP.send(request(method, path, token, type, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] wavData(byte[] wav) throws Exception {
    try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
      return in.readAllBytes();
    }
  }

  private static byte[] resource(String path) throws Exception {
    try (InputStream in = TenantPromptsIT.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }
}
