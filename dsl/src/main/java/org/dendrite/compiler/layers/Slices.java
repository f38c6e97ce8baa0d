package org.dendrite.compiler.layers;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.dendrite.compiler.emit.Literals;

/**
 * Decides which layers write their outputs straight into their columns of a concatenation: a
 * layer that can ({@link LayerUnit#writesIntoSlice()}), that the concatenation alone reads, once,
 * and whose output rows are the concatenation's blocks (a dense layer's vectors; a convolution's
 * pixels, joined along the channels). Each saves the concatenation's copy of its outputs in the forward pass and the copy of
 * its gradient in the backward pass; the others keep their buffers and are copied.
 */
public final class Slices {
  private Slices() {}

  /**
   * The slices of the layers of {@code layers} that write into a concatenation.
   *
   * @param excluded layers that must keep their own buffers (the layer whose products a trainer
   *     may compute)
   */
  public static Map<LayerUnit<?>, Slice> plan(List<LayerUnit<?>> layers, PassScope pass,
      Predicate<LayerUnit<?>> excluded) {
    Map<LayerUnit<?>, Integer> readers = new HashMap<>();
    for (LayerUnit<?> layer : layers) {
      for (LayerUnit<?> in : layer.inputs()) {
        readers.merge(in, 1, Integer::sum);
      }
    }
    Map<LayerUnit<?>, Slice> slices = new HashMap<>();
    for (LayerUnit<?> layer : layers) {
      if (!(layer instanceof ConcatenateUnit concat)) {
        continue;
      }
      for (int j = 0; j < concat.inputs().size(); j++) {
        LayerUnit<?> producer = concat.inputs().get(j);
        if (producer.writesIntoSlice() && readers.get(producer) == 1 && !producer.isOutput()
            && producer.sliceRowsPerSample() == concat.rowsPerSample()
            && !excluded.test(producer)) {
          slices.put(producer, new Slice(concat, pass.name(concat, ""),
              concat.carriesGradient() ? pass.name(concat, "Grad") : null, concat.column(j),
              concat.rowsPerSample() == 1 ? pass.size(concat)
                  : Literals.of(concat.blockWidth())));
        }
      }
    }
    return slices;
  }
}
