package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Two or more layers joined along one axis (Keras' {@code Concatenate}):
 * {@code @Concatenate({"left", "right"})} joins two flat layers of 32 and 16 values into 48, or
 * two images of 8 and 16 channels into 24 channels (the last axis, by default). The shapes must
 * agree on every other axis.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Concatenate {
  /** The names of the layer fields joined, in order; at least two. */
  String[] value();

  /** The axis joined: 0 is the outermost dimension of a sample, -1 (the default) the last. */
  int axis() default -1;
}
