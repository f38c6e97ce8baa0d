package org.dendrite.samples;

import org.dendrite.annotation.Activate;
import org.dendrite.annotation.Activation;
import org.dendrite.annotation.Add;
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
 * A small residual network on Fashion-MNIST: a 3×3 stem of 16 filters, then two residual blocks
 * (at 14×14 and 7×7 pixels), each two 3×3 convolutions with batch normalisation whose output is
 * added to the block's input before the ReLU (He et al.'s basic block), then a softmax over the
 * ten classes. {@link FashionPlain} is the same network without the two additions. javac
 * generates {@code CompiledFashionResnet} from it, and its diagram beside it.
 */
@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
abstract class FashionResnet {
  @Input({28, 28, 1})
  Layer image;

  // He et al.'s initialisation, as in the ResNet paper; the other layers keep the default.
  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, activation = Activation.RELU,
      init = Init.HE_UNIFORM)
  Layer stem;

  @MaxPool2D(pool = {2, 2})
  Layer pool1;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv1;

  @BatchNorm(activation = Activation.RELU)
  Layer norm1;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv2;

  @BatchNorm
  Layer norm2;

  @Add({"norm2", "pool1"})
  Layer skip1;

  @Activate(Activation.RELU)
  Layer block1;

  @MaxPool2D(pool = {2, 2})
  Layer pool2;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv3;

  @BatchNorm(activation = Activation.RELU)
  Layer norm3;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv4;

  @BatchNorm
  Layer norm4;

  @Add({"norm4", "pool2"})
  Layer skip2;

  @Activate(Activation.RELU)
  Layer block2;

  @Flatten
  Layer flat;

  @Dense(units = 10, activation = Activation.SOFTMAX)
  Layer output;
}
