package org.dendrite.processor;

import java.util.List;

/** The qualified names of the types the processor reads; it does not load the runtime. */
final class AnnotationNames {
  private AnnotationNames() {}

  static final String PACKAGE = "org.dendrite.annotation";
  static final String NETWORK = PACKAGE + ".Network";
  static final String INPUT = PACKAGE + ".Input";
  static final String FLATTEN = PACKAGE + ".Flatten";
  static final String DENSE = PACKAGE + ".Dense";
  static final String DROPOUT = PACKAGE + ".Dropout";
  static final String BATCH_NORM = PACKAGE + ".BatchNorm";
  static final String LAYER = "org.dendrite.runtime.Layer";

  /** The annotations that declare a layer. */
  static final List<String> LAYERS = List.of(INPUT, FLATTEN, DENSE, DROPOUT, BATCH_NORM);

  /** {@code org.dendrite.annotation.Dense} as {@code @Dense}. */
  static String simple(String qualified) {
    return "@" + qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
