package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reshapes the previous layer's output to one dimension (28×28 becomes 784). It costs nothing at
 * run time: samples are already stored flat, in row-major order.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Flatten {
  /**
   * The name of the layer field this layer reads; empty (the default) for the layer declared just
   * before it. The layer must be declared before this one: {@code @Dense(units = 64, from =
   * "stem")} starts a branch at {@code stem}.
   */
  String from() default "";
}
