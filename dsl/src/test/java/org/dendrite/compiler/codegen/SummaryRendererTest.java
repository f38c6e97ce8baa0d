package org.dendrite.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dendrite.compiler.ir.Activation;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.plan.Planner;
import org.dendrite.compiler.testing.NetworkBuilder;
import org.junit.jupiter.api.Test;

/** The Keras-style summary table. */
class SummaryRendererTest {
  @Test
  void kerasFiguresFor784To128To10() {
    String summary = SummaryRenderer.render(Planner.plan(NetworkBuilder.network("p", "Small")
        .loss(LossKind.SPARSE_CATEGORICAL_CROSSENTROPY)
        .input("image", 28, 28).flatten("flat")
        .dense("hidden", 128, Activation.RELU)
        .dense("output", 10, Activation.SOFTMAX).build()));
    assertTrue(summary.startsWith("Model: \"Small\"\n"), summary);
    assertTrue(summary.contains(" image (Input)               (None, 28, 28)            0\n"),
        summary);
    assertTrue(summary.contains(" flat (Flatten)              (None, 784)               0\n"),
        summary);
    assertTrue(summary.contains(" hidden (Dense)              (None, 128)               100,480\n"),
        summary);
    assertTrue(summary.contains(" output (Dense)              (None, 10)                1,290\n"),
        summary);
    assertTrue(summary.contains("Total params: 101,770 (397.54 KB)\n"), summary);
    assertTrue(summary.contains("Non-trainable params: 0 (0.00 B)\n"), summary);
  }

  @Test
  void longNamesWidenTheColumns() {
    String name = "a_rather_long_layer_name_for_a_dense_layer";
    String summary = SummaryRenderer.render(Planner.plan(NetworkBuilder.network("p", "Wide")
        .input("x", 3).dense(name, 2, Activation.LINEAR).build()));
    String row = summary.lines().filter(l -> l.contains(name)).findFirst().orElseThrow();
    assertTrue(row.contains(name + " (Dense)  "), row);
    assertEquals(summary.lines().filter(l -> l.startsWith("=")).count(), 2);
  }

  @Test
  void bytesUseKerasUnits() {
    assertEquals("1.02 MB", SummaryRenderer.bytes(1_066_440));
    assertEquals("512.00 B", SummaryRenderer.bytes(512));
    assertEquals("1.00 KB", SummaryRenderer.bytes(1024));
  }
}
