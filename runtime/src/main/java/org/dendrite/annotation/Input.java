package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The network's input: one sample has the given shape, e.g. {@code @Input({28, 28})} for a
 * grey-scale image. Samples are passed to the model as flat {@code float} arrays in row-major
 * order. Exactly one {@code @Input} is allowed and it must be the first layer field.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Input {
  /** The dimensions of one sample, outermost first; every dimension is positive. */
  int[] value();
}
