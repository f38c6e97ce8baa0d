package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Inverted dropout: during training each value of the previous layer's output is zeroed with
 * probability {@code rate} and the survivors are scaled by {@code 1 / (1 - rate)}; at inference the
 * layer does nothing (and generates no code). The masks are drawn from the training seed, so
 * training stays reproducible.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Dropout {
  /** The probability of dropping a value, in [0, 1). */
  float rate();

  /**
   * The name of the layer field this layer reads; empty (the default) for the layer declared just
   * before it. The layer must be declared before this one: {@code @Dense(units = 64, from =
   * "stem")} starts a branch at {@code stem}.
   */
  String from() default "";
}
