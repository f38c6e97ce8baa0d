package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Conv2D;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Flatten;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.MaxPool2D;
import org.dendrite.annotation.Network;
import org.dendrite.annotation.Padding;
import org.dendrite.runtime.Layer;

/**
 * LeNet-5 as it is trained today, with ReLU and max pooling: a 5×5 convolution of 6 filters with
 * SAME padding (LeCun's 32×32 input is 28×28 padded by 2), 2×2 pooling, a 5×5 convolution of 16
 * filters, 2×2 pooling, and dense layers of 120, 84 and 10 units; 61,706 parameters. The peers'
 * {@code torch_cnn.py --models lenet5} is the same network.
 */
@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
abstract class LeNet5 {
  @Input({28, 28, 1})
  Layer image;

  @Conv2D(filters = 6, kernel = {5, 5}, padding = Padding.SAME, activation = Activation.RELU)
  Layer conv1;

  @MaxPool2D(pool = {2, 2})
  Layer pool1;

  @Conv2D(filters = 16, kernel = {5, 5}, activation = Activation.RELU)
  Layer conv2;

  @MaxPool2D(pool = {2, 2})
  Layer pool2;

  @Flatten
  Layer flat;

  @Dense(units = 120, activation = Activation.RELU)
  Layer fc1;

  @Dense(units = 84, activation = Activation.RELU)
  Layer fc2;

  @Dense(units = 10, activation = Activation.SOFTMAX)
  Layer output;
}
