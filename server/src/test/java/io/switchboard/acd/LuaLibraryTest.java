package io.switchboard.acd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LuaLibraryTest {
  private static final String LIB = String.join("\n",
      "-- header comment",
      "local P = KEYS[1]",
      "local T = {}",
      "local function k_a(id) return P .. ':a:' .. id end",
      "-- unused: only named in a string and a comment below",
      "local function unused() return 1 end",
      "-- b uses k_a",
      "local function b(id)",
      "  -- unused() in a comment",
      "  return redis.call('GET', k_a(id)) .. 'unused()'",
      "end",
      "local function concat(x)",
      "  return x ..b(x)",
      "end",
      "local C, D = 1, 2",
      "function T.hook(x)",
      "  return x.C",
      "end",
      "T.other = D",
      "");

  @Test
  void keepsWhatTheScriptReachesInOrderAndDropsTheRest() {
    LuaLibrary lib = new LuaLibrary(List.of(LIB));
    String out = lib.assemble("return concat(ARGV[1])\n");
    assertThat(out).contains("local P = KEYS[1]", "local function k_a", "local function b(id)", "local function concat")
        .doesNotContain("local function unused", "local C, D", "function T.hook", "local T = {}")
        .endsWith("return concat(ARGV[1])\n");
    assertThat(out.indexOf("local function k_a")).isLessThan(out.indexOf("local function b(id)"));
    assertThat(out).contains("-- b uses k_a\nlocal function b(id)\n  -- unused() in a comment\n");
  }

  @Test
  void aTableKeepsItsMembersAndTheirNames() {
    String out = new LuaLibrary(List.of(LIB)).assemble("return T.hook(1)\n");
    // x.C is a field, not the local C; T.other = D names D
    assertThat(out).contains("local T = {}", "function T.hook(x)", "T.other = D", "local C, D = 1, 2");
  }

  @Test
  void statementsItCannotTellApartAreRefused() {
    assertThatThrownBy(() -> new LuaLibrary(List.of("local s = [[long]]\n")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("long strings");
    assertThatThrownBy(() -> new LuaLibrary(List.of("redis.call('DEL', 'x')\nprint(1)\n")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("redis.call('DEL', 'x')");
  }

  @Test
  void namesSkipFieldsNumbersStringsAndKeywords() {
    assertThat(LuaLibrary.names("local x = a.b .. c:d() .. \"e\" .. 'f\\'g' + 1e13 + h[i] -- j\nif k then end"))
        .isEqualTo(Set.of("x", "a", "c", "h", "i", "k"));
  }

  /**
   * Every ACD script as sent to Redis defines every library name it uses: a name the cut left out would be a
   * global, which Redis refuses only when that line runs (perhaps in production, on a rare path).
   */
  @Test
  void everyAcdScriptKeepsEveryLibraryNameItUses() throws Exception {
    LuaLibrary lib = new LuaLibrary(List.of(resource("acd-lib"), resource("acd-region")));
    List<String> ops = ops();
    assertThat(ops).contains("enqueue", "state", "sweep", "chat").hasSizeGreaterThan(40);
    for (String op : ops) {
      String script = AcdScripts.source(op);
      String kept = script.substring(0, script.length() - resource("acd-" + op).length());
      Set<String> defined = new LuaLibrary(List.of(kept)).definedNames();
      for (String name : LuaLibrary.names(script)) {
        if (lib.definedNames().contains(name)) {
          assertThat(defined).as("acd-%s.lua uses %s", op, name).contains(name);
        }
      }
    }
  }

  @Test
  void theHotScriptsLeaveOutWhatTheyNeverRun() throws Exception {
    String full = resource("acd-lib") + resource("acd-region");
    for (String op : List.of("enqueue", "state")) {
      String script = AcdScripts.source(op);
      assertThat(script).contains("local function route_call", "function REGION.idle_keys", "local function run(")
          .doesNotContain("local function finish_wrapup", "local function callback_failed",
              "local function drop_node_trunk_slots");
      assertThat(functions(script)).as(op).isLessThan(functions(full) * 3 / 4);
    }
    assertThat(AcdScripts.source("wrapup-done")).contains("local function finish_wrapup");
  }

  private static long functions(String lua) {
    return lua.lines().filter(l -> l.startsWith("local function ") || l.startsWith("function ")).count();
  }

  private static String resource(String name) throws IOException {
    try (var in = LuaLibraryTest.class.getResourceAsStream("/lua/" + name + ".lua")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static List<String> ops() throws IOException, URISyntaxException {
    Path dir = Path.of(LuaLibraryTest.class.getResource("/lua/acd-lib.lua").toURI()).getParent();
    List<String> ops = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString())
          .filter(f -> f.startsWith("acd-") && f.endsWith(".lua"))
          .filter(f -> !f.equals("acd-lib.lua") && !f.equals("acd-region.lua"))
          .forEach(f -> ops.add(f.substring(4, f.length() - 4)));
    }
    return ops;
  }
}
