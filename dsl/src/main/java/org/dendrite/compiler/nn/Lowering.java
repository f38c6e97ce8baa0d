package org.dendrite.compiler.nn;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.diag.DiagnosticSink;
import org.dendrite.compiler.diag.Message;
import org.dendrite.compiler.diag.Strings;
import org.dendrite.compiler.ir.Attribute;
import org.dendrite.compiler.ir.AttributeType;
import org.dendrite.compiler.ir.Attributes;
import org.dendrite.compiler.ir.LayerKind;
import org.dendrite.compiler.ir.LayerNode;
import org.dendrite.compiler.ir.LossKind;
import org.dendrite.compiler.ir.Names;
import org.dendrite.compiler.ir.Network;
import org.dendrite.compiler.ir.SourcePosition;
import org.dendrite.compiler.ir.Syntax;

/**
 * Turns a parsed file into IR networks: checks every attribute against the {@link Schema} (known,
 * given once, of the right type, required ones present), fills in the annotations' defaults, and
 * gives every node a position with the positions of its attribute values, so that the checker's
 * diagnostics land on {@code units = 0} inside the file. A network with any error here is
 * reported and left out, so that the checker never sees half-read values.
 */
final class Lowering {
  private final String file;
  private final DiagnosticCollector errors;

  Lowering(String file, DiagnosticSink sink) {
    this.file = file;
    this.errors = new DiagnosticCollector(sink);
  }

  /** The error-free networks of {@code tree}, in order. */
  List<Network> lower(Ast.File tree) {
    int before = errors.errors().size();
    String packageName = tree.packageLine().map(this::packageName).orElse("");
    boolean packageOk = errors.errors().size() == before;
    List<Network> out = new ArrayList<>();
    Map<String, Ast.Network> seen = new HashMap<>();
    for (Ast.Network n : tree.networks()) {
      int errorsBefore = errors.errors().size();
      if (!n.headerRead()) {
        // A header the parser did not understand: its name and loss would only be false errors
        // ("needs a loss"); its layers are still checked, each on its own.
        n.layers().forEach(this::layer);
        continue;
      }
      Ast.Network first = seen.putIfAbsent(n.name().text(), n);
      if (first != null) {
        report(n.name(), Message.DUPLICATE_NETWORK, n.name().text(),
            Network.GENERATED_PREFIX + n.name().text(), first.name().text(),
            position(first.keyword()).describe());
      }
      Optional<Network> network = network(packageName, n);
      if (packageOk && n.clean() && errors.errors().size() == errorsBefore
          && network.isPresent()) {
        out.add(network.get());
      }
    }
    return out;
  }

  private String packageName(Ast.Package p) {
    for (Token part : p.parts()) {
      String why = Names.whyNotIdentifier(part.text());
      if (why != null) {
        report(part, Message.INVALID_NAME, part.text(), "package", why);
      }
    }
    return p.name();
  }

  private Optional<Network> network(String packageName, Ast.Network n) {
    String name = n.name().text();
    String why = Names.whyNotIdentifier(name);
    if (why != null) {
      report(n.name(), Message.INVALID_NAME, name, "network", why);
    }
    Set<String> suggested = new java.util.HashSet<>();
    Map<String, Ast.Value> values =
        attributes("network", n.attributes(), Network.ATTRIBUTES, suggested);
    Map<String, SourcePosition> positions = positions(n.name(), values);
    LossKind loss = null;
    if (values.containsKey("loss")) {
      loss = (LossKind) enumValue(Attribute.find(Network.ATTRIBUTES, "loss"), values.get("loss"));
    } else if (!suggested.contains("loss")) {
      report(n.keyword(), Message.MISSING_ATTRIBUTE, "network", name, "a loss",
          "network " + name + "(loss = sparse_categorical_crossentropy)");
    }
    List<String> classes = names(values, "classes");
    List<String> outputs = names(values, "outputs");
    List<LayerNode> layers = new ArrayList<>();
    for (Ast.Layer layer : n.layers()) {
      layer(layer).ifPresent(layers::add);
    }
    if (loss == null || classes == null || outputs == null
        || layers.size() != n.layers().size()) {
      return Optional.empty();
    }
    SourcePosition origin = new SourcePosition(file, n.keyword().line(), n.keyword().column(),
        positions);
    return Optional.of(new Network(packageName, name, Network.GENERATED_PREFIX + name,
        Optional.empty(), loss, layers, Set.of(), Syntax.NN, origin)
        .withOutputNames(classes, outputs));
  }

  /** A network's list of names, empty if absent; null after reporting it unreadable. */
  @SuppressWarnings("unchecked")
  private List<String> names(Map<String, Ast.Value> values, String attribute) {
    Ast.Value v = values.get(attribute);
    return v == null ? List.of()
        : (List<String>) value(Attribute.find(Network.ATTRIBUTES, attribute), v);
  }

  private Optional<LayerNode> layer(Ast.Layer layer) {
    int before = errors.errors().size();
    String kind = layer.kind().text();
    String name = layer.name().text();
    LayerKind layerKind = Schema.LAYERS.get(kind);
    List<Attribute> schema = layerKind.attributes();
    Set<String> suggested = new java.util.HashSet<>();
    Map<String, Ast.Value> values = attributes(kind, layer.attributes(), schema, suggested);
    if (layer.shape().isPresent()) {
      Ast.Value shape = layer.shape().get();
      if (Attribute.find(schema, Attribute.VALUE) == null) {
        report(shape.start(), Message.POSITIONAL_VALUE, kind, name, "input image [28, 28]");
      } else if (values.containsKey(Attribute.VALUE)) {
        report(shape.start(), Message.DUPLICATE_ATTRIBUTE, Attribute.VALUE,
            position(values.get(Attribute.VALUE).start()).describe());
      } else {
        values.put(Attribute.VALUE, shape);
      }
    }
    for (Attribute a : schema) {
      if (a.required() && !values.containsKey(a.name()) && !suggested.contains(a.name())) {
        boolean shape = a.name().equals(Attribute.VALUE);
        report(layer.kind(), Message.MISSING_ATTRIBUTE, kind, name,
            !shape ? a.name() : layerKind == LayerKind.INPUT ? "a shape" : a.type().description(),
            kind + " " + name + (shape ? " " + a.example() : " (" + a.example() + ")"));
      }
    }
    SourcePosition origin = new SourcePosition(file, layer.kind().line(), layer.kind().column(),
        positions(layer.name(), values));
    Map<String, Object> typed = new HashMap<>();
    boolean readable = true;
    for (Map.Entry<String, Ast.Value> e : values.entrySet()) {
      Object value = value(Attribute.find(schema, e.getKey()), e.getValue());
      readable &= value != null; // null: reported here, or by the lexer (a malformed number)
      typed.put(e.getKey(), value);
    }
    if (!readable || errors.errors().size() != before) {
      return Optional.empty();
    }
    return Optional.of(layerKind.create(name, Attributes.of(schema, typed), origin));
  }

  /** The typed value of {@code attribute}, or null after reporting why it cannot be read. */
  private Object value(Attribute attribute, Ast.Value value) {
    return switch (attribute.type()) {
      case INTEGER -> integer(attribute, value);
      case DECIMAL -> decimal(attribute.name(), value);
      case BOOLEAN -> bool(attribute.name(), value);
      case INTEGERS -> integers(attribute, value);
      case STRINGS -> strings(attribute, value);
      case NAME -> layerName(attribute, value);
      case NAMES -> layerNames(attribute, value);
      case ACTIVATION, INIT, LOSS, PADDING -> enumValue(attribute, value);
    };
  }

  /**
   * The attributes by name, in order: unknown names (with a suggestion) and repeated ones are
   * reported and left out. The names suggested go to {@code suggested}: a misspelt required
   * attribute is then not reported a second time as missing.
   */
  private Map<String, Ast.Value> attributes(String owner, List<Ast.Attribute> attributes,
      List<Attribute> schema, Set<String> suggested) {
    List<String> names = schema.stream().map(Attribute::name).toList();
    Map<String, Ast.Value> values = new LinkedHashMap<>();
    Map<String, Token> first = new HashMap<>();
    for (Ast.Attribute a : attributes) {
      String name = a.name().text();
      if (schema.stream().noneMatch(s -> s.name().equals(name))) {
        Optional<String> closest = Strings.closest(name, names);
        closest.ifPresent(suggested::add);
        String hint = closest.map(c -> "did you mean '" + c + "'?")
            .orElse(names.isEmpty() ? "it takes none"
                : "its attributes are " + String.join(", ", names));
        report(a.name(), Message.UNKNOWN_ATTRIBUTE, owner, name, hint);
      } else if (first.containsKey(name)) {
        report(a.name(), Message.DUPLICATE_ATTRIBUTE, name,
            position(first.get(name)).describe());
      } else {
        first.put(name, a.name());
        values.put(name, a.value());
      }
    }
    return values;
  }

  /** The positions of the values, for {@code origin.attribute(name)}, and of the name. */
  private Map<String, SourcePosition> positions(Token name, Map<String, Ast.Value> values) {
    Map<String, SourcePosition> positions = new HashMap<>();
    values.forEach((k, v) -> positions.put(k, position(v.start())));
    positions.putIfAbsent("name", position(name));
    return positions;
  }

  private Integer integer(Attribute attribute, Ast.Value value) {
    if (malformed(value)) {
      return null;
    }
    if (!(value instanceof Ast.Scalar s) || s.token().kind() != Token.Kind.INTEGER) {
      return typeError(attribute.name(), AttributeType.INTEGER, value, attribute.example());
    }
    return parseInt(s.token());
  }

  private Integer parseInt(Token t) {
    try {
      return Integer.parseInt(t.text());
    } catch (NumberFormatException e) {
      report(t, Message.NUMBER_RANGE, t.text(), "an integer is between -2147483648 and"
          + " 2147483647");
      return null;
    }
  }

  private Float decimal(String attribute, Ast.Value value) {
    if (malformed(value)) {
      return null;
    }
    if (!(value instanceof Ast.Scalar s) || (s.token().kind() != Token.Kind.INTEGER
        && s.token().kind() != Token.Kind.DECIMAL)) {
      return typeError(attribute, AttributeType.DECIMAL, value, attribute + " = 0.2");
    }
    float f = Float.parseFloat(s.token().text());
    if (Float.isInfinite(f)) {
      report(s.token(), Message.NUMBER_RANGE, s.token().text(),
          "a 32-bit float is at most 3.4e38 in size");
      return null;
    }
    return f;
  }

  private Boolean bool(String attribute, Ast.Value value) {
    if (malformed(value)) {
      return null;
    }
    if (value instanceof Ast.Scalar s && (s.token().is("true") || s.token().is("false"))) {
      return s.token().is("true");
    }
    if (value instanceof Ast.Scalar s && s.token().kind() == Token.Kind.IDENTIFIER) {
      Optional<String> closest = Strings.closest(s.token().text(), List.of("true", "false"));
      if (closest.isPresent()) { // True, FALSE, ture
        report(s.token(), Message.UNKNOWN_VALUE, s.token().text(), "boolean",
            "did you mean '" + closest.get() + "'?");
        return null;
      }
    }
    return typeError(attribute, AttributeType.BOOLEAN, value, attribute + " = false");
  }

  private List<Integer> integers(Attribute attribute, Ast.Value value) {
    String example = attribute.name().equals(Attribute.VALUE) ? "input image [28, 28]"
        : attribute.example();
    if (!(value instanceof Ast.ListValue list)) {
      return typeError(attribute.name(), AttributeType.INTEGERS, value, example);
    }
    List<Integer> shape = new ArrayList<>();
    for (Token t : list.elements()) {
      if (t.kind() == Token.Kind.MALFORMED) {
        return null;
      }
      if (t.kind() != Token.Kind.INTEGER) {
        return typeError(attribute.name(), AttributeType.INTEGERS, new Ast.Scalar(t), example);
      }
      Integer d = parseInt(t);
      if (d == null) {
        return null;
      }
      shape.add(d);
    }
    return shape;
  }

  private List<String> strings(Attribute attribute, Ast.Value value) {
    if (!(value instanceof Ast.ListValue list)) {
      return typeError(attribute.name(), AttributeType.STRINGS, value, attribute.example());
    }
    List<String> out = new ArrayList<>();
    for (Token t : list.elements()) {
      if (t.kind() == Token.Kind.MALFORMED) {
        return null;
      }
      if (t.kind() != Token.Kind.STRING) {
        return typeError(attribute.name(), AttributeType.STRINGS, new Ast.Scalar(t),
            attribute.example());
      }
      out.add(t.unquoted());
    }
    return out;
  }

  /** A layer's name: a word ({@code from = stem}). */
  private String layerName(Attribute attribute, Ast.Value value) {
    if (malformed(value)) {
      return null;
    }
    if (!(value instanceof Ast.Scalar s) || s.token().kind() != Token.Kind.IDENTIFIER) {
      return typeError(attribute.name(), AttributeType.NAME, value, attribute.example());
    }
    return s.token().text();
  }

  /** Layers' names in brackets ({@code [conv2, stem]}). */
  private List<String> layerNames(Attribute attribute, Ast.Value value) {
    if (!(value instanceof Ast.ListValue list)) {
      return typeError(attribute.name(), AttributeType.NAMES, value, attribute.example());
    }
    List<String> out = new ArrayList<>();
    for (Token t : list.elements()) {
      if (t.kind() == Token.Kind.MALFORMED) {
        return null;
      }
      if (t.kind() != Token.Kind.IDENTIFIER) {
        String hint = t.kind() == Token.Kind.STRING
            ? "[" + t.unquoted() + "] (layer names are written without quotes)"
            : attribute.example();
        return typeError(attribute.name(), AttributeType.NAMES, new Ast.Scalar(t), hint);
      }
      out.add(t.text());
    }
    return out;
  }

  /** The enum constant spelt by the word, or null after reporting it with a suggestion. */
  private Object enumValue(Attribute attribute, Ast.Value value) {
    AttributeType type = attribute.type();
    List<String> constants = Schema.constants(type);
    if (malformed(value)) {
      return null;
    }
    if (!(value instanceof Ast.Scalar s) || s.token().kind() != Token.Kind.IDENTIFIER) {
      return typeError(attribute.name(), type, value, attribute.name() + " = " + constants.get(0));
    }
    String word = s.token().text();
    if (constants.contains(word)) {
      return type.constant(word.toUpperCase(Locale.ROOT));
    }
    String hint = Strings.closest(word, constants).map(c -> "did you mean '" + c + "'?")
        .orElse("use one of " + String.join(", ", constants));
    report(s.token(), Message.UNKNOWN_VALUE, word, type.category(), hint);
    return null;
  }

  /** A number the lexer could not read: it has been reported already. */
  private static boolean malformed(Ast.Value value) {
    return value.start().kind() == Token.Kind.MALFORMED;
  }

  private <T> T typeError(String attribute, AttributeType type, Ast.Value value,
      String example) {
    report(value.start(), Message.ATTRIBUTE_TYPE, attribute, type.description(), describe(value),
        example);
    return null;
  }

  /** How a message names a value: {@code the name 'relu'}, {@code the number 2.5}. */
  private static String describe(Ast.Value value) {
    if (value instanceof Ast.ListValue) {
      return "a list";
    }
    Token t = value.start();
    switch (t.kind()) {
      case INTEGER:
        return "the integer " + t.text();
      case DECIMAL:
        return "the number " + t.text();
      default:
        return "the name '" + t.text() + "'";
    }
  }

  private SourcePosition position(Token t) {
    return SourcePosition.at(file, t.line(), t.column());
  }

  private void report(Token at, Message message, Object... args) {
    errors.report(message.at(position(at), args));
  }
}
