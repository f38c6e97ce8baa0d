package org.dendrite.samples;

import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/** One linear neuron, {@code y = w·x + b}: the textbook's first network. */
@Network(loss = Loss.MSE)
abstract class LinearNeuron {
  @Input(1)
  Layer x;

  @Dense(units = 1)
  Layer y;
}
