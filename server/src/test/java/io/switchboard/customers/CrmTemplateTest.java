package io.switchboard.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The CRM link template: what is accepted, and values percent-encoded into it. */
class CrmTemplateTest {
  @Test
  void rendersEachPlaceholderPercentEncoded() {
    CrmTemplate t = CrmTemplate.of("https://crm.example.com/search?phone={number}&id={customerId}&call={callId}");
    assertThat(t.link("+34911234567", "7c9e6679-7425-40de-944b-e07fc1f90ae7", "c 1/2&x"))
        .isEqualTo("https://crm.example.com/search?phone=%2B34911234567&id=7c9e6679-7425-40de-944b-e07fc1f90ae7"
            + "&call=c%201%2F2%26x");
    assertThat(t.link("+1", null, null)).isEqualTo("https://crm.example.com/search?phone=%2B1&id=&call=");
    assertThat(CrmTemplate.of("https://crm.example.com/c/{customerId}").link("+1", "é", "x"))
        .isEqualTo("https://crm.example.com/c/%C3%A9");
    assertThat(CrmTemplate.of("https://crm.example.com/").link("+1", "a", "b")).isEqualTo("https://crm.example.com/");
  }

  @Test
  void refusesWhatIsNotAFixedHttpsLinkWithKnownPlaceholders() {
    assertThat(CrmTemplate.error("http://crm.example.com/?p={number}")).isEqualTo("must start with https://");
    assertThat(CrmTemplate.error("javascript:alert(1)")).isEqualTo("must start with https://");
    assertThat(CrmTemplate.error("https://crm.example.com/?p={phone}")).contains("'{phone}' is not a placeholder");
    assertThat(CrmTemplate.error("https://{number}.example.com/")).contains("fixed host");
    assertThat(CrmTemplate.error("https://user@crm.example.com/")).contains("fixed host");
    assertThat(CrmTemplate.error("https:///path")).contains("fixed host");
    assertThat(CrmTemplate.error("https://crm.example.com/?p={number")).contains("unmatched");
    assertThat(CrmTemplate.error("https://crm.example.com/?p=" + "x".repeat(2000))).contains("longer than");
    assertThat(CrmTemplate.error("https://crm.example.com/a b")).startsWith("is not a URL");
    assertThat(CrmTemplate.error("HTTPS://crm.example.com/?p={number}")).isNull();
    assertThatThrownBy(() -> CrmTemplate.of("ftp://x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("must start with https://");
  }
}
