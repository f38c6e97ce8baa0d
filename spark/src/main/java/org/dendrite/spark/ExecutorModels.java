package org.dendrite.spark;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.dendrite.runtime.Model;
import org.dendrite.runtime.Predictor;

/**
 * The models of one executor JVM for scoring: one model per {@link NetworkSnapshot}, built on the
 * first task that needs it and reused by every later task, with a pool of single-thread
 * {@link Predictor}s (one per task running at once, since a predictor serves one caller at a
 * time; Spark already runs one task per core). The last {@value #KEPT} snapshots are kept.
 */
final class ExecutorModels {
  /** Snapshots kept per JVM: a job rarely scores with more models at once. */
  static final int KEPT = 4;

  private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>(16, 0.75f, true);

  private ExecutorModels() {}

  /** A model and its idle predictors. */
  static final class Entry {
    final Model model;
    private final ConcurrentLinkedQueue<Predictor> idle = new ConcurrentLinkedQueue<>();

    Entry(Model model) {
      this.model = model;
    }

    /** An idle predictor, or a new one. */
    Predictor borrow() {
      Predictor p = idle.poll();
      return p != null ? p : new Predictor(model, 1);
    }

    /** Gives a predictor back for the next task. */
    void release(Predictor predictor) {
      idle.add(predictor);
    }

    void close() {
      for (Predictor p; (p = idle.poll()) != null; ) {
        p.close();
      }
    }
  }

  /** The entry of {@code snapshot}, built on first use. */
  static Entry entry(NetworkSnapshot snapshot) {
    synchronized (ENTRIES) {
      Entry e = ENTRIES.get(snapshot.id());
      if (e == null) {
        e = new Entry(snapshot.newModel());
        ENTRIES.put(snapshot.id(), e);
        Iterator<Entry> oldest = ENTRIES.values().iterator();
        while (ENTRIES.size() > KEPT) {
          oldest.next().close();
          oldest.remove();
        }
      }
      return e;
    }
  }

  /** The number of models built in this JVM and still kept (for tests). */
  static int size() {
    synchronized (ENTRIES) {
      return ENTRIES.size();
    }
  }
}
