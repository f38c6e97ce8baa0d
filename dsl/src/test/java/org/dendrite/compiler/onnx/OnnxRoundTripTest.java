package org.dendrite.compiler.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.dendrite.compiler.onnx.proto.OnnxProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.AttributeProto;
import org.dendrite.compiler.onnx.proto.OnnxProto.NodeProto;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.onnx.OnnxExport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export then import: a file {@link OnnxExport} wrote (channels-last input, transposed to
 * channels-first around the convolutions and back before the Flatten) imports into a class with
 * the same parameters that predicts what the exported network does, within 1e-5, and takes the
 * same channels-last samples; a Transpose of another permutation is refused, naming it.
 */
class OnnxRoundTripTest {
  @TempDir
  Path dir;

  @Test
  void convnetRoundTrips() throws Exception {
    Model model = OnnxExportTest.randomized(OnnxExportTest.golden("KerasConvnet"), 31);
    Model again = roundTrip(model, "KerasConvnet");
    assertEquals("network KerasConvnetAgain\n"
        + "input input 28x28x1\n"
        + "conv2d conv1 28x28x1->26x26x32 3x3/1x1 valid relu bias\n"
        + "maxpool2d maxpool1 26x26x32->13x13x32 2x2/2x2 valid\n"
        + "conv2d conv2 13x13x32->11x11x64 3x3/1x1 valid relu bias\n"
        + "maxpool2d maxpool2 11x11x64->5x5x64 2x2/2x2 valid\n"
        + "flatten flatten1 1600\n"
        + "dense dense1 1600->10 softmax bias", again.architecture());
    assertSamePredictions(model, again, 12, 32);
  }

  @Test
  void severalChannelsStridesSamePaddingAndBatchNormRoundTrip() throws Exception {
    // Three input channels: a Flatten of channels-first values would need its Dense rows
    // reordered; after the Transpose back it must not.
    Model model = OnnxExportTest.randomized(OnnxExportTest.golden("ImageBlocks"), 33);
    assertSamePredictions(model, roundTrip(model, "ImageBlocks"), 17, 34);
  }

  @Test
  void explicitPadsRoundTrip() throws Exception {
    Model model = OnnxExportTest.randomized(OnnxExportTest.golden("Pads"), 39);
    Model again = roundTrip(model, "Pads");
    assertEquals("network PadsAgain\n"
        + "input input 12x11x2\n"
        + "conv2d conv1 12x11x2->6x6x4 3x3/2x2 pads=1,1,1,1 relu bias\n"
        + "conv2d conv2 6x6x4->4x4x6 5x5/1x1 pads=1,1,1,1 tanh bias\n"
        + "avgpool2d avgpool1 4x4x6->4x4x6 2x2/1x1 pads=0,1,1,0\n"
        + "maxpool2d maxpool1 4x4x6->3x2x6 3x3/2x2 pads=1,2,0,1\n"
        + "flatten flatten1 36\n"
        + "dense dense1 36->4 softmax bias", again.architecture());
    assertSamePredictions(model, again, 11, 40);
  }

  @Test
  void residualGraphRoundTrips() throws Exception {
    Model model = OnnxExportTest.randomized(OnnxExportTest.golden("Residual"), 35);
    assertSamePredictions(model, roundTrip(model, "Residual"), 9, 36);
  }

  @Test
  void aTransposeOfAnotherPermutationIsRefused() throws Exception {
    Model model = OnnxExportTest.randomized(OnnxExportTest.golden("KerasConvnet"), 37);
    OnnxProto.ModelProto file = OnnxProto.ModelProto.parseFrom(OnnxExport.toBytes(model));
    OnnxProto.GraphProto.Builder graph = file.getGraph().toBuilder();
    NodeProto transpose = graph.getNode(0);
    assertEquals("Transpose", transpose.getOpType());
    graph.setNode(0, transpose.toBuilder().clearAttribute().addAttribute(AttributeProto
        .newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS)
        .addAllInts(List.of(0L, 1L, 3L, 2L))).build());
    OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxCompiler.compile(
        file.toBuilder().setGraph(graph).build(), "swapped.onnx", "p", "Swapped"));
    assertTrue(e.getMessage().contains("(Transpose) permutes [batch, 28, 28, 1] by [0, 1, 3, 2];"
        + " Dendrite imports Transpose only between images: [0, 3, 1, 2] of a channels-last"
        + " [batch, H, W, C] and [0, 2, 3, 1] of a channels-first [batch, C, H, W]"),
        e.getMessage());
  }

  /** {@code model} exported to a file, and that file imported as {@code <name>Again}. */
  private Model roundTrip(Model model, String name) throws Exception {
    Path file = dir.resolve(name + ".onnx");
    OnnxExport.write(model, file);
    Model again = OnnxImportTest.imported(dir, file, name + "Again");
    assertEquals(model.inputSize(), again.inputSize());
    assertEquals(model.outputSize(), again.outputSize());
    assertEquals(model.parameterCount(), again.parameterCount());
    assertTrue(Files.size(file) > 4L * model.parameterCount());
    return again;
  }

  private static void assertSamePredictions(Model model, Model again, int count, long seed) {
    float[] inputs = OnnxExportTest.random(new SplittableRandom(seed),
        count * model.inputSize(), 1f);
    float[] expected = OnnxExportTest.predict(model, inputs, count);
    float[] actual = OnnxExportTest.predict(again, inputs, count);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], OnnxExportTest.TOLERANCE
          * Math.max(1f, Math.abs(expected[i])), model.name() + " output " + i);
    }
  }
}
