package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Pooling over a channels-last input {@code (height, width, channels)}: the mean of each window,
 * per channel (with {@link Padding#SAME}, of the values inside the input only, as Keras does).
 * The output has {@code (OH, OW, channels)} values, sized as a {@link Conv2D}'s.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface AvgPool2D {
  /** The window's height and width. */
  int[] pool();

  /** The window's steps down and across; empty (the default) means the window's size. */
  int[] strides() default {};

  /** Whether the input is padded. */
  Padding padding() default Padding.VALID;

  /**
   * Explicit padding around the input, {@code {top, bottom, left, right}}, as PyTorch's {@code
   * padding} with {@code count_include_pad=False} and ONNX's {@code pads}: each window averages
   * the values inside the input. Each is 0 or more and smaller than the pool along its axis;
   * empty (the default) for none but {@link #padding()}'s, which must then stay {@link
   * Padding#VALID}.
   */
  int[] pads() default {};

  /**
   * The name of the layer field this layer reads; empty (the default) for the layer declared just
   * before it. The layer must be declared before this one: {@code @Dense(units = 64, from =
   * "stem")} starts a branch at {@code stem}.
   */
  String from() default "";
}
