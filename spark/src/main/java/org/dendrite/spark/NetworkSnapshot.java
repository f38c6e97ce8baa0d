package org.dendrite.spark;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Objects;
import java.util.UUID;
import org.dendrite.annotation.Loss;
import org.dendrite.runtime.Model;

/**
 * A generated network's class and a copy of its weights, as Spark ships them to executors: the
 * class name (the class must be on the executors' class path, in the application jar), the seed
 * (which keys dropout masks) and the parameters and state. Each snapshot has an id of its own, so
 * that an executor JVM builds the model of a snapshot once and reuses it across tasks.
 */
public final class NetworkSnapshot implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String className;
  private final String name;
  private final Loss loss;
  private final int inputSize;
  private final int outputSize;
  private final long seed;
  private final float[] parameters;
  private final float[] state;
  private final String id;

  private NetworkSnapshot(Model model, float[] parameters, float[] state) {
    this.className = model.getClass().getName();
    this.name = model.name();
    this.loss = model.loss();
    this.inputSize = model.inputSize();
    this.outputSize = model.outputSize();
    this.seed = model.seed();
    this.parameters = parameters;
    this.state = state;
    this.id = UUID.randomUUID().toString();
  }

  /** Copies {@code model}'s class, seed, parameters and state. */
  public static NetworkSnapshot of(Model model) {
    Objects.requireNonNull(model, "model");
    return new NetworkSnapshot(model, model.parameters().clone(), model.state().clone());
  }

  /** The network's name. */
  public String name() {
    return name;
  }

  /** The network's loss. */
  public Loss loss() {
    return loss;
  }

  /** Values per input sample. */
  public int inputSize() {
    return inputSize;
  }

  /** Values per output sample. */
  public int outputSize() {
    return outputSize;
  }

  /** The generated class's binary name. */
  public String className() {
    return className;
  }

  /** The model's seed. */
  public long seed() {
    return seed;
  }

  /** This snapshot's id, unique per snapshot taken. */
  public String id() {
    return id;
  }

  /** The number of parameters. */
  public int parameterCount() {
    return parameters.length;
  }

  /**
   * A new instance of the class, seeded as the snapshot's model, holding the snapshot's weights.
   *
   * @throws IllegalStateException if the class cannot be found or instantiated (the message says
   *     why), or its sizes differ from the snapshot's
   */
  public Model newModel() {
    Model model = instantiate(className, seed);
    copyInto(model);
    return model;
  }

  /**
   * Overwrites {@code model}'s parameters and state with the snapshot's.
   *
   * @throws IllegalStateException if the sizes differ
   */
  public void copyInto(Model model) {
    float[] p = model.parameters();
    float[] s = model.state();
    if (p.length != parameters.length || s.length != state.length) {
      throw new IllegalStateException(model.name() + " has " + p.length + " parameters and "
          + s.length + " state values; the snapshot of " + className + " holds "
          + parameters.length + " and " + state.length);
    }
    System.arraycopy(parameters, 0, p, 0, p.length);
    System.arraycopy(state, 0, s, 0, s.length);
  }

  /**
   * A new instance of the generated class {@code className}, through its {@code (long seed)}
   * constructor, loaded by the thread's context class loader (Spark's, with the application jar).
   */
  static Model instantiate(String className, long seed) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = NetworkSnapshot.class.getClassLoader();
    }
    try {
      Class<?> type = Class.forName(className, true, loader);
      if (!Model.class.isAssignableFrom(type)) {
        throw new IllegalStateException(className + " does not implement " + Model.class.getName());
      }
      Constructor<?> c = type.getDeclaredConstructor(long.class);
      c.setAccessible(true);
      return (Model) c.newInstance(seed);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the network class " + className + " is not on this JVM's"
          + " class path; ship it in the application jar (spark-submit's jar or --jars)", e);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(className + " has no (long seed) constructor; is it a"
          + " class Dendrite generated?", e);
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalStateException("cannot instantiate " + className + ": " + e, e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the constructor of " + className + " failed: "
          + e.getCause(), e.getCause());
    }
  }
}
