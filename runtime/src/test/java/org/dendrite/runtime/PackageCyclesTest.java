package org.dendrite.runtime;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages form layers without cycles: the model contract ({@code
 * org.dendrite.runtime}) below training ({@code train}), callbacks and plots above that, and
 * kernels, optimizers, data and file formats below the contract.
 */
class PackageCyclesTest {
  @Test
  void noPackageCycles() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.dendrite");
    slices().assignedFrom(new ByPackage()).should().beFreeOfCycles().check(classes);
  }

  /** One slice per package, the root package org.dendrite.runtime included. */
  private static final class ByPackage implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      return SliceIdentifier.of(javaClass.getPackageName());
    }

    @Override
    public String getDescription() {
      return "the packages of org.dendrite";
    }
  }
}
