package org.dendrite.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Source snippets and compilation for the processor tests. */
final class Sources {
  private Sources() {}

  static final String IMPORTS = String.join("\n",
      "import org.dendrite.annotation.*;",
      "import org.dendrite.runtime.Layer;",
      "");

  /** A source file {@code test.<name>} with the imports and {@code body}. */
  static JavaFileObject source(String name, String... lines) {
    return JavaFileObjects.forSourceString("test." + name,
        "package test;\n" + IMPORTS + String.join("\n", lines) + "\n");
  }

  /** A network class {@code test.<name>} with the given loss and field lines. */
  static JavaFileObject network(String name, String loss, String... fields) {
    String[] lines = new String[fields.length + 2];
    lines[0] = "@Network(loss = Loss." + loss + ")";
    lines[1] = "abstract class " + name + " {";
    System.arraycopy(fields, 0, lines, 2, fields.length);
    String[] all = java.util.Arrays.copyOf(lines, lines.length + 1);
    all[lines.length] = "}";
    return source(name, all);
  }

  static Compilation compile(JavaFileObject... files) {
    return javac().withProcessors(new DendriteProcessor()).compile(files);
  }

  /**
   * The classes the processor writes through the Filer, even when javac then fails (which
   * compile-testing does not show).
   */
  static java.util.List<String> sourcesWritten(JavaFileObject... files) {
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    java.util.List<String> written = new java.util.ArrayList<>();
    javax.tools.StandardJavaFileManager standard = javac.getStandardFileManager(null, null, null);
    javax.tools.JavaFileManager recording =
        new javax.tools.ForwardingJavaFileManager<javax.tools.JavaFileManager>(standard) {
          @Override
          public javax.tools.FileObject getFileForOutput(Location location, String packageName,
              String relativeName, javax.tools.FileObject sibling) {
            // Resources (the diagrams) go nowhere: this run only records sources.
            return new javax.tools.SimpleJavaFileObject(java.net.URI.create("mem:///"
                + packageName.replace('.', '/') + "/" + relativeName),
                JavaFileObject.Kind.OTHER) {
              @Override
              public java.io.OutputStream openOutputStream() {
                return java.io.OutputStream.nullOutputStream();
              }
            };
          }

          @Override
          public JavaFileObject getJavaFileForOutput(Location location, String className,
              JavaFileObject.Kind kind, javax.tools.FileObject sibling) {
            if (kind == JavaFileObject.Kind.SOURCE) {
              written.add(className);
            }
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            return new javax.tools.SimpleJavaFileObject(
                java.net.URI.create("mem:///" + className.replace('.', '/') + kind.extension),
                kind) {
              @Override
              public java.io.OutputStream openOutputStream() {
                return bytes;
              }

              @Override
              public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
              }
            };
          }
        };
    javax.tools.JavaCompiler.CompilationTask task = javac.getTask(java.io.Writer.nullWriter(),
        recording, d -> {}, java.util.List.of("-proc:only"), null, java.util.List.of(files));
    task.setProcessors(java.util.List.of(new DendriteProcessor()));
    task.call();
    return written;
  }

  static Compilation compile(Iterable<String> options, JavaFileObject... files) {
    return javac().withProcessors(new DendriteProcessor()).withOptions(options).compile(files);
  }
}
