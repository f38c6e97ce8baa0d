package org.dendrite.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.dendrite.runtime.callback.ModelCheckpoint;
import org.dendrite.runtime.data.Dataset;
import org.dendrite.runtime.data.FashionMnist;
import org.dendrite.runtime.optim.Adam;
import org.dendrite.runtime.train.History;
import org.dendrite.runtime.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training resumed from a checkpoint equals uninterrupted training bit for bit: dropout masks,
 * shuffles and the optimizer's state all come back.
 */
class ResumeTest {
  static Trainer trainer(CompiledDropoutMlp model, ModelCheckpoint checkpoint) {
    Trainer.Builder b = Trainer.builder(model).optimizer(new Adam(2e-3f)).epochs(3)
        .batchSize(32).seed(11).threads(2);
    if (checkpoint != null) {
      b.callback(checkpoint);
    }
    return b.build();
  }

  @Test
  void resumedTrainingIsBitIdenticalToUninterrupted(@TempDir Path dir) throws IOException {
    Dataset data = FashionMnist.load().train().slice(0, 2000);
    CompiledDropoutMlp straight = new CompiledDropoutMlp(5);
    History full = trainer(straight, null).fit(data);

    // Interrupted: the first epoch, with a checkpoint after every epoch, then a crash.
    CompiledDropoutMlp first = new CompiledDropoutMlp(5);
    Path file = dir.resolve("epoch-{epoch}.safetensors");
    Trainer.builder(first).optimizer(new Adam(2e-3f)).epochs(1).batchSize(32).seed(11)
        .threads(2).callback(new ModelCheckpoint(file)).build().fit(data);

    // A new process would construct everything anew: same seed, fresh optimizer.
    CompiledDropoutMlp resumed = new CompiledDropoutMlp(5);
    History rest = trainer(resumed, null).resume(dir.resolve("epoch-1.safetensors"), data, null);
    assertEquals(2, rest.epochs().size());
    assertEquals(full.epochs().get(2).loss(), rest.epochs().get(1).loss());
    assertArrayEquals(straight.parameters(), resumed.parameters(),
        "weights after 3 epochs, straight vs resumed after epoch 1");
  }
}
