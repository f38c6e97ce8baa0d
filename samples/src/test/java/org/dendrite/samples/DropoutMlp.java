package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Dropout;
import org.dendrite.annotation.Flatten;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/** A small Fashion-MNIST classifier with dropout, for resume and determinism tests. */
@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
abstract class DropoutMlp {
  @Input({28, 28})
  Layer image;

  @Flatten
  Layer flat;

  @Dense(units = 64, activation = Activation.RELU)
  Layer hidden;

  @Dropout(rate = 0.3f)
  Layer drop;

  @Dense(units = 10, activation = Activation.SOFTMAX)
  Layer output;
}
