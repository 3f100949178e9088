package io.switchboard.chat.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Matching with the real Lucene index and analyzers: a known question finds its intent in English and Spanish (other
 * words, other inflections), unrelated text stays under the default threshold, asking for a person and saying goodbye
 * find the built-in intents.
 */
class IntentIndexTest {
  static final double THRESHOLD = 0.5;

  static BotSpec bot(String language, JsonArray intents) {
    return BotSpec.of(new JsonObject().put("id", "b").put("version", 1).put("queues", new JsonArray().add("q"))
        .put("language", language).put("threshold", 50).put("handoverPhrases", new JsonArray().add("escalate please"))
        .put("intents", intents));
  }

  static JsonObject intent(String name, String answer, String... phrases) {
    return new JsonObject().put("name", name).put("phrases", new JsonArray(java.util.List.of(phrases)))
        .put("answer", answer);
  }

  static final BotSpec ENGLISH = bot("en", new JsonArray()
      .add(intent("opening-hours", "9 to 5", "what are your opening hours", "when do you open", "are you open today"))
      .add(intent("refund", "Refunds take 5 days", "I want a refund", "how do I get my money back"))
      .add(intent("password", "Use the reset link", "I forgot my password", "reset my password")));

  static final BotSpec SPANISH = bot("es", new JsonArray()
      .add(intent("horario", "De 9 a 17", "cuál es su horario de apertura", "a qué hora abren"))
      .add(intent("reembolso", "Tarda 5 días", "quiero un reembolso", "cómo recupero mi dinero"))
      .add(intent("clave", "Use el enlace", "olvidé mi contraseña", "cambiar la contraseña")));

  static IntentIndex index(BotSpec spec) {
    return IntentIndex.build(spec.language(), IntentIndex.phrases(spec));
  }

  @Test
  void aKnownQuestionFindsItsIntentInEnglish() {
    IntentIndex idx = index(ENGLISH);
    IntentIndex.Match m = idx.match("Hi, what time do you open on Saturdays?");
    assertThat(m.intent()).isEqualTo("opening-hours");
    assertThat(m.confidence()).isGreaterThanOrEqualTo(THRESHOLD);
    assertThat(idx.match("I forgot the password of my account").intent()).isEqualTo("password");
    assertThat(idx.match("Refunds: how do they work? I'd like one").intent()).isEqualTo("refund");
  }

  @Test
  void aKnownQuestionFindsItsIntentInSpanish() {
    IntentIndex idx = index(SPANISH);
    IntentIndex.Match m = idx.match("Hola, ¿a qué hora abren mañana?");
    assertThat(m.intent()).isEqualTo("horario");
    assertThat(m.confidence()).isGreaterThanOrEqualTo(THRESHOLD);
    // the Spanish stemmer: "reembolsos" finds "reembolso", "contraseñas" finds "contraseña"
    assertThat(idx.match("Necesito dos reembolsos").intent()).isEqualTo("reembolso");
    assertThat(idx.match("olvidé las contraseñas").intent()).isEqualTo("clave");
  }

  @Test
  void unrelatedTextIsUnderTheThreshold() {
    assertThat(index(ENGLISH).match("The weather on Mars is cold and dusty").confidence()).isLessThan(THRESHOLD);
    assertThat(index(ENGLISH).match("").intent()).isNull();
    assertThat(index(SPANISH).match("El tiempo en Marte es frío").confidence()).isLessThan(THRESHOLD);
  }

  @Test
  void askingForAPersonFindsTheBuiltInIntentInBothLanguagesAndTheBotsOwnPhrases() {
    IntentIndex en = index(ENGLISH);
    IntentIndex.Match m = en.match("can I talk to a person");
    assertThat(m.intent()).isEqualTo(BuiltIns.PERSON);
    assertThat(m.confidence()).isGreaterThanOrEqualTo(THRESHOLD);
    assertThat(en.match("please escalate").intent()).isEqualTo(BuiltIns.PERSON);
    assertThat(index(SPANISH).match("quiero hablar con una persona").intent()).isEqualTo(BuiltIns.PERSON);
  }

  @Test
  void sayingGoodbyeFindsTheBuiltInIntent() {
    assertThat(index(ENGLISH).match("ok thanks, that's all").intent()).isEqualTo(BuiltIns.DONE);
    assertThat(index(SPANISH).match("vale, gracias, eso es todo").intent()).isEqualTo(BuiltIns.DONE);
  }

  @Test
  void theConfidenceIsOneForThePhraseItselfAndNeverMore() {
    IntentIndex.Match m = index(ENGLISH).match("reset my password reset my password password");
    assertThat(m.intent()).isEqualTo("password");
    assertThat(m.confidence()).isEqualTo(1.0);
  }
}
