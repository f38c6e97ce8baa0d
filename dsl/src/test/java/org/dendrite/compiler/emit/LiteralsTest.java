package org.dendrite.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Number literals in generated code. */
class LiteralsTest {
  @Test
  void thousandsSeparatorsFromFiveDigits() {
    assertEquals("0", Literals.of(0));
    assertEquals("9999", Literals.of(9999));
    assertEquals("10_000", Literals.of(10_000));
    assertEquals("266_610", Literals.of(266_610));
    assertEquals("2_147_483_647", Literals.of(Integer.MAX_VALUE));
    assertEquals("-12_345", Literals.of(-12_345));
    assertEquals("532_400L", Literals.ofLong(532_400));
  }

  @Test
  void floatLiteralsReadBackExactly() {
    for (float f : new float[] {0.2f, 0.1f, 1e-7f, 0.3333333f, 5f}) {
      String s = Literals.of(f);
      assertEquals(f, Float.parseFloat(s.substring(0, s.length() - 1)), s);
    }
  }
}
