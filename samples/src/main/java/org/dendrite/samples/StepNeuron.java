package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/**
 * McCulloch and Pitts' threshold unit: {@code y = step(w·x + b)}, 1 if {@code w·x + b >= 0}. STEP
 * has no gradient, so the checker allows it only as the single output of a perceptron.
 */
@Network(loss = Loss.PERCEPTRON)
abstract class StepNeuron {
  @Input(2)
  Layer x;

  @Dense(units = 1, activation = Activation.STEP)
  Layer y;
}
