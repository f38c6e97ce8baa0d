package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/**
 * A classifier of the three iris species from the four measurements: one hidden layer of 16
 * units. Its classes make the generated class's {@code Label} enum and {@code predictClass}.
 */
@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY,
    classes = {"setosa", "versicolor", "virginica"})
abstract class IrisMlp {
  @Input(4)
  Layer measurements;

  @Dense(units = 16, activation = Activation.RELU)
  Layer hidden;

  @Dense(units = 3, activation = Activation.SOFTMAX)
  Layer species;
}
