package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The element-wise sum of two or more layers of the same shape (Keras' {@code Add}): a residual
 * connection adds a block's input to its output, {@code @Add({"conv2", "stem"})}. Each name is a
 * layer field declared before this one; the compiler reports a name that is not, and inputs of
 * different shapes, naming every input and its shape.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Add {
  /** The names of the layer fields added; at least two. */
  String[] value();
}
