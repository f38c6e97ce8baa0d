package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Flatten;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/**
 * The Keras book's Fashion-MNIST classifier: 28×28 pixels, two ReLU layers of 300 and 100 units,
 * a softmax over the ten classes. javac generates {@code CompiledFashionMlp} from it.
 */
@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
abstract class FashionMlp {
  @Input({28, 28})
  Layer image;

  @Flatten
  Layer flat;

  @Dense(units = 300, activation = Activation.RELU)
  Layer hidden1;

  @Dense(units = 100, activation = Activation.RELU)
  Layer hidden2;

  @Dense(units = 10, activation = Activation.SOFTMAX)
  Layer output;
}
