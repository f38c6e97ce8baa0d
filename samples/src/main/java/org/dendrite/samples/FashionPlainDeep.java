package org.dendrite.samples;

import org.dendrite.annotation.Activation;
import org.dendrite.annotation.BatchNorm;
import org.dendrite.annotation.Conv2D;
import org.dendrite.annotation.Dense;
import org.dendrite.annotation.Flatten;
import org.dendrite.annotation.Init;
import org.dendrite.annotation.Input;
import org.dendrite.annotation.Loss;
import org.dendrite.annotation.MaxPool2D;
import org.dendrite.annotation.Network;
import org.dendrite.annotation.Padding;
import org.dendrite.runtime.Layer;

/**
 * {@link FashionResnetDeep} without its skip connections: the same seventeen convolutions and
 * weights, each block's output passed on without its input added, so that what the skips bring
 * can be measured at this depth.
 */
@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
abstract class FashionPlainDeep {
  @Input({28, 28, 1})
  Layer image;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, activation = Activation.RELU,
      init = Init.HE_UNIFORM)
  Layer stem;

  @MaxPool2D(pool = {2, 2})
  Layer pool1; // 14×14×16

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv1;

  @BatchNorm(activation = Activation.RELU)
  Layer norm1;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv2;

  @BatchNorm(activation = Activation.RELU)
  Layer norm2;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv3;

  @BatchNorm(activation = Activation.RELU)
  Layer norm3;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv4;

  @BatchNorm(activation = Activation.RELU)
  Layer norm4;

  @MaxPool2D(pool = {2, 2})
  Layer pool2; // 7×7×16

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv5;

  @BatchNorm(activation = Activation.RELU)
  Layer norm5;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv6;

  @BatchNorm(activation = Activation.RELU)
  Layer norm6;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv7;

  @BatchNorm(activation = Activation.RELU)
  Layer norm7;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv8;

  @BatchNorm(activation = Activation.RELU)
  Layer norm8;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv9;

  @BatchNorm(activation = Activation.RELU)
  Layer norm9;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv10;

  @BatchNorm(activation = Activation.RELU)
  Layer norm10;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv11;

  @BatchNorm(activation = Activation.RELU)
  Layer norm11;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv12;

  @BatchNorm(activation = Activation.RELU)
  Layer norm12;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv13;

  @BatchNorm(activation = Activation.RELU)
  Layer norm13;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv14;

  @BatchNorm(activation = Activation.RELU)
  Layer norm14;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv15;

  @BatchNorm(activation = Activation.RELU)
  Layer norm15;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv16;

  @BatchNorm(activation = Activation.RELU)
  Layer norm16;

  @Flatten
  Layer flat;

  @Dense(units = 10, activation = Activation.SOFTMAX)
  Layer output;
}
