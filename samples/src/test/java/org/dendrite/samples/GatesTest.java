package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code gates} sample: the four truth tables from hand-set step neurons. */
class GatesTest {
  @Test
  void allFourTruthTablesAreRight() {
    GatesCommand sample = new GatesCommand();
    String out = MainTest.captureOut(() -> assertEquals(0, new CommandLine(sample).execute()));
    // Rows in the order (0,0), (0,1), (1,0), (1,1).
    assertArrayEquals(new int[] {0, 0, 0, 1}, sample.tables.get("AND"), "AND");
    assertArrayEquals(new int[] {1, 1, 1, 0}, sample.tables.get("NAND"), "NAND");
    assertArrayEquals(new int[] {0, 1, 1, 1}, sample.tables.get("OR"), "OR");
    assertArrayEquals(new int[] {0, 1, 1, 0}, sample.tables.get("XOR"), "XOR");
    assertEquals(List.of("AND", "NAND", "OR", "XOR"), List.copyOf(sample.tables.keySet()));
    assertTrue(out.contains(" 1  1 |    1    0    1    0"), out);
  }

  @Test
  void weightsAreTheOnesSetThroughTheLayerHandle() {
    CompiledStepNeuron or = GatesCommand.gate(1f, 1f, -0.9f);
    assertArrayEquals(new float[] {1f, 1f, -0.9f}, or.parameters());
    // One input alone clears OR's threshold but not AND's.
    assertEquals(1f, or.predict(new float[] {0, 1})[0]);
    assertEquals(0f, GatesCommand.gate(0.5f, 0.5f, -0.9f).predict(new float[] {0, 1})[0]);
  }
}
