package org.dendrite.compiler.emit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import com.palantir.javapoet.ClassName;
import org.junit.jupiter.api.Test;

/** The compiler names runtime types by string; every such name must exist in the runtime. */
class RuntimeNamesTest {
  @Test
  void everyRuntimeNameResolves() {
    for (ClassName name : RuntimeNames.all()) {
      assertDoesNotThrow(() -> Class.forName(name.reflectionName()),
          () -> name + " is not in the runtime");
    }
  }
}
