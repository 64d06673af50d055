package tandem;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs the @Test methods of the classes named on the command line, in source
 * order where the class file keeps it (by name otherwise), and prints one JSON
 * line per finished test — the same records as the Node and Python harnesses.
 */
public final class Runner {
  public static void main(String[] classNames) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    // The tests' own prints go to stderr: stdout carries records only.
    System.setOut(System.err);
    List<Method> tests = new ArrayList<>();
    List<Class<?>> classes = new ArrayList<>();
    for (String name : classNames) {
      Class<?> type = Class.forName(name);
      Method[] methods = type.getDeclaredMethods();
      Arrays.sort(methods, Comparator.comparing(Method::getName));
      for (Method method : methods) {
        if (method.isAnnotationPresent(Test.class)) {
          tests.add(method);
          classes.add(type);
        }
      }
    }
    out.println("{\"type\":\"plan\",\"total\":" + tests.size() + "}");
    for (int i = 0; i < tests.size(); i++) {
      Method method = tests.get(i);
      Class<?> type = classes.get(i);
      DisplayName display = method.getAnnotation(DisplayName.class);
      String name = display != null ? display.value() : method.getName();
      long started = System.nanoTime();
      String error = null;
      try {
        method.setAccessible(true);
        Object instance = Modifier.isStatic(method.getModifiers()) ? null : construct(type);
        method.invoke(instance);
      } catch (InvocationTargetException thrown) {
        error = describe(thrown.getCause());
      } catch (Throwable thrown) {
        error = describe(thrown);
      }
      double ms = (System.nanoTime() - started) / 1e6;
      out.println("{\"type\":\"result\",\"name\":" + quote(name) + ",\"file\":" + quote(type.getName() + ".java")
          + ",\"passed\":" + (error == null) + ",\"durationMs\":" + ms
          + (error == null ? "" : ",\"error\":" + quote(error)) + "}");
    }
    out.flush();
    System.exit(0);
  }

  private static Object construct(Class<?> type) throws Exception {
    var constructor = type.getDeclaredConstructor();
    constructor.setAccessible(true);
    return constructor.newInstance();
  }

  private static String describe(Throwable thrown) {
    if (thrown instanceof AssertionError && thrown.getMessage() != null) return thrown.getMessage();
    StringBuilder text = new StringBuilder(thrown.toString());
    for (StackTraceElement frame : thrown.getStackTrace()) {
      if (frame.getClassName().startsWith("tandem.") || frame.getClassName().startsWith("java.") || frame.getClassName().startsWith("jdk.")) continue;
      text.append("\n    at ").append(frame);
      if (text.length() > 800) break;
    }
    return text.toString();
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }
}
