package io.switchboard.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.switchboard.campaigns.CallingHours;
import io.switchboard.campaigns.Campaign;
import io.switchboard.campaigns.RetryRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The campaign body's strict parsing: defaults, and a 400 naming the field for every bad value. */
class CampaignFieldsTest {
  static final String LIST = "0b5f1b2e-6d0e-4c4e-9a51-2f7c1d2a3b4c";

  static JsonObject body() {
    return new JsonObject().put("name", " Renewals ").put("queue", "outbound").put("listIds", new JsonArray().add(LIST));
  }

  static String badField(JsonObject body) {
    Problem p = catchThrowableOfType(() -> CampaignsApi.fields(body, null), Problem.class);
    assertThat(p).as(body.encode()).isNotNull();
    assertThat(p.status()).isEqualTo(400);
    return p.errors().get(0).field();
  }

  @Test
  void absentFieldsTakeTheDefaults() {
    Campaign.Fields f = CampaignsApi.fields(body(), null);
    assertThat(f.name()).isEqualTo("Renewals");
    assertThat(f.mode()).isEqualTo("progressive");
    assertThat(f.timeZone()).isEqualTo("UTC");
    assertThat(f.hours()).isEqualTo(CallingHours.DEFAULT);
    assertThat(f.retry()).isEqualTo(RetryRules.DEFAULT);
    assertThat(f.doNotCall()).isEmpty();
  }

  @Test
  void givenFieldsAreReadAndNumbersNormalised() {
    Campaign.Fields f = CampaignsApi.fields(body().put("timeZone", "Europe/Madrid")
        .put("callingHours", new JsonObject().put("from", "09:30"))
        .put("retry", new JsonObject().put("busy", new JsonObject().put("delaySeconds", 60))
            .put("dispositions", new JsonObject().put("call-back", new JsonObject().put("delaySeconds", 86400))))
        .put("doNotCall", new JsonArray().add("+1 415-555-0177").add("+14155550177")), null);
    assertThat(f.hours()).isEqualTo(new CallingHours(LocalTime.of(9, 30), LocalTime.of(21, 0)));
    assertThat(f.retry().busy()).isEqualTo(new RetryRules.Rule(60, 3));
    assertThat(f.retry().noAnswer()).isEqualTo(RetryRules.DEFAULT.noAnswer());
    assertThat(f.retry().dispositions()).isEqualTo(java.util.Map.of("call-back", new RetryRules.Rule(86400, 2)));
    assertThat(f.doNotCall()).isEqualTo(List.of("+14155550177"));
  }

  @Test
  void predictiveModeTakesAnAbandonCapOrTheNodesDefault() {
    Campaign.Fields f = CampaignsApi.fields(body().put("mode", "predictive").put("abandonCapPercent", 2.5), null);
    assertThat(f.mode()).isEqualTo("predictive");
    assertThat(f.abandonCapPercent()).isEqualTo(2.5);
    assertThat(CampaignsApi.fields(body().put("mode", "predictive"), null).abandonCapPercent()).isNull();
    assertThat(CampaignsApi.fields(body().put("abandonCapPercent", 0), null).abandonCapPercent()).isZero();
    assertThat(CampaignsApi.json(new Campaign("t", "id", 1, f, io.switchboard.campaigns.CampaignStatus.READY, null,
        java.time.Instant.EPOCH, java.time.Instant.EPOCH)).getDouble("abandonCapPercent")).isEqualTo(2.5);
  }

  @Test
  void previewModeTakesItsTimeoutAndSkipDelay() {
    Campaign.Fields f = CampaignsApi.fields(body().put("mode", "preview").put("preview", new JsonObject()
        .put("timeoutSeconds", 45).put("onTimeout", "call").put("skipDelaySeconds", 600)), null);
    assertThat(f.mode()).isEqualTo("preview");
    assertThat(f.preview()).isEqualTo(new io.switchboard.campaigns.PreviewSettings(45, "call", 600));
    assertThat(f.preview().offerSeconds(120)).as("the softphone calls at 45 s; the ACD skips 10 s later").isEqualTo(55);
    Campaign.Fields dflt = CampaignsApi.fields(body().put("mode", "preview"), null);
    assertThat(dflt.preview()).isEqualTo(io.switchboard.campaigns.PreviewSettings.DEFAULT);
    assertThat(dflt.preview().timeout(120)).as("the node's campaigns.preview.timeout-seconds").isEqualTo(120);
    assertThat(CampaignsApi.json(new Campaign("t", "id", 1, f, io.switchboard.campaigns.CampaignStatus.READY, null,
        java.time.Instant.EPOCH, java.time.Instant.EPOCH)).getJsonObject("preview").getString("onTimeout"))
        .isEqualTo("call");
  }

  @Test
  void badValuesAreRefusedNamingTheField() {
    assertThat(badField(body().put("mode", "dialer"))).isEqualTo("mode");
    assertThat(badField(body().put("abandonCapPercent", 3.5))).as("above the regulators' 3 %")
        .isEqualTo("abandonCapPercent");
    assertThat(badField(body().put("abandonCapPercent", -1))).isEqualTo("abandonCapPercent");
    assertThat(badField(body().put("abandonCapPercent", "3"))).isEqualTo("abandonCapPercent");
    assertThat(badField(body().put("preview", new JsonObject().put("timeoutSeconds", 0))))
        .isEqualTo("preview.timeoutSeconds");
    assertThat(badField(body().put("preview", new JsonObject().put("onTimeout", "dial")))).isEqualTo("preview.onTimeout");
    assertThat(badField(body().put("preview", new JsonObject().put("skipDelaySeconds", "1"))))
        .isEqualTo("preview.skipDelaySeconds");
    assertThat(badField(body().put("preview", new JsonObject().put("colour", "red")))).isEqualTo("preview.colour");
    assertThat(badField(body().put("preview", "soon"))).isEqualTo("preview");
    assertThat(badField(body().put("timeZone", "Mars/Base"))).isEqualTo("timeZone");
    assertThat(badField(body().put("callingHours", new JsonObject().put("from", "22:00")))).isEqualTo("callingHours");
    assertThat(badField(body().put("callingHours", new JsonObject().put("from", "8am")))).isEqualTo("callingHours.from");
    assertThat(badField(body().put("retry", new JsonObject().put("busy", new JsonObject().put("maxAttempts", 0)))))
        .isEqualTo("retry.busy.maxAttempts");
    assertThat(badField(body().put("doNotCall", new JsonArray().add("12")))).isEqualTo("doNotCall");
    assertThat(badField(body().put("retry", new JsonObject().put("dispositions", new JsonObject().put("call back",
        new JsonObject()))))).isEqualTo("retry.dispositions");
    assertThat(badField(body().put("listIds", new JsonArray()))).isEqualTo("listIds");
    assertThat(badField(body().put("listIds", new JsonArray().add("nope")))).isEqualTo("listIds");
    assertThat(badField(body().putNull("queue"))).isEqualTo("queue");
    assertThat(badField(body().put("colour", "red"))).isEqualTo("colour");
    Problem notThePaths = catchThrowableOfType(() -> CampaignsApi.fields(body().put("id", "x"), "y"), Problem.class);
    assertThat(notThePaths.errors().get(0).field()).isEqualTo("id");
  }
}
