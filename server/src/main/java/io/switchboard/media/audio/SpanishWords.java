package io.switchboard.media.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Spanish numbers: 0–29 are single words ("veintitrés"), then tens joined with "y" ("treinta y cinco"); "cien" alone,
 * "ciento" before more ("ciento uno"); "mil" without "un". Before a masculine noun ({@link #count}) "uno" becomes
 * "un" ("un minuto", "veintiún minutos", "treinta y un minutos"). File names are ASCII ("veintitres"); the
 * recordings carry the accents.
 */
final class SpanishWords implements PromptWords {
  private static final String[] BELOW_30 = {"cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho",
      "nueve", "diez", "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete", "dieciocho",
      "diecinueve", "veinte", "veintiuno", "veintidos", "veintitres", "veinticuatro", "veinticinco", "veintiseis",
      "veintisiete", "veintiocho", "veintinueve"};
  private static final String[] TENS = {"", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta",
      "ochenta", "noventa"};
  private static final String[] HUNDREDS = {"", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos",
      "seiscientos", "setecientos", "ochocientos", "novecientos"};

  @Override
  public List<String> number(int n) {
    return words(n, false);
  }

  @Override
  public List<String> count(int n) {
    return words(n, true);
  }

  private static List<String> words(int n, boolean beforeNoun) {
    PromptWords.checkRange(n);
    if (n == 0) {
      return List.of("cero");
    }
    List<String> out = new ArrayList<>();
    int thousands = n / 1000;
    if (thousands == 1) {
      out.add("mil");
    } else if (thousands > 1) {
      out.addAll(below1000(thousands, true));  // "veintiún mil"
      out.add("mil");
    }
    out.addAll(below1000(n % 1000, beforeNoun));
    return out;
  }

  private static List<String> below1000(int n, boolean beforeNoun) {
    List<String> out = new ArrayList<>();
    int hundreds = n / 100;
    int rest = n % 100;
    if (hundreds == 1 && rest == 0) {
      out.add("cien");
      return out;
    }
    if (hundreds > 0) {
      out.add(HUNDREDS[hundreds]);
    }
    if (rest == 0) {
      return out;
    }
    if (rest < 30) {
      out.add(apocope(BELOW_30[rest], beforeNoun));
    } else {
      out.add(TENS[rest / 10]);
      if (rest % 10 > 0) {
        out.add("y");
        out.add(apocope(BELOW_30[rest % 10], beforeNoun));
      }
    }
    return out;
  }

  private static String apocope(String word, boolean beforeNoun) {
    if (!beforeNoun) {
      return word;
    }
    return switch (word) {
      case "uno" -> "un";
      case "veintiuno" -> "veintiun";
      default -> word;
    };
  }
}
