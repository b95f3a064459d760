package io.atrium.sharding.jobs.topk;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * The words of a text: maximal runs of letters and digits (any script), lower-cased with the root
 * locale so that the count does not depend on the node's locale. Everything else separates words.
 */
final class Words {

  private Words() {}

  static void forEach(String text, Consumer<String> word) {
    int start = -1;
    int i = 0;
    while (i <= text.length()) {
      int codePoint = i < text.length() ? text.codePointAt(i) : ' ';
      boolean inWord = Character.isLetterOrDigit(codePoint);
      if (inWord && start < 0) {
        start = i;
      } else if (!inWord && start >= 0) {
        word.accept(text.substring(start, i).toLowerCase(Locale.ROOT));
        start = -1;
      }
      i += i < text.length() ? Character.charCount(codePoint) : 1;
    }
  }
}
