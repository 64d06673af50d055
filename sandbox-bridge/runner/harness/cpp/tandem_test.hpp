// Tandem's small test harness for C++, shaped like GoogleTest (TEST, EXPECT_EQ,
// ASSERT_EQ…): GoogleTest is not installed offline. Each test prints one JSON
// line when it finishes, like the other languages' harnesses.
#pragma once
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace tandem_test {
struct Case {
  const char* suite;
  const char* name;
  const char* file;
  std::function<void()> body;
};
inline std::vector<Case>& registry() {
  static std::vector<Case> cases;
  return cases;
}
inline std::string& failure() {
  static std::string text;
  return text;
}
struct Fatal {};
struct Register {
  Register(const char* suite, const char* name, const char* file, std::function<void()> body) {
    registry().push_back({suite, name, file, std::move(body)});
  }
};

template <class T>
auto show(std::ostream& out, const T& value, int) -> decltype(out << value, void()) { out << value; }
template <class T>
auto show(std::ostream& out, const T& value, long) -> decltype(value.begin(), void()) {
  out << '[';
  bool first = true;
  for (const auto& item : value) {
    if (!first) out << ", ";
    first = false;
    show(out, item, 0);
  }
  out << ']';
}
template <class T>
void show(std::ostream& out, const T&, ...) { out << "(value)"; }
inline void show(std::ostream& out, const std::string& value, int) { out << '"' << value << '"'; }
inline void show(std::ostream& out, bool value, int) { out << (value ? "true" : "false"); }

template <class A, class B>
bool check_eq(const A& actual, const B& expected, const char* actual_text, const char* expected_text,
              const char* file, int line) {
  if (actual == expected) return true;
  std::ostringstream out;
  out << file << ":" << line << ": " << actual_text << " == " << expected_text << "\n  expected: ";
  show(out, expected, 0);
  out << "\n  actual:   ";
  show(out, actual, 0);
  if (!failure().empty()) failure() += "\n";
  failure() += out.str();
  return false;
}
inline bool check_true(bool value, bool wanted, const char* text, const char* file, int line) {
  if (value == wanted) return true;
  std::ostringstream out;
  out << file << ":" << line << ": expected " << text << " to be " << (wanted ? "true" : "false");
  if (!failure().empty()) failure() += "\n";
  failure() += out.str();
  return false;
}

inline std::string quote(const std::string& s) {
  std::string b = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { b += '\\'; b += (char) c; }
    else if (c < 0x20) { char u[8]; std::snprintf(u, sizeof u, "\\u%04x", c); b += u; }
    else b += (char) c;
  }
  return b + "\"";
}

inline int run_all() {
  std::printf("{\"type\":\"plan\",\"total\":%zu}\n", registry().size());
  std::fflush(stdout);
  for (const Case& test : registry()) {
    failure().clear();
    auto started = std::chrono::steady_clock::now();
    try {
      test.body();
    } catch (const Fatal&) {
    } catch (const std::exception& error) {
      failure() += std::string("threw ") + error.what();
    } catch (...) {
      failure() += "threw an exception that is not a std::exception";
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    std::string name = std::string(test.suite) + "." + test.name;
    std::string line = "\n{\"type\":\"result\",\"name\":" + quote(name) + ",\"file\":" + quote(test.file) +
                       ",\"passed\":" + (failure().empty() ? "true" : "false") + ",\"durationMs\":" + std::to_string(ms) +
                       (failure().empty() ? "" : ",\"error\":" + quote(failure())) + "}\n";
    std::fputs(line.c_str(), stdout);
    std::fflush(stdout);
  }
  return 0;
}
}  // namespace tandem_test

#define TEST(suite, name)                                                                          \
  static void tandem_test_##suite##_##name();                                                      \
  static tandem_test::Register tandem_register_##suite##_##name(#suite, #name, __FILE__,           \
                                                                tandem_test_##suite##_##name);    \
  static void tandem_test_##suite##_##name()

#define EXPECT_EQ(actual, expected) \
  tandem_test::check_eq((actual), (expected), #actual, #expected, __FILE__, __LINE__)
#define ASSERT_EQ(actual, expected) \
  if (!EXPECT_EQ(actual, expected)) throw tandem_test::Fatal()
#define EXPECT_TRUE(value) tandem_test::check_true(static_cast<bool>(value), true, #value, __FILE__, __LINE__)
#define EXPECT_FALSE(value) tandem_test::check_true(static_cast<bool>(value), false, #value, __FILE__, __LINE__)
#define ASSERT_TRUE(value) \
  if (!EXPECT_TRUE(value)) throw tandem_test::Fatal()

int main() { return tandem_test::run_all(); }
