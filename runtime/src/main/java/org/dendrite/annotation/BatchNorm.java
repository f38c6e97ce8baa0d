package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Batch normalisation (Ioffe and Szegedy, 2015) of the last axis, as Keras'
 * {@code BatchNormalization(axis = -1)}: each feature of a flat input, or each channel of an image
 * (over the batch and every pixel), is normalised with the batch's mean and variance during
 * training and with moving averages of them at inference, then scaled by {@code gamma} and
 * shifted by {@code beta} (both trained), then passed through {@link #activation()}. The textbook
 * pattern {@code Dense(activation = LINEAR, useBias = false)} followed by
 * {@code @BatchNorm(activation = RELU)} normalises before the activation.
 *
 * <p>With several training threads, each thread normalises its share of the batch with the
 * share's statistics, and the moving averages follow the share holding the batch's first sample;
 * with one thread this is exactly Keras' behaviour.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface BatchNorm {
  /** The moving averages' momentum: {@code moving = moving · momentum + batch · (1 - momentum)}. */
  float momentum() default 0.99f;

  /** Added to the variance before its square root. */
  float epsilon() default 1e-3f;

  /** The activation applied after the scale and shift. */
  Activation activation() default Activation.LINEAR;

  /** The negative slope of {@link Activation#LEAKY_RELU}; ignored by other activations. */
  float alpha() default 0.2f;

  /**
   * The name of the layer field this layer reads; empty (the default) for the layer declared just
   * before it. The layer must be declared before this one: {@code @Dense(units = 64, from =
   * "stem")} starts a branch at {@code stem}.
   */
  String from() default "";
}
