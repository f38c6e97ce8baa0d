package org.dendrite.compiler.ir;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A declared network: the single intermediate representation both front ends (annotations and
 * {@code .nn} files) produce and the checker, planner and code generator consume. Immutable.
 *
 * @param packageName the Java package of the generated class ({@code ""} for the default package)
 * @param name the network's name (the annotated class's simple name, or the {@code .nn} name)
 * @param generatedName the simple name of the generated class, e.g. {@code CompiledFashionMlp}
 * @param superclass the annotated class the generated class extends; empty for {@code .nn}
 *     networks, whose generated class declares the layer fields itself
 * @param loss the loss the network trains with
 * @param layers the layers in declaration order
 * @param reservedNames member names the generated class must not declare (members it inherits)
 * @param syntax the front end, for the spelling of diagnostics
 * @param origin where the network was declared
 */
public record Network(
    String packageName,
    String name,
    String generatedName,
    Optional<TypeRef> superclass,
    LossKind loss,
    List<LayerNode> layers,
    Set<String> reservedNames,
    Syntax syntax,
    Origin origin) {
  /** Copies the collections. */
  public Network {
    layers = List.copyOf(layers);
    reservedNames = Set.copyOf(reservedNames);
  }

  /** The prefix of generated class names: {@code FashionMlp} becomes {@code CompiledFashionMlp}. */
  public static final String GENERATED_PREFIX = "Compiled";

  /**
   * A reference to a class by package and simple names (outermost first), so that the compiler
   * can name nested classes without javac's types.
   */
  public record TypeRef(String packageName, List<String> simpleNames) {
    /** Copies the names. */
    public TypeRef {
      simpleNames = List.copyOf(simpleNames);
      if (simpleNames.isEmpty()) {
        throw new IllegalArgumentException("a type needs a name");
      }
    }

    /** The canonical name: {@code org.example.Outer.Inner}. */
    public String canonicalName() {
      String names = String.join(".", simpleNames);
      return packageName.isEmpty() ? names : packageName + "." + names;
    }
  }
}
