package org.dendrite.compiler.emit;

import java.util.Locale;

/** Number literals as generated code spells them: {@code 266_610}, {@code 0.2f}, {@code 1f}. */
public final class Literals {
  private Literals() {}

  /** An int literal, with {@code _} between thousands from five digits up. */
  public static String of(long n) {
    String digits = Long.toString(Math.abs(n));
    if (digits.length() < 5) {
      return Long.toString(n);
    }
    StringBuilder sb = new StringBuilder();
    int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    sb.append(digits, 0, lead);
    for (int i = lead; i < digits.length(); i += 3) {
      sb.append('_').append(digits, i, i + 3);
    }
    return (n < 0 ? "-" : "") + sb;
  }

  /** A long literal: {@link #of(long)} with an {@code L}. */
  public static String ofLong(long n) {
    return of(n) + "L";
  }

  /** A float literal that reads back as exactly {@code f}: {@code 0.2f}. */
  public static String of(float f) {
    if (f == (int) f && Math.abs(f) < 1e7f && !(f == 0 && 1 / f < 0)) {
      return (int) f + "f"; // 1f rather than 1.0f
    }
    return Float.toString(f).toLowerCase(Locale.ROOT) + "f";
  }

  /** {@code [784][300]}, for comments. */
  public static String dims(int... dims) {
    StringBuilder sb = new StringBuilder();
    for (int d : dims) {
      sb.append('[').append(d).append(']');
    }
    return sb.toString();
  }
}
