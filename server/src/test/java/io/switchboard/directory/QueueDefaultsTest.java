package io.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The queue default the ACD's Lua needs for documents stored before a field existed must be QueueSchema's:
 * the schema decides it, the script only repeats it (Lua cannot read a Java constant).
 */
class QueueDefaultsTest {
  @Test
  void theScriptsRegionWideningFallbackIsTheSchemasDefault() throws IOException {
    String lib;
    try (InputStream in = QueueDefaultsTest.class.getResourceAsStream("/lua/acd-lib.lua")) {
      lib = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Matcher m = Pattern.compile("local REGION_WIDENING_DEFAULT = (\\d+)").matcher(lib);
    assertThat(m.find()).as("acd-lib.lua defines REGION_WIDENING_DEFAULT").isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(QueueSchema.DEFAULT_REGION_WIDENING_SECONDS);
  }
}
