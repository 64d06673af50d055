package org.junit.jupiter.api;

import java.util.Arrays;
import java.util.Objects;

/** The common part of JUnit 5's Assertions, with its messages. */
public final class Assertions {
  private Assertions() {}

  private static void fail(String message) {
    throw new AssertionError(message);
  }

  public static void fail(String message, Object... ignored) {
    throw new AssertionError(message);
  }

  public static void assertTrue(boolean condition) {
    if (!condition) fail("expected: <true> but was: <false>");
  }

  public static void assertTrue(boolean condition, String message) {
    if (!condition) fail(message + " ==> expected: <true> but was: <false>");
  }

  public static void assertFalse(boolean condition) {
    if (condition) fail("expected: <false> but was: <true>");
  }

  public static void assertFalse(boolean condition, String message) {
    if (condition) fail(message + " ==> expected: <false> but was: <true>");
  }

  public static void assertNull(Object actual) {
    if (actual != null) fail("expected: <null> but was: <" + actual + ">");
  }

  public static void assertNotNull(Object actual) {
    if (actual == null) fail("expected: not <null>");
  }

  public static void assertEquals(long expected, long actual) {
    if (expected != actual) fail("expected: <" + expected + "> but was: <" + actual + ">");
  }

  public static void assertEquals(double expected, double actual, double delta) {
    if (Math.abs(expected - actual) > delta) fail("expected: <" + expected + "> but was: <" + actual + ">");
  }

  public static void assertEquals(Object expected, Object actual) {
    if (!Objects.deepEquals(expected, actual)) fail("expected: <" + show(expected) + "> but was: <" + show(actual) + ">");
  }

  public static void assertEquals(Object expected, Object actual, String message) {
    if (!Objects.deepEquals(expected, actual)) fail(message + " ==> expected: <" + show(expected) + "> but was: <" + show(actual) + ">");
  }

  public static void assertArrayEquals(int[] expected, int[] actual) {
    assertEquals((Object) expected, (Object) actual);
  }

  public static void assertArrayEquals(long[] expected, long[] actual) {
    assertEquals((Object) expected, (Object) actual);
  }

  public static void assertArrayEquals(Object[] expected, Object[] actual) {
    assertEquals((Object) expected, (Object) actual);
  }

  public static <T extends Throwable> T assertThrows(Class<T> expected, Executable executable) {
    try {
      executable.execute();
    } catch (Throwable thrown) {
      if (expected.isInstance(thrown)) return expected.cast(thrown);
      fail("Unexpected exception type thrown, expected: <" + expected.getName() + "> but was: <" + thrown.getClass().getName() + ">");
    }
    fail("Expected " + expected.getName() + " to be thrown, but nothing was thrown.");
    return null;
  }

  /** JUnit's Executable: code that may throw. */
  @FunctionalInterface
  public interface Executable {
    void execute() throws Throwable;
  }

  private static String show(Object value) {
    if (value instanceof Object[]) return Arrays.deepToString((Object[]) value);
    if (value instanceof int[]) return Arrays.toString((int[]) value);
    if (value instanceof long[]) return Arrays.toString((long[]) value);
    if (value instanceof double[]) return Arrays.toString((double[]) value);
    if (value instanceof boolean[]) return Arrays.toString((boolean[]) value);
    if (value instanceof char[]) return Arrays.toString((char[]) value);
    return String.valueOf(value);
  }
}
