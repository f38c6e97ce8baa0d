package org.dendrite.compiler.layers;

/**
 * Hands out the places of tensors in the flat parameter and state arrays, in the order layers ask
 * for them: declaration order, each layer's tensors in its own order.
 */
public final class Layout {
  private int parameters;
  private int state;

  /** The length of the parameter array so far. */
  public int parameterCount() {
    return parameters;
  }

  /** The length of the state array so far. */
  public int stateCount() {
    return state;
  }

  int allocate(boolean trainable, int size) {
    int offset = trainable ? parameters : state;
    long end = (long) offset + size;
    if (end > Integer.MAX_VALUE) {
      throw new IllegalStateException("the arrays overflow: the checker lets no such network pass");
    }
    if (trainable) {
      parameters = (int) end;
    } else {
      state = (int) end;
    }
    return offset;
  }
}
