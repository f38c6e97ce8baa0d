package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Conv2D;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Dropout;
import org.dendrite.annotation.Flatten;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.MaxPool2D;
import org.dendrite.annotation.Network;
import org.dendrite.runtime.Layer;

/**
 * Keras' example convnet on Fashion-MNIST: two 3×3 ReLU convolutions of 32 and 64 filters, each
 * followed by 2×2 max pooling, then dropout and a softmax over the ten classes (28 → 26 → 13 →
 * 11 → 5 pixels a side; 1,600 features reach the softmax). javac generates
 * {@code CompiledFashionCnn} from it.
 */
@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
abstract class FashionCnn {
  @Input({28, 28, 1})
  Layer image;

  @Conv2D(filters = 32, kernel = {3, 3}, activation = Activation.RELU)
  Layer conv1;

  @MaxPool2D(pool = {2, 2})
  Layer pool1;

  @Conv2D(filters = 64, kernel = {3, 3}, activation = Activation.RELU)
  Layer conv2;

  @MaxPool2D(pool = {2, 2})
  Layer pool2;

  @Flatten
  Layer flat;

  @Dropout(rate = 0.5f)
  Layer drop;

  @Dense(units = 10, activation = Activation.SOFTMAX)
  Layer output;
}
