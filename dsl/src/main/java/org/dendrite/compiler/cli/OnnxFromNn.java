package org.dendrite.compiler.cli;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.dendrite.compiler.emit.RuntimeNames;

/**
 * {@code nnc --onnx OUT.onnx --weights W.safetensors NET.nn}: a network declared in a {@code .nn}
 * file, with trained weights, as an ONNX file. The network's class is generated, compiled with
 * the JDK's javac into a temporary folder and loaded; the runtime reads the weights into it
 * ({@code Model.loadWeights}, which checks that they fit the architecture) and writes the file
 * ({@code OnnxExport.write}): exactly what {@code predict} computes, written by the one exporter.
 *
 * <p>The compiler does not depend on the runtime (DESIGN.md): the runtime's types are named by
 * string and loaded from the class path, so this command needs {@code dendrite-runtime} on it
 * ({@code java -cp nnc.jar:dendrite-runtime.jar org.dendrite.compiler.cli.Nnc --onnx …}) and a
 * JDK, not a JRE; without either it says so.
 */
final class OnnxFromNn {
  /** The runtime's exporter, named by string as generated code names runtime types. */
  static final String ONNX_EXPORT = "org.dendrite.runtime.onnx.OnnxExport";

  private OnnxFromNn() {}

  /** Why an export could not be done: the message for {@code nnc: error: …}. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  /**
   * Compiles {@code network}'s generated class, loads {@code weights} into it and writes it to
   * {@code onnx}.
   *
   * @throws Failure if the runtime or javac is missing, the class does not compile, the weights
   *     do not fit or cannot be read, or the file cannot be written
   */
  static void export(JavaFile network, Path weights, Path onnx) throws Failure {
    ClassLoader parent = OnnxFromNn.class.getClassLoader();
    Class<?> model;
    Class<?> exporter;
    try {
      model = Class.forName(RuntimeNames.MODEL.canonicalName(), false, parent);
      exporter = Class.forName(ONNX_EXPORT, true, parent);
    } catch (ClassNotFoundException e) {
      throw new Failure("--onnx needs the Dendrite runtime on the class path: run java -cp"
          + " nnc.jar:dendrite-runtime.jar org.dendrite.compiler.cli.Nnc --onnx …");
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new Failure("--onnx compiles the network's class and needs a JDK's java, not a"
          + " JRE's");
    }
    Path temp = null;
    try {
      temp = Files.createTempDirectory("nnc-onnx");
      Path sources = temp.resolve("src");
      Path classes = temp.resolve("classes");
      Files.createDirectories(sources); // JavaPoet creates package folders, not the root
      network.writeTo(sources);
      String name = network.packageName().isEmpty() ? network.typeSpec().name()
          : network.packageName() + "." + network.typeSpec().name();
      Path source = sources.resolve(name.replace('.', '/') + ".java");
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      int status = javac.run(null, log, log, "-d", classes.toString(), "-proc:none", "-cp",
          System.getProperty("java.class.path"), source.toString());
      if (status != 0) {
        throw new Failure("the generated class " + name + " does not compile with the runtime on"
            + " the class path (is it the same version as nnc?):\n"
            + log.toString(StandardCharsets.UTF_8));
      }
      try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
          parent)) {
        Object instance = loader.loadClass(name).getConstructor(long.class).newInstance(0L);
        model.getMethod("loadWeights", Path.class).invoke(instance, weights);
        exporter.getMethod("write", model, Path.class).invoke(null, instance, onnx);
      }
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new Failure(cause instanceof IOException || cause instanceof IllegalArgumentException
          ? cause.getMessage() : String.valueOf(cause));
    } catch (IOException | ReflectiveOperationException e) {
      throw new Failure("cannot compile and load the network's class: " + e);
    } finally {
      delete(temp);
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary folder left behind is not worth failing the export for.
    }
  }
}
