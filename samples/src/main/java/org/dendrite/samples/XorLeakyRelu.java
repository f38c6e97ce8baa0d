package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/**
 * {@link XorRelu} with leaky ReLU hidden units: below zero they keep a slope of 0.5, the value the
 * textbook suggests, so they always pass a gradient and cannot die.
 */
@Network(loss = Loss.MSE)
abstract class XorLeakyRelu {
  @Input(2)
  Layer x;

  @Dense(units = 2, activation = Activation.LEAKY_RELU, alpha = 0.5f)
  Layer hidden;

  @Dense(units = 1, activation = Activation.LINEAR)
  Layer out;
}
