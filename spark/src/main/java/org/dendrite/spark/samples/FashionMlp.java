package org.dendrite.spark.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Flatten;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/**
 * The Keras book's Fashion-MNIST classifier, 784-300-100-10, as the samples module declares it:
 * javac generates {@code CompiledFashionMlp}, which Spark ships to its executors in the
 * application jar.
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
