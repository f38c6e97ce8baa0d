package org.dendrite.compiler.ir;

import java.util.Locale;
import java.util.Set;

/**
 * Naming conventions shared by the checker and the code generator: which Java names a layer may
 * have, and the public names every generated class declares.
 */
public final class Names {
  private Names() {}

  /** Java's reserved words and literals: no layer may be called so. */
  public static final Set<String> JAVA_KEYWORDS =
      Set.of(
          "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class",
          "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
          "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
          "interface", "long", "native", "new", "package", "private", "protected", "public",
          "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
          "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false",
          "null", "_", "var", "yield", "record", "sealed", "permits", "non-sealed");

  /**
   * The methods of {@code org.dendrite.runtime.Model}: a layer with one of these names would read
   * as the method ({@code model.parameters} next to {@code model.parameters()}).
   */
  public static final Set<String> MODEL_METHODS =
      Set.of(
          "name", "loss", "inputSize", "outputSize", "targetSize", "parameterCount", "layers",
          "parameters", "gradients", "predict", "predictBatch", "computeGradients",
          "newBatchPass", "summary", "seed", "architecture", "save", "loadWeights", "load");

  /** Public constants every generated class declares. */
  public static final Set<String> FIXED_CONSTANTS =
      Set.of("INPUT_SIZE", "OUTPUT_SIZE", "TARGET_SIZE", "PARAMETER_COUNT", "FORWARD_FLOPS",
          "PARAMETER_BYTES", "STATE_COUNT", "SUMMARY", "ARCHITECTURE");

  /** Why {@code name} is not a usable Java identifier, or {@code null} if it is one. */
  public static String whyNotIdentifier(String name) {
    if (name.isEmpty()) {
      return "a name cannot be empty";
    }
    if (JAVA_KEYWORDS.contains(name)) {
      return "it is a Java keyword";
    }
    if (!Character.isJavaIdentifierStart(name.codePointAt(0))) {
      return "a name starts with a letter, '_' or '$'";
    }
    for (int i = 0; i < name.length(); i = name.offsetByCodePoints(i, 1)) {
      if (!Character.isJavaIdentifierPart(name.codePointAt(i))) {
        return "a name has only letters, digits, '_' and '$'";
      }
    }
    return null;
  }

  /** {@code hidden1} → {@code HIDDEN1}, {@code denseLayer} → {@code DENSE_LAYER}. */
  public static String constantCase(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
        sb.append('_');
      }
      sb.append(Character.toUpperCase(c));
    }
    return sb.toString().toUpperCase(Locale.ROOT);
  }

  /** The constant holding the offset of a layer's weight: {@code HIDDEN1_KERNEL}. */
  public static String weightConstant(String layer, String weight) {
    return constantCase(layer) + "_" + weight.toUpperCase(Locale.ROOT);
  }

  /** {@code hidden1} → {@code Hidden1}, for method names such as {@code hidden1Forward}. */
  public static String capitalize(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
