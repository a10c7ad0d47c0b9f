// The output folder's lock, its re-check at commit and the clean-up after killed runs (issue 17 rows 5 and 6), in
// one process: a second open file description conflicts with flock(2) as another process's would. The program's
// side (two processes, signals) is tests/cli/output_folder_contract.py.
#include "../../src/pipeline/output_folder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "rptdose/core/error.hpp"
#include "scratch_folder.hpp"

namespace rptdose::pipeline::detail {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::ThrowsMessage;

using rptdose::testing::ScratchFolder;

void write_text(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

TEST(OutputFolder, ASecondRunOnTheSameFolderIsRefusedNamingTheHolder) {
  ScratchFolder scratch("outdir-lock");
  const fs::path target = scratch.path / "out";
  {
    OutputFolder first(target, false, {});
    const auto in_use = ThrowsMessage<InvalidInput>(AllOf(HasSubstr("is in use by"),
                                                          HasSubstr("(pid " + std::to_string(::getpid()) + " on host "),
                                                          HasSubstr("started 20"), HasSubstr("choose another --out")));
    EXPECT_THAT([&] { OutputFolder second(target, false, {}); }, in_use);
    EXPECT_THAT([&] { OutputFolder second(target, true, {}); }, in_use);  // --force does not break a lock
    // The same folder spelled otherwise is the same folder.
    EXPECT_THAT([&] { OutputFolder second(scratch.path / "." / "out" / "", false, {}); }, in_use);
    write_text(first.path("plots/a.txt"), "a");
    first.commit();
  }
  EXPECT_TRUE(fs::exists(target / "plots" / "a.txt"));
  EXPECT_EQ(scratch.entries(), std::vector<std::string>{"out"});  // no lock file, no partial folder left
  OutputFolder after(target, true, {});                           // free again
  EXPECT_TRUE(after.warnings().empty());
}

TEST(OutputFolder, ATargetFilledDuringTheRunIsNotReplacedWithoutForce) {
  ScratchFolder scratch("outdir-filled");
  const fs::path target = scratch.path / "out";
  {
    OutputFolder out(target, false, {});
    write_text(out.path("summary.json"), "{}");
    write_text(target / "theirs.txt", "another program's file");
    EXPECT_THAT([&] { out.commit(); }, ThrowsMessage<InvalidInput>(HasSubstr("was filled by another program")));
  }
  EXPECT_EQ(scratch.entries(), std::vector<std::string>{"out"});
  EXPECT_TRUE(fs::exists(target / "theirs.txt"));
  EXPECT_FALSE(fs::exists(target / "summary.json"));
}

TEST(OutputFolder, WhatKilledRunsLeftIsRemovedAndReported) {
  ScratchFolder scratch("outdir-stale");
  const fs::path target = scratch.path / "out";
  write_text(target / "earlier.txt", "earlier results");
  write_text(scratch.path / ".out.partial-123" / "dose_Gy.nii.gz", std::string(1000, 'x'));
  write_text(scratch.path / ".out.partial-456.removing" / "vois.csv", "x");
  write_text(scratch.path / ".out.old-789" / "summary.json", "{}");
  write_text(scratch.path / ".outer.partial-1" / "x", "another folder's: not ours");
  OutputFolder out(target, true, {});
  ASSERT_EQ(out.warnings().size(), 3u);
  EXPECT_THAT(out.warnings()[1], AllOf(HasSubstr("removed " + (scratch.path / ".out.partial-123").string()),
                                       HasSubstr("(0.0 MB)"), HasSubstr("killed before it finished")));
  EXPECT_FALSE(fs::exists(scratch.path / ".out.partial-123"));
  EXPECT_FALSE(fs::exists(scratch.path / ".out.partial-456.removing"));
  EXPECT_FALSE(fs::exists(scratch.path / ".out.old-789"));
  EXPECT_TRUE(fs::exists(scratch.path / ".outer.partial-1"));
  EXPECT_TRUE(fs::exists(target / "earlier.txt"));
}

// A run killed between the two renames of its commit leaves no target and the previous results aside: they are
// put back (and, being results, need --force to be replaced).
TEST(OutputFolder, PreviousResultsMovedAsideByAKilledCommitArePutBack) {
  ScratchFolder scratch("outdir-restore");
  const fs::path target = scratch.path / "out";
  write_text(scratch.path / ".out.old-789" / "summary.json", "{\"previous\": true}");
  EXPECT_THAT([&] { OutputFolder out(target, false, {}); }, ThrowsMessage<InvalidInput>(HasSubstr("not empty")));
  EXPECT_TRUE(fs::exists(target / "summary.json"));
  EXPECT_EQ(scratch.entries(), std::vector<std::string>{"out"});
}

TEST(TemporaryPath, IsRemovedUnlessReleased) {
  ScratchFolder scratch("outdir-temporary");
  {
    const TemporaryPath removed(scratch.path / "removed");
    write_text(removed.path() / "a" / "b.txt", "x");
    TemporaryPath kept(scratch.path / "kept");
    write_text(kept.path() / "c.txt", "x");
    kept.release();
  }
  EXPECT_EQ(scratch.entries(), std::vector<std::string>{"kept"});
}

}  // namespace
}  // namespace rptdose::pipeline::detail
