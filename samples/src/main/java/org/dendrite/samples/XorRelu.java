package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/**
 * XOR's smallest network, 2-2-1, with ReLU hidden units and a linear output trained with the
 * mean squared error, as in Goodfellow et al.'s "Learning XOR". A ReLU unit whose input is
 * negative on all four samples has no gradient and stays dead.
 */
@Network(loss = Loss.MSE)
abstract class XorRelu {
  @Input(2)
  Layer x;

  @Dense(units = 2, activation = Activation.RELU)
  Layer hidden;

  @Dense(units = 1, activation = Activation.LINEAR)
  Layer out;
}
