package org.dendrite.compiler.layers;

import org.dendrite.compiler.ir.Names;
import org.dendrite.compiler.ir.Shape;

/**
 * A named tensor of a layer, with its place in the model's flat parameter array (trainable) or
 * state array (moving averages): {@code hidden1.kernel}, {@code [784][300]} from offset 0.
 *
 * @param layer the layer's name
 * @param name the tensor's name within the layer: {@code kernel}
 * @param shape its dimensions, row-major
 * @param offset its first index in its array
 * @param l1 its L1 penalty factor (0 for none)
 * @param l2 its L2 penalty factor (0 for none)
 * @param trainable whether it lives in the parameters (else in the state)
 */
public record Tensor(String layer, String name, Shape shape, int offset, float l1, float l2,
    boolean trainable) {
  /** The name weight files use: {@code hidden1.kernel}. */
  public String qualifiedName() {
    return layer + "." + name;
  }

  /** The generated constant holding its offset: {@code HIDDEN1_KERNEL}. */
  public String constant() {
    return Names.weightConstant(layer, name);
  }

  /** The number of values. */
  public int size() {
    return shape.intSize();
  }

  /** Whether it carries an L1 or L2 penalty. */
  public boolean penalized() {
    return l1 != 0f || l2 != 0f;
  }
}
