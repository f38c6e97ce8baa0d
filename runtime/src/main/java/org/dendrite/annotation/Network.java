package org.dendrite.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a neural network. The annotated class must be non-final, non-private, and have a
 * no-argument constructor; its fields of type {@link org.dendrite.runtime.Layer} carrying a layer
 * annotation ({@link Input}, {@link Flatten}, {@link Dense}, {@link Dropout}) are the layers, in
 * declaration order. The Dendrite annotation processor checks every shape at compile time and
 * generates {@code Compiled<ClassName>}, a subclass implementing {@link org.dendrite.runtime.Model}.
 *
 * <pre>{@code
 * @Network(loss = Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
 * abstract class FashionMlp {
 *   @Input({28, 28})                                   Layer image;
 *   @Flatten                                           Layer flat;
 *   @Dense(units = 300, activation = Activation.RELU)  Layer hidden1;
 *   @Dense(units = 10, activation = Activation.SOFTMAX) Layer output;
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS) // CLASS, not SOURCE: Gradle's incremental processing needs it.
@Target(ElementType.TYPE)
public @interface Network {
  /** The loss minimised by training; it must agree with the output layer's activation. */
  Loss loss();

  /**
   * The names of the classes the outputs stand for, in output order: the generated class gets an
   * enum {@code Label} of them and {@code predictClass(input)} / {@code predictClasses(inputs,
   * count)} returning it. One name per output unit (two for a single sigmoid unit: the class of
   * 0, then of 1); the compiler rejects another count.
   */
  String[] classes() default {};

  /**
   * The names of the outputs, in order, for a network whose outputs are values (a regression):
   * read by name with {@link org.dendrite.runtime.Model#output}, and as constants
   * {@code OUTPUT_<NAME>} of the generated class. One name per output unit.
   */
  String[] outputs() default {};
}
