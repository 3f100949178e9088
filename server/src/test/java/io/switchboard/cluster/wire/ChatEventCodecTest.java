package io.switchboard.cluster.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The chat channel's events: every record round-trips through the codec, and what is not one is refused. */
class ChatEventCodecTest {
  static List<ChatEvent> samples() {
    return List.of(
        new ChatEvent.ChatLine("n1", "acme", "chat-1", "connected", "a1", 3, "agent", "a1", "Hi <b>there</b>",
            1767224722100L),
        new ChatEvent.ChatLine("n1", "acme", "chat-1", "bot", null, 1, "customer", null, "hello", 1767224722000L),
        new ChatEvent.ChatTyping("n2", "acme", "chat-1", "connected", "a1", "customer"),
        new ChatEvent.ChatJoined("n2", "acme", "chat-1", "a1"),
        new ChatEvent.ChatEnded("n1", "acme", "chat-1", null, "customer"));
  }

  @Test
  void everyEventRoundTrips() {
    for (ChatEvent e : samples()) {
      assertThat(BusCodec.decodeChat(BusCodec.encode(e))).isEqualTo(e);
    }
    assertThat(samples().stream().map(Object::getClass).collect(Collectors.toSet()))
        .isEqualTo(Arrays.stream(ChatEvent.class.getPermittedSubclasses()).collect(Collectors.toSet()));
  }

  @Test
  void aLineIsWrittenFlatWithItsType() {
    assertThat(BusCodec.encode(samples().get(1))).isEqualTo("{\"type\":\"chat.line\",\"node\":\"n1\","
        + "\"tenant\":\"acme\",\"chatId\":\"chat-1\",\"status\":\"bot\",\"seq\":1,\"from\":\"customer\","
        + "\"text\":\"hello\",\"at\":1767224722000}");
  }

  @Test
  void theStatusesAreTheChatsStatuses() {
    assertThat(ChatEvent.STATUSES).isEqualTo(Arrays.stream(io.switchboard.chat.ChatStatus.values())
        .map(io.switchboard.chat.ChatStatus::wire).collect(Collectors.toSet()));
  }

  @Test
  void whatIsNotAnEventIsRefusedNamingTheField() {
    String ok = BusCodec.encode(samples().get(0));
    assertThat(field(ok.replace("\"at\":", "\"extra\":1,\"at\":"))).isEqualTo("extra");
    assertThat(field(ok.replace("chat.line", "chat.nope"))).isEqualTo("type");
    assertThat(field(ok.replace("\"connected\"", "\"talking\""))).isEqualTo("status");
    assertThat(field(ok.replace("\"seq\":3", "\"seq\":\"3\""))).isEqualTo("seq");
    assertThat(field(ok.replace("\"seq\":3", "\"seq\":0"))).isEqualTo("seq");
    assertThat(field(ok.replace(",\"node\":\"n1\"", ""))).isEqualTo("node");
    assertThat(field(ok.replace("\"from\":\"agent\"", "\"from\":\"root\""))).isEqualTo("from");
    assertThat(field("{\"type\":\"chat.joined\",\"node\":\"n\",\"tenant\":\"t\",\"chatId\":\"c\",\"tenant\":\"u\","
        + "\"agentId\":\"a\"}")).isEqualTo("tenant");
    assertThatThrownBy(() -> BusCodec.decodeChat("[1]")).isInstanceOf(WireException.class);
  }

  private static String field(String text) {
    try {
      BusCodec.decodeChat(text);
    } catch (WireException e) {
      return e.field();
    }
    throw new AssertionError("accepted: " + text);
  }
}
