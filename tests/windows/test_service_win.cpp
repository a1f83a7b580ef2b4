// The Windows service's fixed parts, checked with the Windows API itself:
// who may do what (the SDDL strings parsed into ACEs), the service's command
// line, the state names and the default paths. The SCM round trip (install,
// start, stop, reload, uninstall) is tests/windows/service_under_wine.sh.
#include <cstdlib>
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <windows.h>
// after <windows.h>
#include <sddl.h>
#include <winsvc.h>

#include "platform/paths.hpp"
#include "service/service_control.hpp"
#include "service/service_control_win.hpp"

namespace {

// SID string -> access mask of its allow ACE, from an SDDL string.
std::map<std::string, DWORD> allowed(const char* sddl) {
  PSECURITY_DESCRIPTOR sd = nullptr;
  EXPECT_TRUE(ConvertStringSecurityDescriptorToSecurityDescriptorA(sddl, SDDL_REVISION_1, &sd, nullptr)) << sddl;
  std::map<std::string, DWORD> out;
  if (sd == nullptr) return out;
  BOOL present = FALSE;
  BOOL defaulted = FALSE;
  PACL dacl = nullptr;
  EXPECT_TRUE(GetSecurityDescriptorDacl(sd, &present, &dacl, &defaulted));
  EXPECT_TRUE(present && dacl != nullptr);
  for (DWORD i = 0; dacl != nullptr && i < dacl->AceCount; ++i) {
    void* ace = nullptr;
    if (GetAce(dacl, i, &ace) == FALSE) continue;
    auto* header = static_cast<ACE_HEADER*>(ace);
    EXPECT_EQ(header->AceType, ACCESS_ALLOWED_ACE_TYPE) << "only allow entries";
    auto* allow = static_cast<ACCESS_ALLOWED_ACE*>(ace);
    char* sid = nullptr;
    EXPECT_TRUE(ConvertSidToStringSidA(&allow->SidStart, &sid));
    if (sid != nullptr) {
      out[sid] |= allow->Mask;
      LocalFree(sid);
    }
  }
  LocalFree(sd);
  return out;
}

constexpr DWORD kControl = SERVICE_START | SERVICE_STOP | SERVICE_PAUSE_CONTINUE | SERVICE_CHANGE_CONFIG |
                           SERVICE_USER_DEFINED_CONTROL | DELETE | WRITE_DAC | WRITE_OWNER;
constexpr DWORD kQuery =
    SERVICE_QUERY_CONFIG | SERVICE_QUERY_STATUS | SERVICE_ENUMERATE_DEPENDENTS | SERVICE_INTERROGATE | READ_CONTROL;

const char* const kSystem = "S-1-5-18";
const char* const kAdministrators = "S-1-5-32-544";
const char* const kInteractive = "S-1-5-4";
const char* const kAuthenticated = "S-1-5-11";
const char* const kLocalService = "S-1-5-19";
const char* const kUsers = "S-1-5-32-545";

}  // namespace

TEST(ServiceSecurity, OnlySystemAndAdministratorsControlTheService) {
  const auto acl = allowed(risk::service::windows::kServiceSddl);
  ASSERT_EQ(acl.size(), 4u);
  EXPECT_EQ(acl.at(kAdministrators) & kControl, kControl) << "administrators: start, stop, change, delete, reload";
  EXPECT_EQ(acl.at(kSystem) & (SERVICE_START | SERVICE_STOP | SERVICE_USER_DEFINED_CONTROL),
            static_cast<DWORD>(SERVICE_START | SERVICE_STOP | SERVICE_USER_DEFINED_CONTROL));
  for (const char* user : {kInteractive, kAuthenticated}) {
    EXPECT_EQ(acl.at(user), kQuery) << user << ": query and interrogate only (no stop, pause, change or reload)";
  }
}

TEST(ServiceSecurity, ConfigurationReadableByTheServiceNotByUsers) {
  const auto acl = allowed(risk::service::windows::kConfigDirSddl);
  EXPECT_EQ(acl.count(kUsers), 0u);
  EXPECT_EQ(acl.count(kInteractive), 0u);
  constexpr DWORD kWrite =
      FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | FILE_WRITE_ATTRIBUTES | DELETE | WRITE_DAC | WRITE_OWNER;
  EXPECT_EQ(acl.at(kLocalService) & kWrite, 0u) << "read only";
  EXPECT_EQ(acl.at(kLocalService) & FILE_GENERIC_READ, static_cast<DWORD>(FILE_GENERIC_READ));
  EXPECT_EQ(acl.at(kAdministrators), static_cast<DWORD>(FILE_ALL_ACCESS));
}

TEST(ServiceSecurity, DataAndLogsWritableByTheServiceReadableByUsers) {
  const auto acl = allowed(risk::service::windows::kDataDirSddl);
  EXPECT_EQ(acl.at(kLocalService), static_cast<DWORD>(FILE_ALL_ACCESS));
  EXPECT_EQ(acl.at(kUsers), static_cast<DWORD>(FILE_GENERIC_READ));
}

TEST(ServiceCommandLine, QuotesEveryPathAndRunsAsService) {
  risk::service::InstallOptions o;
  o.daemon_path = "C:\\Program Files\\Risk Manager\\risk-daemon.exe";
  o.config_dir = "C:\\ProgramData\\RiskManager\\config";
  o.data_dir = "D:\\risk data";
  o.log_dir = "D:\\risk logs";
  EXPECT_EQ(risk::service::windows::command_line(o),
            L"\"C:\\Program Files\\Risk Manager\\risk-daemon.exe\" --service --config "
            L"\"C:\\ProgramData\\RiskManager\\config\" --data \"D:\\risk data\" --log-dir \"D:\\risk logs\"");
}

TEST(ServiceCommandLine, EmptyDirectoriesDefaultUnderProgramData) {
  const std::string base = risk::platform::program_data_dir();
  ASSERT_FALSE(base.empty());
  EXPECT_EQ(base.substr(base.size() - 12), "\\RiskManager");
  EXPECT_EQ(risk::platform::default_config_dir(), base + "\\config");
  EXPECT_EQ(risk::platform::default_data_dir(), base + "\\data");
  EXPECT_EQ(risk::platform::default_log_dir(), base + "\\logs");
}

TEST(ServiceState, NamesAsScQuerySaysThem) {
  using risk::service::State;
  EXPECT_STREQ(risk::service::state_name(State::Running), "RUNNING");
  EXPECT_STREQ(risk::service::state_name(State::Stopped), "STOPPED");
  EXPECT_STREQ(risk::service::state_name(State::Starting), "START_PENDING");
  EXPECT_STREQ(risk::service::state_name(State::Stopping), "STOP_PENDING");
  EXPECT_STREQ(risk::service::state_name(State::NotInstalled), "NOT_INSTALLED");
  EXPECT_EQ(risk::service::default_service_name(), "RiskManagerDaemon");
}
