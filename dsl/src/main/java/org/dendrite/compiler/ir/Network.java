package org.dendrite.compiler.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A declared network: the single intermediate representation both front ends (annotations and
 * {@code .nn} files) produce and the checker, planner and code generator consume. Immutable.
 *
 * <p>The shape of every layer's output is a property of the network, inferred once, when it is
 * built, from each layer's shape rule ({@link LayerNode#outputShape}).
 */
public final class Network {
  /** The prefix of generated class names: {@code FashionMlp} becomes {@code CompiledFashionMlp}. */
  public static final String GENERATED_PREFIX = "Compiled";

  /** {@code @Network(loss, classes, outputs)}. */
  public static final List<Attribute> ATTRIBUTES = List.of(Attribute.required("loss",
      AttributeType.LOSS, "loss = sparse_categorical_crossentropy"),
      Attribute.optional("classes", AttributeType.STRINGS, List.of(),
          "classes = [\"cat\", \"dog\"]"),
      Attribute.optional("outputs", AttributeType.STRINGS, List.of(),
          "outputs = [\"price\"]"));

  private final String packageName;
  private final String name;
  private final String generatedName;
  private final Optional<TypeRef> superclass;
  private final LossKind loss;
  // Set by withOutputNames on a new instance only, before it is shared: effectively final.
  private List<String> classes = List.of();
  private List<String> outputNames = List.of();
  private final List<LayerNode> layers;
  private final Set<String> reservedNames;
  private final Syntax syntax;
  private final Origin origin;
  private final List<Shape> shapes;
  private final List<List<Integer>> wiring;
  private final List<List<Integer>> readers;

  /**
   * A network.
   *
   * @param packageName the Java package of the generated class ({@code ""} for the default
   *     package)
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
  public Network(String packageName, String name, String generatedName,
      Optional<TypeRef> superclass, LossKind loss, List<LayerNode> layers,
      Set<String> reservedNames, Syntax syntax, Origin origin) {
    this.packageName = Objects.requireNonNull(packageName);
    this.name = Objects.requireNonNull(name);
    this.generatedName = Objects.requireNonNull(generatedName);
    this.superclass = Objects.requireNonNull(superclass);
    this.loss = Objects.requireNonNull(loss);
    this.layers = List.copyOf(layers);
    this.reservedNames = Set.copyOf(reservedNames);
    this.syntax = Objects.requireNonNull(syntax);
    this.origin = Objects.requireNonNull(origin);
    List<Shape> out = new ArrayList<>();
    List<List<Integer>> wiring = new ArrayList<>();
    List<List<Integer>> readers = new ArrayList<>();
    Map<String, Integer> declared = new HashMap<>();
    for (int i = 0; i < this.layers.size(); i++) {
      LayerNode layer = this.layers.get(i);
      List<Integer> in = new ArrayList<>();
      boolean resolved = true;
      if (layer.inputs().isEmpty()) {
        if (i > 0 && !(layer instanceof InputNode)) {
          in.add(i - 1);
        }
      } else {
        for (String reference : layer.inputs()) {
          Integer j = declared.get(reference); // only layers declared before: the graph is acyclic
          if (j == null) {
            resolved = false; // the checker reports it
          } else {
            in.add(j);
          }
        }
      }
      wiring.add(List.copyOf(in));
      readers.add(new ArrayList<>());
      for (int j : in) {
        readers.get(j).add(i);
      }
      List<Shape> inShapes = new ArrayList<>();
      for (int j : in) {
        inShapes.add(usable(out.get(j)));
      }
      Shape shape;
      if (layer instanceof Merge merge) {
        shape = resolved ? merge.mergedShape(inShapes) : null;
      } else if (!resolved) {
        shape = null; // its input is unknown, so what it makes of it is too
      } else {
        shape = layer.outputShape(inShapes.isEmpty() ? null : inShapes.get(0));
      }
      out.add(shape);
      declared.putIfAbsent(layer.name(), i);
    }
    this.shapes = Collections.unmodifiableList(out);
    this.wiring = List.copyOf(wiring);
    this.readers = readers.stream().map(List::copyOf).toList();
  }

  /**
   * A shape its readers can use: null if unknown or if a dimension is not positive (reported at
   * the layer that made it; the layers after it are unknown).
   */
  private static Shape usable(Shape s) {
    return s != null && s.positive() ? s : null;
  }

  /** The Java package of the generated class ({@code ""} for the default package). */
  public String packageName() {
    return packageName;
  }

  /** The network's name. */
  public String name() {
    return name;
  }

  /** The simple name of the generated class. */
  public String generatedName() {
    return generatedName;
  }

  /** The annotated class the generated class extends; empty for {@code .nn} networks. */
  public Optional<TypeRef> superclass() {
    return superclass;
  }

  /** The loss the network trains with. */
  public LossKind loss() {
    return loss;
  }

  /**
   * The names of the classes the outputs stand for ({@code classes}), in output order; empty if
   * none were declared.
   */
  public List<String> classes() {
    return classes;
  }

  /** The names of the outputs ({@code outputs}), in order; empty if none were declared. */
  public List<String> outputNames() {
    return outputNames;
  }

  /** This network with the given class and output names. */
  public Network withOutputNames(List<String> classes, List<String> outputNames) {
    Network n = new Network(packageName, name, generatedName, superclass, loss, layers,
        reservedNames, syntax, origin);
    n.classes = List.copyOf(classes);
    n.outputNames = List.copyOf(outputNames);
    return n;
  }

  /**
   * The Java constant a class or output name becomes: {@code "T-shirt/top"} is
   * {@code T_SHIRT_TOP}; letters and digits are kept (upper case), every run of other characters
   * is one {@code _}, and a name that would not start with a letter gets {@code _} in front.
   */
  public static String constantOf(String label) {
    StringBuilder sb = new StringBuilder();
    boolean gap = false;
    for (int i = 0; i < label.length(); ) {
      int c = label.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetterOrDigit(c) && Character.isJavaIdentifierPart(c)) {
        if (gap && sb.length() > 0) {
          sb.append('_');
        }
        gap = false;
        sb.append(Character.toChars(c));
      } else {
        gap = true;
      }
    }
    String s = sb.toString().toUpperCase(java.util.Locale.ROOT);
    return s.isEmpty() || !Character.isJavaIdentifierStart(s.codePointAt(0)) ? "_" + s : s;
  }

  /** The layers, in declaration order. */
  public List<LayerNode> layers() {
    return layers;
  }

  /** Member names the generated class must not declare (members it inherits). */
  public Set<String> reservedNames() {
    return reservedNames;
  }

  /** The front end, for the spelling of diagnostics. */
  public Syntax syntax() {
    return syntax;
  }

  /** Where the network was declared. */
  public Origin origin() {
    return origin;
  }

  /** The output shape of layer {@code i}; null where it cannot be known (a broken network). */
  public Shape outputShape(int i) {
    return shapes.get(i);
  }

  /**
   * The input shape of layer {@code i} (of its first input, for a merge); null for the input
   * layer, and where it is unknown or broken (a dimension not positive: the layer that made it
   * reports it).
   */
  public Shape inputShape(int i) {
    List<Integer> in = wiring.get(i);
    return in.isEmpty() ? null : usable(shapes.get(in.get(0)));
  }

  /**
   * The indices of the layers layer {@code i} reads, in the order it names them: the layer
   * before it by default, none for the input layer; a name that does not resolve to a layer
   * declared before it is left out (the checker reports it).
   */
  public List<Integer> inputs(int i) {
    return wiring.get(i);
  }

  /** The shapes of the layers layer {@code i} reads, null where unknown or broken. */
  public List<Shape> inputShapes(int i) {
    List<Shape> out = new ArrayList<>();
    for (int j : wiring.get(i)) {
      out.add(usable(shapes.get(j)));
    }
    return out;
  }

  /** The indices of the layers that read layer {@code i}, in declaration order. */
  public List<Integer> readers(int i) {
    return readers.get(i);
  }

  /** The index of the first layer called {@code name}, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether a layer names its inputs (a merge, a {@code from}): then the network is a graph, not
   * a stack, and summaries show what each layer reads.
   */
  public boolean isGraph() {
    return layers.stream().anyMatch(l -> !l.inputs().isEmpty());
  }

  /** The fully qualified name of the generated class. */
  public String qualifiedGeneratedName() {
    return packageName.isEmpty() ? generatedName : packageName + "." + generatedName;
  }

  /** Equal when every part but the origins is, layer for layer (nodes compare their origins). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Network n && packageName.equals(n.packageName) && name.equals(n.name)
        && generatedName.equals(n.generatedName) && superclass.equals(n.superclass)
        && loss == n.loss && classes.equals(n.classes) && outputNames.equals(n.outputNames)
        && layers.equals(n.layers) && reservedNames.equals(n.reservedNames)
        && syntax == n.syntax && origin.equals(n.origin);
  }

  @Override
  public int hashCode() {
    return Objects.hash(packageName, name, generatedName, loss, layers);
  }

  @Override
  public String toString() {
    return "Network[" + qualifiedGeneratedName() + ", " + loss + ", " + layers + "]";
  }

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
