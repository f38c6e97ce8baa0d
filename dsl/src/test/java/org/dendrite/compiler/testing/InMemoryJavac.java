package org.dendrite.compiler.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources in memory against the test class path (which holds the runtime) and loads
 * the classes, so that tests can run what the code generator writes.
 */
public final class InMemoryJavac {
  private InMemoryJavac() {}

  /**
   * Compiles {@code sources} (qualified class name → source text) with {@code --release 17} and
   * {@code -Xlint:all -Werror}, so that a warning in generated code fails the test.
   *
   * @throws AssertionError with javac's diagnostics if compilation fails
   */
  public static ClassLoader compile(Map<String, String> sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
    Map<String, ByteArrayOutputStream> classes = new HashMap<>();
    JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(
          Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
        return new SimpleJavaFileObject(
            URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            classes.put(className, out);
            return out;
          }
        };
      }
    };
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(
        URI.create("string:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return text;
      }
    }));
    List<String> options = List.of("--release", "17", "-proc:none", "-Xlint:all", "-Werror",
        "-classpath", System.getProperty("java.class.path"));
    boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
    if (!ok) {
      StringBuilder msg = new StringBuilder("javac failed:\n");
      diagnostics.getDiagnostics().forEach(d -> msg.append(d).append('\n'));
      throw new AssertionError(msg);
    }
    Map<String, byte[]> bytes = new HashMap<>();
    classes.forEach((k, v) -> bytes.put(k, v.toByteArray()));
    return new ClassLoader(InMemoryJavac.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = bytes.get(name);
        if (b == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
      }
    };
  }
}
