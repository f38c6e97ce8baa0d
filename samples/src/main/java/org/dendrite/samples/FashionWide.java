package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Flatten;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/** One wide hidden layer of 512 ReLU units: the network of the textbook's stopping callback. */
@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
abstract class FashionWide {
  @Input({28, 28})
  Layer image;

  @Flatten
  Layer flat;

  @Dense(units = 512, activation = Activation.RELU)
  Layer hidden;

  @Dense(units = 10, activation = Activation.SOFTMAX)
  Layer output;
}
