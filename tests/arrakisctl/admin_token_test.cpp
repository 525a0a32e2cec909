// The admin token file: created once with mode 0600, never through a symbolic link.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "control/admin_token.hpp"

namespace fs = std::filesystem;
using arrakis::worker::load_or_create_admin_token;

namespace {

class AdminToken : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("arrakis-admin-token-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(AdminToken, CreatedOnceWithMode0600AndReadBackUnchanged) {
  const auto path = (dir_ / "sub" / "admin.token").string();
  const auto token = load_or_create_admin_token(path);
  EXPECT_EQ(token.size(), 64u);
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(load_or_create_admin_token(path), token);
}

TEST_F(AdminToken, ASymlinkAtThePathIsRefusedAndItsTargetUntouched) {
  const auto target = dir_ / "elsewhere";
  const auto path = dir_ / "admin.token";
  fs::create_symlink(target, path);  // dangling: a plain create would write the token to `target`
  try {
    load_or_create_admin_token(path.string());
    FAIL() << "a token file behind a symlink was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("symbolic link"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(target)) << "nothing may be written through the link";
}

TEST_F(AdminToken, AFileOthersCanReadIsRefused) {
  const auto path = dir_ / "admin.token";
  std::ofstream(path) << "0123456789abcdef0123\n";
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
  EXPECT_THROW(load_or_create_admin_token(path.string()), std::runtime_error);
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(load_or_create_admin_token(path.string()), "0123456789abcdef0123");
}

}  // namespace
