// io::AtomicOutputFile and io::append_record: an output is complete or absent, a killed writer leaves no
// temporary file, and saving one record at a time costs the record, not the file.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mtp/core/error.hpp"
#include "mtp/io/atomic_output_file.hpp"
#include "mtp/io/record_append.hpp"
#include "support/files.hpp"
#include "support/paths.hpp"

namespace {

namespace fs = std::filesystem;
using mtp::test::read_file;
using mtp::test::scratch_dir;

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

int entries(const std::string& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    (void)e;
    ++n;
  }
  return n;
}

// A child writes 4 MB through an AtomicOutputFile and is killed by SIGKILL before committing: the directory
// holds what it held before (nothing, or the old output unchanged), no temporary file.
TEST(AtomicOutputFile, KilledWriterLeavesNothingBehind) {
  for (const bool existing : {false, true}) {
    const std::string dir = scratch_dir(existing ? "atomic-kill-existing" : "atomic-kill");
    const std::string out = dir + "/out.cfg";
    if (existing) write_text(out, "old contents\n");
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      mtp::io::AtomicOutputFile file(out, /*append=*/existing);
      const std::string chunk(1 << 20, 'x');
      for (int k = 0; k < 4; ++k) file.stream() << chunk;
      file.stream().flush();
      ::raise(SIGKILL);
      std::_Exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status));
    EXPECT_EQ(mtp::test::temporary_files(dir), 0);
    EXPECT_EQ(entries(dir), existing ? 1 : 0);
    if (existing) EXPECT_EQ(read_file(out), "old contents\n");
  }
}

TEST(AtomicOutputFile, CommitReplacesOrAppendsAndAbandonLeavesTheOld) {
  const std::string dir = scratch_dir("atomic-commit");
  const std::string out = dir + "/out.txt";
  {
    mtp::io::AtomicOutputFile f(out);
    f.stream() << "first\n";
    EXPECT_FALSE(fs::exists(out));  // nothing at the final path before the commit
    f.commit();
  }
  EXPECT_EQ(read_file(out), "first\n");
  {
    mtp::io::AtomicOutputFile f(out, /*append=*/true);
    f.stream() << "second\n";
    f.commit();
  }
  EXPECT_EQ(read_file(out), "first\nsecond\n");
  {
    mtp::io::AtomicOutputFile f(out);
    f.stream() << "never committed\n";
  }
  EXPECT_EQ(read_file(out), "first\nsecond\n");
  {
    mtp::io::AtomicOutputFile f(out);
    f.stream() << "replaced\n";
    f.commit();
  }
  EXPECT_EQ(read_file(out), "replaced\n");
  EXPECT_EQ(entries(dir), 1);
  fs::create_directory(dir + "/sub");
  EXPECT_THROW(mtp::io::AtomicOutputFile(dir + "/sub"), mtp::Error);
}

TEST(RecordAppend, AppendsWholeRecordsInPlace) {
  const std::string dir = scratch_dir("record-append");
  const std::string out = dir + "/saved.cfg";
  auto inode = [&] {
    struct stat st {};
    ::stat(out.c_str(), &st);
    return st.st_ino;
  };
  mtp::io::append_record(out, "one\n");
  const auto first = inode();
  mtp::io::append_record(out, "two\n");
  mtp::io::append_record(out, "three\n");
  EXPECT_EQ(read_file(out), "one\ntwo\nthree\n");
  EXPECT_EQ(inode(), first);  // the same file, appended to (not a copy renamed over it)
  EXPECT_EQ(entries(dir), 1);
  EXPECT_THROW(mtp::io::append_record(dir, "x"), mtp::Error);
}

// 2000 appends of a 2 kB record to a growing file: each costs the record, so doubling the count about doubles
// the time (a copy per append would quadruple it). Measured as the ratio of the second 2000 to the first.
TEST(RecordAppend, CostIsLinearInTheNumberOfRecords) {
  const std::string dir = scratch_dir("record-append-linear");
  const std::string out = dir + "/saved.cfg";
  const std::string record(2048, 'r');
  auto time = [&](int n) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < n; ++k) mtp::io::append_record(out, record);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  const double first = time(2000), second = time(2000);
  EXPECT_EQ(fs::file_size(out), 4000u * record.size());
  EXPECT_LT(second, 3.0 * first + 0.05) << "first " << first << " s, second " << second << " s";
}

// A write that comes out short (here: the file size limit, as a full disk would) is taken back: the file keeps
// its previous records and no half record.
TEST(RecordAppend, ShortWriteIsTakenBack) {
  const std::string dir = scratch_dir("record-append-short");
  const std::string out = dir + "/saved.cfg";
  mtp::io::append_record(out, std::string(1000, 'a'));
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{1500, 1500};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    try {
      mtp::io::append_record(out, std::string(1000, 'b'));
    } catch (const mtp::Error&) {
      std::_Exit(3);
    }
    std::_Exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 3);
  EXPECT_EQ(read_file(out), std::string(1000, 'a'));
}

}  // namespace
