package io.switchboard.media.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which recordings a call hears: its queue's language, the tenant's own recordings first, numbers composed right. */
class PromptsTest {

  @Test
  void spanishNumbersAreComposedAsTheyAreSaid() {
    SpanishWords es = new SpanishWords();
    assertThat(es.number(0)).containsExactly("cero");
    assertThat(es.number(1)).containsExactly("uno");
    assertThat(es.number(16)).containsExactly("dieciseis");
    assertThat(es.number(21)).containsExactly("veintiuno");
    assertThat(es.number(35)).containsExactly("treinta", "y", "cinco");
    assertThat(es.number(100)).containsExactly("cien");
    assertThat(es.number(101)).containsExactly("ciento", "uno");
    assertThat(es.number(570)).containsExactly("quinientos", "setenta");
    assertThat(es.number(1000)).containsExactly("mil");
    assertThat(es.number(2005)).containsExactly("dos", "mil", "cinco");
    assertThat(es.number(21_031)).containsExactly("veintiun", "mil", "treinta", "y", "uno");
    assertThat(es.number(100_000)).containsExactly("cien", "mil");
    assertThatThrownBy(() -> es.number(1_000_000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void beforeMinutesSpanishSaysUnNotUno() {
    SpanishWords es = new SpanishWords();
    assertThat(es.count(1)).containsExactly("un");
    assertThat(es.count(21)).containsExactly("veintiun");
    assertThat(es.count(31)).containsExactly("treinta", "y", "un");
    assertThat(es.count(11)).containsExactly("once");
    assertThat(es.count(4)).containsExactly("cuatro");
  }

  @Test
  void englishNumbers() {
    assertThat(Prompts.numberWords("en", 123)).containsExactly("one", "hundred", "twenty", "three");
    assertThat(new EnglishWords().count(1)).containsExactly("one");
  }

  @Test
  void aCallHearsItsQueuesLanguageOrEnglish() {
    assertThat(Prompts.shippedLanguage("es")).isEqualTo("es");
    assertThat(Prompts.shippedLanguage("es-MX")).isEqualTo("es");
    assertThat(Prompts.shippedLanguage("en-GB")).isEqualTo("en");
    assertThat(Prompts.shippedLanguage("fr")).as("nothing shipped in French").isEqualTo("en");
    assertThat(Prompts.shippedLanguage(null)).isEqualTo("en");
    Prompts prompts = new Prompts();
    assertThat(prompts.voice("t1", "es-MX").clip("closed")).isSameAs(prompts.shipped("es", "closed"));
    assertThat(prompts.voice("t1", "es").clip("closed")).isNotSameAs(prompts.shipped("en", "closed"));
  }

  @Test
  void aTenantsOwnRecordingReplacesTheShippedOneForThatTenantAndLanguageOnly() {
    Prompts prompts = new Prompts();
    AudioClip own = AudioClip.fromUlaw("own", new byte[1600]);
    prompts.overrides((tenant, language, name) ->
        "t1".equals(tenant) && "es".equals(language) && "closed".equals(name) ? own : null);
    assertThat(prompts.voice("t1", "es").clip("closed")).isSameAs(own);
    assertThat(prompts.voice("t1", "en").clip("closed")).isSameAs(prompts.shipped("en", "closed"));
    assertThat(prompts.voice("t2", "es").clip("closed")).isSameAs(prompts.shipped("es", "closed"));
    assertThat(prompts.voice("t1", "es").clip("goodbye")).isSameAs(prompts.shipped("es", "goodbye"));
  }

  @Test
  void theSpanishAnnouncementSaysTheSpanishWords() {
    Prompts prompts = new Prompts();
    List<String> heard = new java.util.ArrayList<>();
    prompts.overrides((tenant, language, name) -> {
      heard.add(language + "/" + name);
      return null;
    });
    prompts.voice("t1", "es").queueAnnouncement(3, 21);
    assertThat(heard).containsExactly("es/you-are-caller-number", "es/tres", "es/your-estimated-wait-is", "es/about",
        "es/veintiun", "es/minutes");
    heard.clear();
    prompts.voice("t1", "es").queueAnnouncement(1, 1);
    assertThat(heard).containsExactly("es/you-are-caller-number", "es/uno", "es/your-estimated-wait-is", "es/about",
        "es/un", "es/minute");
  }
}
