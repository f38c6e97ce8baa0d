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
 * A deeper residual network on Fashion-MNIST, where skip connections matter: the 3×3 stem of
 * {@link FashionResnet}, then two basic blocks at 14×14 pixels and six at 7×7 (seventeen 3×3
 * convolutions in all, each block's two with batch normalisation, its input added before the
 * ReLU), then a softmax over the ten classes. {@link FashionPlainDeep} is the same network without
 * the eight additions. javac generates {@code CompiledFashionResnetDeep} and its diagram.
 */
@Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
abstract class FashionResnetDeep {
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

  @BatchNorm
  Layer norm2;

  @Add({"norm2", "pool1"})
  Layer skip1;

  @Activate(Activation.RELU)
  Layer block1;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv3;

  @BatchNorm(activation = Activation.RELU)
  Layer norm3;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv4;

  @BatchNorm
  Layer norm4;

  @Add({"norm4", "block1"})
  Layer skip2;

  @Activate(Activation.RELU)
  Layer block2;

  @MaxPool2D(pool = {2, 2})
  Layer pool2; // 7×7×16

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv5;

  @BatchNorm(activation = Activation.RELU)
  Layer norm5;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv6;

  @BatchNorm
  Layer norm6;

  @Add({"norm6", "pool2"})
  Layer skip3;

  @Activate(Activation.RELU)
  Layer block3;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv7;

  @BatchNorm(activation = Activation.RELU)
  Layer norm7;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv8;

  @BatchNorm
  Layer norm8;

  @Add({"norm8", "block3"})
  Layer skip4;

  @Activate(Activation.RELU)
  Layer block4;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv9;

  @BatchNorm(activation = Activation.RELU)
  Layer norm9;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv10;

  @BatchNorm
  Layer norm10;

  @Add({"norm10", "block4"})
  Layer skip5;

  @Activate(Activation.RELU)
  Layer block5;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv11;

  @BatchNorm(activation = Activation.RELU)
  Layer norm11;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv12;

  @BatchNorm
  Layer norm12;

  @Add({"norm12", "block5"})
  Layer skip6;

  @Activate(Activation.RELU)
  Layer block6;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv13;

  @BatchNorm(activation = Activation.RELU)
  Layer norm13;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv14;

  @BatchNorm
  Layer norm14;

  @Add({"norm14", "block6"})
  Layer skip7;

  @Activate(Activation.RELU)
  Layer block7;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv15;

  @BatchNorm(activation = Activation.RELU)
  Layer norm15;

  @Conv2D(filters = 16, kernel = {3, 3}, padding = Padding.SAME, useBias = false)
  Layer conv16;

  @BatchNorm
  Layer norm16;

  @Add({"norm16", "block7"})
  Layer skip8;

  @Activate(Activation.RELU)
  Layer block8;

  @Flatten
  Layer flat;

  @Dense(units = 10, activation = Activation.SOFTMAX)
  Layer output;
}
