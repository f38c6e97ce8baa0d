package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/** A regression MLP: ten inputs, two ReLU layers of 64 units, one linear output. */
@Network(loss = Loss.MSE)
abstract class FriedmanMlp {
  @Input(10)
  Layer x;

  @Dense(units = 64, activation = Activation.RELU)
  Layer hidden1;

  @Dense(units = 64, activation = Activation.RELU)
  Layer hidden2;

  @Dense(units = 1)
  Layer y;
}
