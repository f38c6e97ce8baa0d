package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/** XOR: not linearly separable, so it needs the hidden layer. */
@Network(loss = Loss.BINARY_CROSSENTROPY)
abstract class Xor {
  @Input(2)
  Layer x;

  @Dense(units = 8, activation = Activation.TANH)
  Layer hidden;

  @Dense(units = 1, activation = Activation.SIGMOID)
  Layer out;
}
