package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An activation as a layer of its own (Keras' {@code Activation}), for the ReLU after a residual
 * addition: {@code @Activate(Activation.RELU)}. Its output has its input's shape.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Activate {
  /** The activation applied to each value. */
  Activation value();

  /** The negative slope of {@link Activation#LEAKY_RELU}; ignored by other activations. */
  float alpha() default 0.2f;

  /**
   * The name of the layer field this layer reads; empty (the default) for the layer declared just
   * before it.
   */
  String from() default "";
}
