package org.dendrite.compiler.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Modifier;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticCollector;
import org.dendrite.compiler.frozen.FrozenWriter;
import org.dendrite.compiler.onnx.proto.OnnxProto.ModelProto;
import org.dendrite.compiler.plan.Architecture;

/**
 * Compiles an ONNX file into a generated network class and its weights: the file is read with
 * protobuf, mapped onto the IR by {@link OnnxImporter}, and then goes through the same checker and
 * generator as {@code .nn} files. The weights are a safetensors file with the class's architecture
 * in its metadata, so the generated class's {@code load} reads them and checks that they fit.
 */
public final class OnnxCompiler {
  /** The generator named in {@code @Generated} of classes compiled from ONNX files. */
  public static final String GENERATOR = OnnxCompiler.class.getName();

  /** Files above this size are refused before they are read: protobuf's own limit is 2 GB. */
  public static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

  /**
   * A compiled ONNX model.
   *
   * @param file the generated class
   * @param weights the safetensors file of its weights, to be placed beside the class as
   *     {@code <Name>.safetensors}
   * @param diagnostics what the checker reported (warnings; errors throw instead)
   * @param frozen the frozen inference class {@code Frozen<name>}
   * @param frozenWeights its weights resource {@code Frozen<name>.bin}; empty when the class is
   *     unrolled into constants and needs none
   */
  public record Result(JavaFile file, byte[] weights, List<Diagnostic> diagnostics,
      JavaFile frozen, byte[] frozenWeights) {}

  private OnnxCompiler() {}

  /**
   * Compiles {@code onnx} into the class {@code Compiled<name>} of {@code packageName}.
   *
   * @throws OnnxImportException if the file is not a model Dendrite can compile; the message
   *     names the file and, for a node, the node and its operator
   * @throws IOException if the file cannot be read
   */
  public static Result compile(Path onnx, String packageName, String name)
      throws IOException, OnnxImportException {
    String fileName = onnx.toString();
    long size = Files.size(onnx);
    if (size > MAX_FILE_BYTES) {
      throw new OnnxImportException(fileName + " has " + size + " bytes; ONNX files over 2 GB"
          + " keep their weights as external data, which Dendrite does not read");
    }
    ModelProto model;
    try (InputStream in = Files.newInputStream(onnx)) {
      CodedInputStream coded = CodedInputStream.newInstance(in);
      coded.setSizeLimit(Integer.MAX_VALUE);
      model = ModelProto.parseFrom(coded);
    } catch (InvalidProtocolBufferException e) {
      throw new OnnxImportException(fileName + " is not a valid ONNX file: " + e.getMessage(), e);
    }
    return compile(model, fileName, packageName, name);
  }

  /** Compiles an ONNX model already read; {@code fileName} names it in messages. */
  public static Result compile(ModelProto model, String fileName, String packageName,
      String name) throws OnnxImportException {
    return compile(model, fileName, packageName, name, FrozenWriter.UNROLL_LIMIT);
  }

  /**
   * Compiles an ONNX model already read, unrolling the frozen class if it has at most
   * {@code unrollLimit} weights.
   */
  public static Result compile(ModelProto model, String fileName, String packageName,
      String name, int unrollLimit) throws OnnxImportException {
    OnnxImporter.Imported imported =
        OnnxImporter.importModel(model, fileName, packageName, name);
    DiagnosticCollector diagnostics = new DiagnosticCollector();
    Optional<NetworkCompiler.Output> output =
        new NetworkCompiler(GENERATOR).compile(imported.network(), diagnostics);
    if (output.isEmpty()) {
      StringBuilder sb = new StringBuilder(fileName + " maps onto a network Dendrite rejects:");
      for (Diagnostic d : diagnostics.errors()) {
        sb.append("\n  ").append(d.origin().describe()).append(": ").append(d.message());
      }
      throw new OnnxImportException(sb.toString());
    }
    String architecture = Architecture.describe(output.get().plan());
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("dendrite.architecture", architecture);
    metadata.put("dendrite.architecture.sha256", sha256(architecture));
    metadata.put("dendrite.model", name);
    String importedFrom = Path.of(fileName).getFileName().toString();
    metadata.put("dendrite.imported_from", importedFrom);
    Map<String, float[]> values = new LinkedHashMap<>();
    imported.weights().forEach((k, w) -> values.put(k, w.values()));
    JavaFile trainable = withPretrained(output.get().file(), name, importedFrom);
    byte[] weightFile = WeightFile.bytes(imported.weights(), metadata);
    FrozenWriter frozen = new FrozenWriter(imported.network(), values, GENERATOR, unrollLimit);
    return new Result(trainable, weightFile, diagnostics.diagnostics(), frozen.write(),
        frozen.weights());
  }

  /**
   * The network name of an ONNX file's class: the file's name in CamelCase ({@code
   * fashion_cnn.onnx} is {@code FashionCnn}), {@code Model} first if that would not start a Java
   * identifier.
   */
  public static String networkName(String fileName) {
    String base = fileName.endsWith(".onnx")
        ? fileName.substring(0, fileName.length() - ".onnx".length()) : fileName;
    StringBuilder sb = new StringBuilder();
    boolean upper = true;
    for (char c : base.toCharArray()) {
      if (Character.isLetterOrDigit(c)) {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      } else {
        upper = true;
      }
    }
    if (sb.length() == 0 || !Character.isJavaIdentifierStart(sb.charAt(0))) {
      sb.insert(0, "Model");
    }
    return sb.toString();
  }

  /** The name of the weights resource beside the class of network {@code name}. */
  public static String weightsResource(String name) {
    return name + ".safetensors";
  }

  /**
   * The generated class with a static {@code pretrained()} that creates the model with the
   * imported weights, read from the resource beside the class: the trainable class of a model
   * trained elsewhere, ready to predict or to fine-tune.
   */
  private static JavaFile withPretrained(JavaFile file, String name, String source) {
    ClassName type = ClassName.get(file.packageName(), file.typeSpec().name());
    String resource = weightsResource(name);
    MethodSpec pretrained = MethodSpec.methodBuilder("pretrained")
        .addJavadoc("A model with the weights imported from {@code $L}, read from the resource"
            + " {@code $L}\nbeside this class (nnc writes it next to the source; package it"
            + " with the class).\nTrain it further to fine-tune.\n\n"
            + "@throws $T if the resource is missing or does not fit this class\n",
            source, resource, UncheckedIOException.class)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(type)
        .addStatement("$T model = new $T(0L)", type, type)
        .beginControlFlow("try")
        .addStatement("$T.loadResource(model, $T.class, $S)",
            ClassName.get("org.dendrite.runtime", "WeightFiles"), type, resource)
        .nextControlFlow("catch ($T e)", IOException.class)
        .addStatement("throw new $T(e)", UncheckedIOException.class)
        .endControlFlow()
        .addStatement("return model")
        .build();
    return JavaFile.builder(file.packageName(),
            file.typeSpec().toBuilder().addMethod(pretrained).build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
