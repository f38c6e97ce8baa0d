package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Init;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/**
 * Rosenblatt's perceptron on two iris features: one step unit trained with the perceptron rule.
 * The weights start at zero, as scikit-learn's {@code Perceptron} starts them.
 */
@Network(loss = Loss.PERCEPTRON)
abstract class IrisPerceptron {
  @Input(2)
  Layer petal;

  @Dense(units = 1, activation = Activation.STEP, init = Init.ZEROS)
  Layer setosa;
}
