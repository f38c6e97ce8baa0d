package org.dendrite.compiler.diag;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Text helpers for messages: "did you mean …?" suggestions and number formatting. */
public final class Strings {
  private Strings() {}

  /**
   * The candidate closest to {@code word} by edit distance (case-insensitive, a swap of two
   * neighbouring letters counting as one edit, so that {@code rleu} finds {@code relu}), if it is
   * close enough to be a likely typo: at most a third of the word's length, and at least 1.
   */
  public static Optional<String> closest(String word, Collection<String> candidates) {
    String lower = word.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    int allowed = Math.max(1, word.length() / 3);
    for (String c : candidates) {
      if (Math.abs(c.length() - word.length()) > allowed) {
        continue; // too far apart to be a typo; spares the distance of a very long word
      }
      int d = typoDistance(lower, c.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  /** The Levenshtein distance: insertions, deletions and substitutions. */
  public static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * The optimal-string-alignment distance: Levenshtein's edits plus the transposition of two
   * adjacent characters, the commonest typo.
   */
  public static int typoDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** {@code 266610} as {@code 266,610}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A shape as {@code 28×28}. */
  public static String shape(int[] shape) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      sb.append(i == 0 ? "" : "×").append(shape[i]);
    }
    return sb.toString();
  }
}
