package io.switchboard.acd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ACD's shared Lua files cut down to what one operation's script uses.
 *
 * <p>Why: Redis runs a script's whole text on every call, so every {@code local function} of acd-lib.lua is
 * created anew (a closure, its upvalues found by a walk of every open upvalue) and collected again on each
 * routing decision, whether the operation uses it or not. With the whole library prepended that was about a
 * quarter of Redis' CPU per decision (docs/benchmarks.md, Routing). Keeping only the definitions a script
 * reaches makes each script pay for what it runs, and changes nothing it does: Lua resolves a local name at
 * compile time to a definition above it, and those definitions are all kept.
 *
 * <p>Contract with the library files (checked when the scripts load, {@link IllegalStateException} otherwise):
 * every top-level statement starts at column 0 and is {@code local function name(...)}, {@code local a, b = ...},
 * {@code function T.field(...)} or {@code T.field = ...} (these last two belong to the table {@code T} and are
 * kept with it); lines that continue a statement are indented or close it ({@code end}, {@code }}); comment
 * lines at column 0 belong to the statement after them. No long strings or long comments ({@code [[ ]]}).
 *
 * <p>A statement is kept when a kept statement or the operation's script names what it defines (names inside
 * strings, comments and after a field dot do not count). The result keeps the files' order. Pure; thread-safe.
 */
final class LuaLibrary {
  private static final Pattern LOCAL_FUNCTION = Pattern.compile("^local function ([A-Za-z_]\\w*)\\s*\\(");
  private static final Pattern LOCAL_VALUES = Pattern.compile("^local ([A-Za-z_][\\w, ]*?)\\s*(=.*)?$");
  /** {@code function T.f(} or {@code T.f = }: group 1 or 2 is T. */
  private static final Pattern MEMBER =
      Pattern.compile("^(?:function ([A-Za-z_]\\w*)[.:]\\w+\\s*\\(|([A-Za-z_]\\w*)\\.\\w+\\s*=[^=])");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_]\\w*");
  private static final Set<String> KEYWORDS = Set.of("and", "break", "do", "else", "elseif", "end", "false", "for",
      "function", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while");

  /** One top-level statement: its text (with the comment lines before it), what it defines, what it names. */
  private record Statement(String text, Set<String> defines, String memberOf, Set<String> names) {}

  private final List<Statement> statements = new ArrayList<>();
  private final Map<String, List<Integer>> definedBy = new HashMap<>();
  private final Map<String, List<Integer>> membersOf = new HashMap<>();

  /** sources: the library files in the order they are prepended (each may use the definitions of those before). */
  LuaLibrary(List<String> sources) {
    for (String source : sources) {
      split(source);
    }
    for (int i = 0; i < statements.size(); i++) {
      Statement s = statements.get(i);
      for (String name : s.defines()) {
        definedBy.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
      }
      if (s.memberOf() != null) {
        membersOf.computeIfAbsent(s.memberOf(), k -> new ArrayList<>()).add(i);
      }
    }
  }

  /** The library statements {@code script} reaches, in order, then the script itself. */
  String assemble(String script) {
    boolean[] kept = new boolean[statements.size()];
    Deque<String> todo = new ArrayDeque<>(names(script));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (!seen.add(name)) {
        continue;
      }
      List<Integer> defining = definedBy.getOrDefault(name, List.of());
      for (List<Integer> list : List.of(defining, membersOf.getOrDefault(name, List.of()))) {
        for (int i : list) {
          if (!kept[i]) {
            kept[i] = true;
            todo.addAll(statements.get(i).names());
          }
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < statements.size(); i++) {
      if (kept[i]) {
        out.append(statements.get(i).text());
      }
    }
    return out.append(script).toString();
  }

  /** Every top-level name the library defines (for tests). */
  Set<String> definedNames() {
    return definedBy.keySet();
  }

  private void split(String source) {
    StringBuilder current = null;
    StringBuilder comments = new StringBuilder();
    String head = null;
    for (String line : source.split("\n", -1)) {
      boolean top = !line.isEmpty() && !Character.isWhitespace(line.charAt(0));
      if (top && line.startsWith("--")) {
        comments.append(line).append('\n');
      } else if (top && !line.startsWith("end") && !line.startsWith("}") && !line.startsWith(")")) {
        if (current != null) {
          add(head, current.toString());
        }
        current = new StringBuilder(comments).append(line).append('\n');
        comments.setLength(0);
        head = line;
      } else if (current != null) {
        current.append(comments).append(line).append('\n');
        comments.setLength(0);
      } else if (!line.isBlank()) {
        throw new IllegalStateException("Lua library: code before the first statement: " + line);
      }
    }
    if (current != null) {
      add(head, current.toString());
    }
  }

  private void add(String head, String text) {
    Set<String> defines = new LinkedHashSet<>();
    String memberOf = null;
    Matcher m;
    if ((m = LOCAL_FUNCTION.matcher(head)).find()) {
      defines.add(m.group(1));
    } else if ((m = LOCAL_VALUES.matcher(head)).matches()) {
      for (String name : m.group(1).split(",")) {
        defines.add(name.trim());
      }
    } else if ((m = MEMBER.matcher(head)).find()) {
      memberOf = m.group(1) != null ? m.group(1) : m.group(2);
    } else {
      throw new IllegalStateException("Lua library: not a statement it can keep or leave out: " + head);
    }
    statements.add(new Statement(text, defines, memberOf, names(text)));
  }

  /** The names code uses: identifiers outside strings and comments, not after a field dot or colon. */
  static Set<String> names(String code) {
    Set<String> out = new HashSet<>();
    String bare = stripStringsAndComments(code);
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      int at = m.start();
      boolean field = at > 0 && (bare.charAt(at - 1) == ':'
          || bare.charAt(at - 1) == '.' && (at < 2 || bare.charAt(at - 2) != '.'));
      boolean digitRun = at > 0 && Character.isDigit(bare.charAt(at - 1));  // 1e13, 0x1f: part of a number
      if (!field && !digitRun && !KEYWORDS.contains(m.group())) {
        out.add(m.group());
      }
    }
    return out;
  }

  /** code with every string literal and comment replaced by a space. */
  static String stripStringsAndComments(String code) {
    StringBuilder out = new StringBuilder(code.length());
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (c == '-' && code.startsWith("--", i)) {
        if (code.startsWith("--[[", i) || code.startsWith("--[=", i)) {
          throw new IllegalStateException("Lua library: long comments are not supported");
        }
        int end = code.indexOf('\n', i);
        i = end < 0 ? code.length() : end;
        out.append(' ');
      } else if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < code.length() && code.charAt(j) != c) {
          j += code.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
        out.append(' ');
      } else if (c == '[' && (code.startsWith("[[", i) || code.startsWith("[=", i))) {
        throw new IllegalStateException("Lua library: long strings are not supported");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
