package org.dendrite.compiler.layers;

/**
 * What a layer's emission sees of the generated model class: the names of its members. Every
 * private name is allocated, so that none clashes with a layer's name or an inherited member.
 */
public interface ClassScope {
  /** The static field holding the kernels. */
  String kernels();

  /** The model's parameter array. */
  String parameters();

  /** The model's state array; null if the network has no state. */
  String state();

  /** The model's seed (a field, or the constructor's parameter of the same name). */
  String seed();

  /**
   * The constant of {@code unit}'s output size: {@code HIDDEN1_SIZE}; {@code INPUT_SIZE} and
   * {@code OUTPUT_SIZE} for the first and last layers, and a layer that keeps its input's size
   * shares its input's constant. Generated bodies name their sizes with these.
   */
  String size(LayerUnit<?> unit);
}
