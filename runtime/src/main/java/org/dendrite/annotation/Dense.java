package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer: {@code output = activation(input · kernel + bias)}, with the kernel
 * stored as {@code [inputs][units]} (Keras' layout) inside the model's flat parameter array. The
 * input must be one-dimensional; put a {@link Flatten} before a {@code @Dense} that follows a
 * multi-dimensional {@link Input}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dense {
  /** The number of output units; positive. */
  int units();

  /** The activation applied to {@code input · kernel + bias}. */
  Activation activation() default Activation.LINEAR;

  /** Whether the layer has a bias vector. */
  boolean useBias() default true;

  /** How the kernel is initialised; {@link Init#AUTO} picks by activation. Biases start at zero. */
  Init init() default Init.AUTO;

  /** The negative slope of {@link Activation#LEAKY_RELU}; ignored by other activations. */
  float alpha() default 0.2f;

  /** L1 regularisation of the kernel: {@code l1 · Σ|w|} is added to the loss. */
  float l1() default 0f;

  /** L2 regularisation of the kernel: {@code l2 · Σw²} is added to the loss. */
  float l2() default 0f;

  /**
   * The name of the layer field this layer reads; empty (the default) for the layer declared just
   * before it. The layer must be declared before this one: {@code @Dense(units = 64, from =
   * "stem")} starts a branch at {@code stem}.
   */
  String from() default "";
}
