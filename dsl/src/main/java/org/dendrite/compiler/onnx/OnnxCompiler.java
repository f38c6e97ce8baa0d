package org.dendrite.compiler.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dendrite.compiler.NetworkCompiler;
import org.dendrite.compiler.diag.Diagnostic;
import org.dendrite.compiler.diag.DiagnosticCollector;
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
   */
  public record Result(JavaFile file, byte[] weights, List<Diagnostic> diagnostics) {}

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
    metadata.put("dendrite.imported_from", Path.of(fileName).getFileName().toString());
    return new Result(output.get().file(), WeightFile.bytes(imported.weights(), metadata),
        diagnostics.diagnostics());
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
