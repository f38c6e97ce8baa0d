package org.dendrite.processor;

import java.util.Arrays;
import java.util.List;
import org.dendrite.compiler.ir.LayerKind;

/** The qualified names of the types the processor reads; it does not load the runtime. */
final class AnnotationNames {
  private AnnotationNames() {}

  static final String PACKAGE = LayerKind.ANNOTATIONS;
  static final String NETWORK = PACKAGE + ".Network";
  static final String LAYER = "org.dendrite.runtime.Layer";

  /** The annotations that declare a layer: one per layer kind. */
  static final List<String> LAYERS =
      Arrays.stream(LayerKind.values()).map(LayerKind::annotation).toList();

  /** {@code org.dendrite.annotation.Dense} as {@code @Dense}. */
  static String simple(String qualified) {
    return "@" + qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
