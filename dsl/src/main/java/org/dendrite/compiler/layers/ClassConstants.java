package org.dendrite.compiler.layers;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;

/** The generated model class while its units declare their private constants. */
public interface ClassConstants extends ClassScope {
  /**
   * Declares a private constant of the generated class for {@code unit}, named {@code
   * <LAYER>_<suffix>} (or an allocated variant): an {@code int} when {@code type} is {@code int},
   * else an object that {@code initializer} creates once.
   *
   * @return the constant's name
   */
  String constant(LayerUnit<?> unit, String suffix, TypeName type, CodeBlock initializer,
      String doc, Object... args);
}
