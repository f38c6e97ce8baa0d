package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Flatten;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/** A deeper Fashion-MNIST classifier: three ReLU layers narrowing from 512 to 32 units. */
@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
abstract class FashionDeep {
  @Input({28, 28})
  Layer image;

  @Flatten
  Layer flat;

  @Dense(units = 512, activation = Activation.RELU)
  Layer hidden1;

  @Dense(units = 128, activation = Activation.RELU)
  Layer hidden2;

  @Dense(units = 32, activation = Activation.RELU)
  Layer hidden3;

  @Dense(units = 10, activation = Activation.SOFTMAX)
  Layer output;
}
